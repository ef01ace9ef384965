using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;

namespace Transparency.Core.ApiClients;

/// <summary>A service client as operators and the API see it. The key itself is never kept.</summary>
public sealed record ApiClientInfo(Guid Id, string Name, string? KeyPrefix, IReadOnlyList<string> Scopes, DateTime CreatedAt, DateTime? RevokedAt)
{
    public bool HasScope(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);
}

/// <summary>A new client and its key, which is shown this once.</summary>
public sealed record CreatedApiKey(ApiClientInfo Client, string Key);

/// <summary>
/// The services that call the ingestion and export APIs. Keys are random, shown once, stored as a
/// SHA-256 hash (a key has 256 bits of entropy, so a slow hash adds nothing), carry scopes and can be revoked.
/// </summary>
public sealed class ApiClientService(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock)
{
    private const string KeyPrefix = "tr_";

    public async Task<CreatedApiKey> CreateAsync(string name, IReadOnlyCollection<string> scopes, CancellationToken ct = default) =>
        await CreateWithKeyAsync(name, scopes, KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32)), ct);

    /// <summary>Creates a client with a given key: for the development demo only, whose keys are published.</summary>
    internal async Task<CreatedApiKey> CreateWithKeyAsync(string name, IReadOnlyCollection<string> scopes, string key, CancellationToken ct)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
            throw new ArgumentException("Give the client a name of 1 to 200 characters (--name).", nameof(name));
        if (name.StartsWith("entra:", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("Names starting with 'entra:' stand for Entra client applications; choose another name.", nameof(name));
        var unknown = scopes.Except(ApiScopes.All).ToList();
        if (scopes.Count == 0 || unknown.Count > 0)
            throw new ArgumentException(
                $"Give one or more scopes (--scope) from: {string.Join(", ", ApiScopes.All)}." + (unknown.Count > 0 ? $" Unknown: {string.Join(", ", unknown)}." : ""),
                nameof(scopes));
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.ApiClients.AnyAsync(c => c.Name == name, ct))
            throw new ArgumentException($"A client named '{name}' exists already; revoke it or choose another name.", nameof(name));
        var client = new ApiClient
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            Name = name,
            KeyPrefix = key[..Math.Min(key.Length, 10)],
            KeyHash = Hash(key),
            Scopes = string.Join(' ', scopes.Distinct().Order(StringComparer.Ordinal)),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiClients.Add(client);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(Info(client), key);
    }

    /// <summary>Revokes a client's key at once. False when there is no active client of that name.</summary>
    public async Task<bool> RevokeAsync(string name, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ApiClients.Where(c => c.Name == name && c.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, now), ct) > 0;
    }

    public async Task<IReadOnlyList<ApiClientInfo>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var clients = await db.ApiClients.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        return clients.Select(Info).ToList();
    }

    /// <summary>The active client a presented key belongs to, or null (unknown or revoked).</summary>
    public async Task<ApiClientInfo?> AuthenticateAsync(string presentedKey, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(presentedKey) || presentedKey.Length > 200)
            return null;
        var hash = Hash(presentedKey.Trim());
        await using var db = await contexts.CreateDbContextAsync(ct);
        var client = await db.ApiClients.AsNoTracking().SingleOrDefaultAsync(c => c.KeyHash == hash && c.RevokedAt == null, ct);
        return client is null ? null : Info(client);
    }

    /// <summary>
    /// The client standing for an Entra client application, registered on its first call; null when an
    /// operator revoked it. Its tokens' app roles, not stored scopes, decide what it may call.
    /// </summary>
    public async Task<ApiClientInfo?> ForEntraApplicationAsync(string applicationId, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(applicationId) || applicationId.Length > 100)
            throw new ArgumentException("An Entra client application id has 1 to 100 characters.", nameof(applicationId));
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var client = await db.ApiClients.AsNoTracking().SingleOrDefaultAsync(c => c.EntraApplicationId == applicationId, ct);
            if (client is not null)
                return client.RevokedAt is null ? Info(client) : null;
            client = new ApiClient
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                Name = $"entra:{applicationId}",
                EntraApplicationId = applicationId,
                Scopes = "",
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.ApiClients.Add(client);
            try
            {
                await db.SaveChangesAsync(ct);
                return Info(client);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Two first calls at once: the other one registered it; read that.
            }
        }
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static ApiClientInfo Info(ApiClient c) =>
        new(c.Id, c.Name, c.KeyPrefix, c.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), c.CreatedAt, c.RevokedAt);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
