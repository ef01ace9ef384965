namespace Transparency.Web.Auth;

/// <summary>Which sign-in claim identifies the employee (<c>Auth:EmployeeClaim</c>).</summary>
public sealed class EmployeeClaimOptions
{
    public const string Section = "Auth";
    public const string DefaultClaimType = "preferred_username";

    /// <summary>The claim whose value equals an employee's sign-in identity in the store. Entra ID: <c>preferred_username</c> (default) or <c>oid</c>.</summary>
    public string EmployeeClaim { get; set; } = DefaultClaimType;
}
