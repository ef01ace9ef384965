using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Transparency.OpenIdProvider;

/// <summary>
/// An account at the provider, shaped like an Entra ID user: <see cref="ObjectId"/> (<c>oid</c>) is immutable, the
/// sign-in name (<c>preferred_username</c>) is not: an administrator can rename an account, and a later account
/// can take a freed name.
/// </summary>
public sealed record ProviderUser(string ObjectId, string TenantId, string Name, string PreferredUsername, string Email, IReadOnlyList<string> Roles)
{
    /// <summary>A new account with a fresh object id.</summary>
    public static ProviderUser Create(string tenantId, string name, string preferredUsername, params string[] roles) =>
        new(Guid.NewGuid().ToString(), tenantId, name, preferredUsername, preferredUsername, roles);

    /// <summary>
    /// The subject is pairwise in Entra ID (one value per user and application), distinct from the object id;
    /// derived here from both so it is stable across sign-ins.
    /// </summary>
    public string SubjectFor(string clientId) =>
        Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes($"{ObjectId}|{clientId}")))[..43];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// The provider's directory. Tests change it between sign-ins: a sign-in reads the account afresh, so a rename or
/// a role change shows in the next token.
/// </summary>
public sealed class ProviderUsers
{
    private readonly ConcurrentDictionary<string, ProviderUser> _byObjectId = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<ProviderUser> All => _byObjectId.Values.ToArray();

    /// <summary>Adds an account, or replaces the one with the same object id. Sign-in names stay unique.</summary>
    public ProviderUser Put(ProviderUser user)
    {
        lock (_byObjectId)
        {
            var holder = FindByUsername(user.PreferredUsername);
            if (holder is not null && !string.Equals(holder.ObjectId, user.ObjectId, StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"{user.PreferredUsername} is already the sign-in name of {holder.ObjectId}.");
            _byObjectId[user.ObjectId] = user;
            return user;
        }
    }

    /// <summary>Renames an account: same object id, new sign-in name.</summary>
    public ProviderUser Rename(string objectId, string newPreferredUsername) =>
        Put(Get(objectId) with { PreferredUsername = newPreferredUsername, Email = newPreferredUsername });

    public ProviderUser SetRoles(string objectId, params string[] roles) => Put(Get(objectId) with { Roles = roles });

    public bool Remove(string objectId) => _byObjectId.TryRemove(objectId, out _);

    public ProviderUser Get(string objectId) =>
        Find(objectId) ?? throw new KeyNotFoundException($"The provider has no account {objectId}.");

    public ProviderUser? Find(string? objectId) =>
        objectId is not null && _byObjectId.TryGetValue(objectId, out var user) ? user : null;

    public ProviderUser? FindByUsername(string? preferredUsername) =>
        string.IsNullOrWhiteSpace(preferredUsername)
            ? null
            : _byObjectId.Values.FirstOrDefault(u => string.Equals(u.PreferredUsername, preferredUsername.Trim(), StringComparison.OrdinalIgnoreCase));
}
