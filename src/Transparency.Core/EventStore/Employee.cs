namespace Transparency.Core.EventStore;

/// <summary>
/// The data subject. <see cref="Id"/> is a stable pseudonym from the HR directory. A sign-in is matched to
/// an employee by the identity provider's immutable <see cref="ObjectId"/> within the configured tenant,
/// never by a name an administrator can change or hand to someone else.
/// </summary>
public sealed class Employee
{
    public required string Id { get; set; }
    public required string DisplayName { get; set; }

    /// <summary>The org unit the employee belongs to now; earlier ones are in <see cref="PastMembership"/>.</summary>
    public required string OrgUnitId { get; set; }
    public OrgUnit? OrgUnit { get; set; }

    /// <summary>
    /// The sign-in name (user principal name) the HR directory knows. Names are renamed and reused, so it
    /// identifies nobody at sign-in; it serves only the explicit first-sign-in link (<c>Auth:FirstSignInLink</c>).
    /// </summary>
    public required string SignInIdentity { get; set; }

    /// <summary>The identity provider's immutable object id (Entra <c>oid</c>), once known; unique.</summary>
    public string? ObjectId { get; set; }

    /// <summary>First working day, from the HR directory.</summary>
    public DateOnly? StartsOn { get; set; }

    /// <summary>
    /// Last working day. After it the employee cannot sign in and capture records for them are refused; their
    /// records stay under retention and their rights stay usable through HR.
    /// </summary>
    public DateOnly? LeavesOn { get; set; }

    /// <summary>Whether the employee has left by the given instant (after their last working day, UTC).</summary>
    public static bool HasLeft(DateOnly? leavesOn, DateTime utcNow) => leavesOn is { } last && DateOnly.FromDateTime(utcNow) > last;
}
