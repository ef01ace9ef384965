namespace Transparency.Core.ApiClients;

/// <summary>What a service may do with its key. A key carries one or more scopes.</summary>
public static class ApiScopes
{
    /// <summary>The capture pipeline: write capture records through the ingestion API.</summary>
    public const string CaptureWrite = "capture:write";

    /// <summary>The training pipeline: read training-eligible records and the revocation feed.</summary>
    public const string TrainingRead = "training:read";

    public static IReadOnlyList<string> All { get; } = [CaptureWrite, TrainingRead];
}
