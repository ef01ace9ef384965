namespace Transparency.Core.Employees;

/// <summary>The application roles, as Entra ID app roles name them.</summary>
public static class Roles
{
    public const string Employee = "Employee";
    public const string WorksCouncil = "WorksCouncil";
    public const string HR = "HR";
    public const string PrivacyOfficer = "PrivacyOfficer";

    public static IReadOnlyList<string> All { get; } = [Employee, WorksCouncil, HR, PrivacyOfficer];
}
