using Transparency.Core.Employees;
using Transparency.Core.Demo;

namespace Transparency.E2E.Production;

/// <summary>
/// Which pages each app role opens. A person reaches the pages of each of their roles and none that only roles they
/// lack open. New role pages (works council reports, HR's directory and disclosures, the privacy officer's review
/// queue) are added here as they are built, and every production sign-in test of that role checks them.
/// </summary>
public static class RolePages
{
    public static readonly IReadOnlyDictionary<string, string[]> ByRole = new Dictionary<string, string[]>
    {
        [Roles.Employee] = ["/my/records", "/my/rules", "/my/access", "/my/export"],
        [Roles.WorksCouncil] = ["/council/reports"],
        [Roles.HR] = ["/hr/disclosures"],
        [Roles.PrivacyOfficer] = ["/council/reports", "/review", "/review/holds", "/review/activity", "/review/purposes", "/review/sensitive"],
    };

    public static IReadOnlyList<string> AllowedFor(IEnumerable<string> roles) =>
        roles.SelectMany(r => ByRole.TryGetValue(r, out var pages) ? pages : []).Distinct().ToList();

    public static IReadOnlyList<string> DeniedFor(IEnumerable<string> roles)
    {
        var allowed = AllowedFor(roles);
        return ByRole.Values.SelectMany(p => p).Distinct().Except(allowed).ToList();
    }
}
