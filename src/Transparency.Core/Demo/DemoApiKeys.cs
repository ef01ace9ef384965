using Transparency.Core.ApiClients;

namespace Transparency.Core.Demo;

/// <summary>
/// One API key per scope for the development demo, published in the README so the API can be tried
/// at once. Created only with demo data in Development with the development sign-in; a Production store in which one is
/// still active does not start.
/// </summary>
public static class DemoApiKeys
{
    public const string CaptureName = "demo-capture-pipeline";
    public const string CaptureKey = "tr_demo_capture_0000000000000000000000000000";
    public const string TrainingName = "demo-training-pipeline";
    public const string TrainingKey = "tr_demo_training_000000000000000000000000000";

    /// <summary>The names of the demo clients whose published key still opens the API in this store.</summary>
    public static async Task<IReadOnlyList<string>> ActiveAsync(ApiClientService clients, CancellationToken ct = default)
    {
        var active = new List<string>();
        foreach (var key in (string[])[CaptureKey, TrainingKey])
            if (await clients.AuthenticateAsync(key, ct) is { } client)
                active.Add(client.Name);
        return active;
    }

    internal static async Task CreateAsync(ApiClientService clients, CancellationToken ct)
    {
        await clients.CreateWithKeyAsync(CaptureName, [ApiScopes.CaptureWrite], CaptureKey, ct);
        await clients.CreateWithKeyAsync(TrainingName, [ApiScopes.TrainingRead], TrainingKey, ct);
    }
}
