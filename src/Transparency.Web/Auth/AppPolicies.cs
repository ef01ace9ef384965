using Microsoft.AspNetCore.Authorization;
using Transparency.Core.ApiClients;
using Transparency.Core.Demo;

namespace Transparency.Web.Auth;

/// <summary>One authorization policy per role; every page and endpoint names the one it needs.</summary>
public static class AppPolicies
{
    public const string Employee = "Employee";
    public const string WorksCouncil = "WorksCouncil";
    public const string HR = "HR";
    public const string PrivacyOfficer = "PrivacyOfficer";

    /// <summary>The capture pipeline: an API key with capture:write, or an Entra token with the Capture.Write app role.</summary>
    public const string CaptureWrite = "CaptureWrite";

    /// <summary>The training pipeline: an API key with training:read, or an Entra token with the Training.Read app role.</summary>
    public const string TrainingRead = "TrainingRead";

    /// <param name="serviceSchemes">The schemes services authenticate with (<see cref="ServiceAuthentication"/>); a browser's cookie never opens a service endpoint.</param>
    public static void Add(AuthorizationOptions options, string[] serviceSchemes)
    {
        options.AddPolicy(Employee, p => p.RequireAuthenticatedUser().RequireRole(Roles.Employee));
        options.AddPolicy(WorksCouncil, p => p.RequireAuthenticatedUser().RequireRole(Roles.WorksCouncil));
        options.AddPolicy(HR, p => p.RequireAuthenticatedUser().RequireRole(Roles.HR));
        options.AddPolicy(PrivacyOfficer, p => p.RequireAuthenticatedUser().RequireRole(Roles.PrivacyOfficer));
        options.AddPolicy(CaptureWrite, p => p.AddAuthenticationSchemes(serviceSchemes).RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, ApiScopes.CaptureWrite) || c.User.IsInRole("Capture.Write")));
        options.AddPolicy(TrainingRead, p => p.AddAuthenticationSchemes(serviceSchemes).RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, ApiScopes.TrainingRead) || c.User.IsInRole("Training.Read")));
        // Anything not marked otherwise needs a signed-in user: a forgotten attribute fails closed.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
