namespace Transparency.Core.EventStore;

/// <summary>The data subject. <see cref="Id"/> is a stable pseudonym; the sign-in identity maps to it.</summary>
public sealed class Employee
{
    public required string Id { get; set; }
    public required string DisplayName { get; set; }
    public required string OrgUnitId { get; set; }
    public OrgUnit? OrgUnit { get; set; }

    /// <summary>The identity provider's stable user key (Entra object id, or the development sign-in's user name).</summary>
    public required string SignInIdentity { get; set; }
}
