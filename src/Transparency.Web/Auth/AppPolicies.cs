using Microsoft.AspNetCore.Authorization;
using Transparency.Core.ApiClients;
using Transparency.Core.Employees;

namespace Transparency.Web.Auth;

/// <summary>One authorization policy per role; every page and endpoint names the one it needs.</summary>
public static class AppPolicies
{
    public const string Employee = "Employee";
    public const string WorksCouncil = "WorksCouncil";
    public const string HR = "HR";
    public const string PrivacyOfficer = "PrivacyOfficer";

    /// <summary>The works council's aggregate reports: its members, and the privacy officer who answers for them.</summary>
    public const string CouncilReports = "CouncilReports";

    /// <summary>The capture pipeline: an API key with capture:write, or an Entra token with the Capture.Write app role.</summary>
    public const string CaptureWrite = "CaptureWrite";

    /// <summary>The training pipeline: an API key with training:read, or an Entra token with the Training.Read app role.</summary>
    public const string TrainingRead = "TrainingRead";

    /// <summary>The Entra app roles that stand for the API scopes <c>capture:write</c> and <c>training:read</c>.</summary>
    public const string CaptureWriteAppRole = "Capture.Write";
    public const string TrainingReadAppRole = "Training.Read";

    /// <param name="serviceSchemes">The schemes services authenticate with (<see cref="ServiceAuthentication"/>); a browser's cookie never opens a service endpoint.</param>
    public static void Add(AuthorizationOptions options, string[] serviceSchemes)
    {
        // An employee's pages also need the account to be linked to an employee: a role alone shows nobody's data.
        options.AddPolicy(Employee, p => p.RequireAuthenticatedUser().RequireRole(Roles.Employee).RequireClaim(AppClaims.EmployeeId));
        options.AddPolicy(WorksCouncil, p => p.RequireAuthenticatedUser().RequireRole(Roles.WorksCouncil));
        options.AddPolicy(CouncilReports, p => p.RequireAuthenticatedUser().RequireRole(Roles.WorksCouncil, Roles.PrivacyOfficer));
        options.AddPolicy(HR, p => p.RequireAuthenticatedUser().RequireRole(Roles.HR));
        options.AddPolicy(PrivacyOfficer, p => p.RequireAuthenticatedUser().RequireRole(Roles.PrivacyOfficer));
        options.AddPolicy(CaptureWrite, p => p.AddAuthenticationSchemes(serviceSchemes).RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, ApiScopes.CaptureWrite) || HasAppRole(c.User, CaptureWriteAppRole)));
        options.AddPolicy(TrainingRead, p => p.AddAuthenticationSchemes(serviceSchemes).RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, ApiScopes.TrainingRead) || HasAppRole(c.User, TrainingReadAppRole)));
        // Anything not marked otherwise needs a signed-in user: a forgotten attribute fails closed.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }

    /// <summary>An access token's app role, whichever claim type the token handler mapped <c>roles</c> to.</summary>
    private static bool HasAppRole(System.Security.Claims.ClaimsPrincipal user, string role) =>
        user.IsInRole(role) || user.HasClaim("roles", role) || user.HasClaim(System.Security.Claims.ClaimTypes.Role, role);
}
