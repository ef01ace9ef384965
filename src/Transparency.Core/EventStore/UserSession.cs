namespace Transparency.Core.EventStore;

/// <summary>
/// One browser sign-in. The cookie names the session; the session decides whether the cookie still opens
/// anything, so a sign-out, a leaver or a changed role set ends it on every instance, for a copied cookie and
/// an open circuit alike.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; }

    /// <summary>Who signed in: <c>tenant/object id</c> for the identity provider, the user name for the development sign-in.</summary>
    public required string Account { get; set; }

    /// <summary>The employee the account was matched to, or null when it matches none.</summary>
    public string? EmployeeId { get; set; }

    /// <summary>Space-separated app roles the sign-in carried.</summary>
    public required string Roles { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? EndedAt { get; set; }

    /// <summary>Why the session ended: <c>signed-out</c>, <c>roles-changed</c>, <c>left</c>, …</summary>
    public string? EndReason { get; set; }
}
