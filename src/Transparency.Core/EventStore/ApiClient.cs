namespace Transparency.Core.EventStore;

/// <summary>
/// A service that calls the ingestion or export API: with an API key (only its hash is stored), or with
/// Entra access tokens of one client application (registered on its first call, so export batches and
/// rate limits are charged to it and an operator can revoke it like a key).
/// </summary>
public sealed class ApiClient
{
    public Guid Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The key's first characters, shown to operators so a key can be recognised without storing it.</summary>
    public string? KeyPrefix { get; set; }

    /// <summary>SHA-256 of the whole key, hex. Null for a client that authenticates with Entra tokens.</summary>
    public string? KeyHash { get; set; }

    /// <summary>The Entra client application id (<c>azp</c>/<c>appid</c>) whose tokens this client stands for.</summary>
    public string? EntraApplicationId { get; set; }

    /// <summary>Space-separated scopes of a key, e.g. <c>capture:write training:read</c>; a token's app roles decide for Entra clients.</summary>
    public required string Scopes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
