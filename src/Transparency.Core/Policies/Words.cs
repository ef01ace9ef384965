using Transparency.Core.EventStore;

namespace Transparency.Core.Policies;

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

    public static string Of(AccessChannel channel) => channel switch
    {
        AccessChannel.HrDisclosureDownload => "HR disclosure download",
        AccessChannel.PrivacyOfficerReview => "Privacy officer review",
        AccessChannel.TrainingExport => "Training export",
        AccessChannel.OrganisationDisclosure => "Organisation-wide disclosure",
        _ => channel.ToString(),
    };

    public static string Of(ActorRole role) => role switch
    {
        ActorRole.Employee => "Employee",
        ActorRole.PrivacyOfficer => "Privacy officer",
        ActorRole.HR => "HR",
        ActorRole.WorksCouncil => "Works council",
        ActorRole.Service => "Service",
        ActorRole.System => "System",
        _ => role.ToString(),
    };

    public static string Of(FlagCategory category) => category switch
    {
        FlagCategory.WrongPerson => "wrong person",
        FlagCategory.PrivateContent => "private content",
        FlagCategory.Sensitive => "sensitive",
        FlagCategory.Other => "other",
        _ => category.ToString(),
    };

    /// <summary>The words with their first letter upper case, for a label or the start of a sentence.</summary>
    public static string Capitalised(string words) => words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
}
