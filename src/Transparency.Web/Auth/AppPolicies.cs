using Microsoft.AspNetCore.Authorization;
using Transparency.Core.Demo;

namespace Transparency.Web.Auth;

/// <summary>One authorization policy per role; every page and endpoint names the one it needs.</summary>
public static class AppPolicies
{
    public const string Employee = "Employee";
    public const string WorksCouncil = "WorksCouncil";
    public const string HR = "HR";
    public const string PrivacyOfficer = "PrivacyOfficer";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Employee, p => p.RequireAuthenticatedUser().RequireRole(Roles.Employee));
        options.AddPolicy(WorksCouncil, p => p.RequireAuthenticatedUser().RequireRole(Roles.WorksCouncil));
        options.AddPolicy(HR, p => p.RequireAuthenticatedUser().RequireRole(Roles.HR));
        options.AddPolicy(PrivacyOfficer, p => p.RequireAuthenticatedUser().RequireRole(Roles.PrivacyOfficer));
        // Anything not marked otherwise needs a signed-in user: a forgotten attribute fails closed.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
