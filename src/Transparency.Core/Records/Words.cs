using Transparency.Core.EventStore;

namespace Transparency.Core.Records;

/// <summary>The readable names of domain values, shared by the UI, CSV headers and PDFs.</summary>
public static class Words
{
    public static string Of(CaptureKind kind) => kind switch
    {
        CaptureKind.PointerTrajectory => "Pointer paths",
        CaptureKind.Click => "Clicks",
        CaptureKind.Keystrokes => "Keystrokes",
        CaptureKind.ScreenSnapshot => "Screen snapshots",
        CaptureKind.AppFocus => "App and site focus",
        _ => kind.ToString(),
    };

    public static string Of(Purposes purpose) => purpose switch
    {
        Purposes.OperationalTelemetry => "Operational telemetry",
        Purposes.Product => "Product",
        Purposes.ModelTraining => "Model training",
        _ => string.Join(", ", purpose.Each().Select(Of)),
    };

    public static string Of(SensitivityTags tag) => tag switch
    {
        SensitivityTags.PasswordField => "password field",
        SensitivityTags.Banking => "banking",
        SensitivityTags.Health => "health",
        SensitivityTags.WorksCouncil => "works council",
        _ => string.Join(", ", tag.Each().Select(Of)),
    };
}
