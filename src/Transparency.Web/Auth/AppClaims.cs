using System.Security.Claims;
using Transparency.Core.AccessLog;
using Transparency.Core.Employees;
using Transparency.Core.EventStore;

namespace Transparency.Web.Auth;

/// <summary>
/// The identity the app keeps in its cookie, the same for every way of signing in: the name to show, the app roles,
/// the session, and the employee the account was matched to at sign-in. The identity provider's own claims (mapped
/// or not, whatever the handler did) are read once, at sign-in, and never again.
/// </summary>
public static class AppClaims
{
    public const string Name = "name";
    public const string Role = "roles";
    public const string Session = "session";
    public const string EmployeeId = "employee_id";
    public const string Account = "account";
    public const string Status = "account_status";

    /// <summary>The app's principal for a matched sign-in.</summary>
    /// <param name="provider">The provider's own claims the handler needs later (its session id <c>sid</c> and issuer <c>iss</c>, which a
    /// front-channel sign-out is checked against).</param>
    public static ClaimsPrincipal Principal(string scheme, string displayName, string account, Guid session, SignInMatch match,
        IEnumerable<string> roles, IEnumerable<Claim>? provider = null) =>
        new(new ClaimsIdentity(
            [
                new Claim(Name, displayName),
                new Claim(Account, account),
                new Claim(Session, session.ToString()),
                new Claim(Status, match.Status.ToString()),
                .. match.Employee is { } employee ? [new Claim(EmployeeId, employee.Id.Value)] : Array.Empty<Claim>(),
                .. roles.Select(r => new Claim(Role, r)),
                .. provider ?? [],
            ],
            scheme, Name, Role));

    /// <summary>Who asks for an aggregate report, for the report-view log: the account they signed in with, and the role they ask in.</summary>
    public static ReportViewer ReportViewerOf(ClaimsPrincipal user, ReportFormat format) =>
        new(AccountOf(user), user.IsInRole(Roles.WorksCouncil) ? ActorRole.WorksCouncil : ActorRole.PrivacyOfficer, format);

    /// <summary>The account someone signed in with, as logs name whoever did something.</summary>
    public static string AccountOf(ClaimsPrincipal user) => user.FindFirst(Account)?.Value ?? user.Identity?.Name ?? "unknown";

    /// <summary>The app roles among the given claim values; anything else a provider sends is ignored.</summary>
    public static string[] KnownRoles(IEnumerable<string> values) =>
        values.Where(v => Roles.All.Contains(v, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    public static Guid? SessionOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(Session)?.Value, out var id) ? id : null;

    public static AccountStatus? StatusOf(ClaimsPrincipal user) =>
        Enum.TryParse<AccountStatus>(user.FindFirst(Status)?.Value, out var status) ? status : null;
}
