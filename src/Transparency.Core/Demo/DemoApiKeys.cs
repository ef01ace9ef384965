using Transparency.Core.ApiClients;

namespace Transparency.Core.Demo;

/// <summary>
/// One API key per scope for the development demo, published in the README so the API can be tried
/// at once. Created only with demo data outside Production; never use them anywhere else.
/// </summary>
public static class DemoApiKeys
{
    public const string CaptureName = "demo-capture-pipeline";
    public const string CaptureKey = "tr_demo_capture_0000000000000000000000000000";
    public const string TrainingName = "demo-training-pipeline";
    public const string TrainingKey = "tr_demo_training_000000000000000000000000000";

    internal static async Task CreateAsync(ApiClientService clients, CancellationToken ct)
    {
        await clients.CreateWithKeyAsync(CaptureName, [ApiScopes.CaptureWrite], CaptureKey, ct);
        await clients.CreateWithKeyAsync(TrainingName, [ApiScopes.TrainingRead], TrainingKey, ct);
    }
}
