using Transparency.Core.Employees;

namespace Transparency.Core.Demo;

/// <summary>A demo person the development sign-in offers, with the app roles they hold.</summary>
public sealed record DemoUser(string EmployeeId, string SignInIdentity, string DisplayName, IReadOnlyList<string> Roles, string Description)
{
    /// <summary>The object id an identity provider signs this person in with (Entra <c>oid</c>).</summary>
    public string ObjectId => DemoUsers.ObjectIdFor(EmployeeId);
}

/// <summary>
/// The people of the demo organisation one can sign in as without an identity provider. The demo
/// generator creates these employees first, with their names and sign-in identities.
/// </summary>
public static class DemoUsers
{
    public static IReadOnlyList<DemoUser> All { get; } =
    [
        new("E00001", "alex.morgan@demo.transparency", "Alex Morgan", [Roles.Employee], "Software engineer with a standing rule and a flagged record"),
        new("E00002", "priya.natarajan@demo.transparency", "Priya Natarajan", [Roles.Employee], "Customer support agent, opted out of model training"),
        new("E00003", "tomasz.kowalczyk@demo.transparency", "Tomasz Kowalczyk", [Roles.Employee], "Finance analyst with records in sensitive contexts"),
        new("E00004", "jonas.weber@demo.transparency", "Jonas Weber", [Roles.Employee, Roles.WorksCouncil], "Works council member"),
        new("E00005", "maria.rossi@demo.transparency", "Maria Rossi", [Roles.Employee, Roles.HR], "HR business partner"),
        new("E00006", "samuel.okafor@demo.transparency", "Samuel Okafor", [Roles.Employee, Roles.PrivacyOfficer], "Privacy officer"),
    ];

    /// <summary>
    /// The identity-provider object id of a demo employee (<c>E00001</c> → <c>de000000-0000-4000-8000-000000000001</c>): fixed,
    /// so an OpenID provider set up for the demo can sign its people in by object id, the way production matches them.
    /// </summary>
    public static string ObjectIdFor(string employeeId) => $"de000000-0000-4000-8000-{int.Parse(employeeId.AsSpan(1)):D12}";
}
