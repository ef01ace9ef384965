namespace Transparency.Core.EventStore;

/// <summary>A service that calls the ingestion or export API. Only a hash of its key is stored.</summary>
public sealed class ApiClient
{
    public Guid Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The key's first characters, shown to operators so a key can be recognised without storing it.</summary>
    public required string KeyPrefix { get; set; }

    /// <summary>SHA-256 of the whole key, hex.</summary>
    public required string KeyHash { get; set; }

    /// <summary>Space-separated scopes, e.g. <c>capture:write training:read</c>.</summary>
    public required string Scopes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
