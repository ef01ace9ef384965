using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Transparency.Core.Employees;

namespace Transparency.Web.Auth;

/// <summary>
/// The production sign-in through Microsoft.Identity.Web (Entra ID, or any OpenID provider configured the same way).
/// The provider's token is validated by the handler (issuer, audience, signature, lifetime, nonce); this decides who
/// the account is: the tenant must be the configured one, the employee is found by the immutable object id, and the
/// cookie gets the app's own identity (<see cref="AppClaims"/>) with a session in the store.
/// </summary>
public static class EntraSignIn
{
    // The claim types a handler may have mapped the token's claims to; the app reads both spellings once, here.
    private static readonly string[] RoleClaims = ["roles", "role", ClaimTypes.Role];
    private static readonly string[] TenantClaims = ["tid", "http://schemas.microsoft.com/identity/claims/tenantid"];
    private static readonly string[] NameClaims = ["name", ClaimTypes.Name];
    private static readonly string[] SignInNameClaims = ["preferred_username", "upn", ClaimTypes.Upn];
    private static readonly Dictionary<string, string[]> ObjectIdClaims = new()
    {
        ["oid"] = ["oid", "http://schemas.microsoft.com/identity/claims/objectidentifier"],
        ["sub"] = ["sub", ClaimTypes.NameIdentifier],
    };

    public static void Configure(OpenIdConnectOptions o, IConfiguration config)
    {
        // The token's claims as the provider named them; the app's identity is built from them below.
        o.MapInboundClaims = false;
        o.TokenValidationParameters.RoleClaimType = AppClaims.Role;
        o.TokenValidationParameters.NameClaimType = AppClaims.Name;
        // The ID token goes back to the provider as id_token_hint when signing out.
        o.SaveTokens = true;
        o.SignedOutRedirectUri = "/signed-out";

        var redirect = o.Events.OnRedirectToIdentityProvider;
        o.Events.OnRedirectToIdentityProvider = async context =>
        {
            // APIs and downloads answer 401; only pages go to the identity provider.
            if (AuthSetup.IsApiOrFile(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.HandleResponse();
                return;
            }
            await redirect(context);
        };
        var validated = o.Events.OnTokenValidated;
        o.Events.OnTokenValidated = async context =>
        {
            await validated(context);
            if (context.Result is not null || context.Principal is null)
                return;
            await SignInAsync(context, config);
        };
        var ticket = o.Events.OnTicketReceived;
        o.Events.OnTicketReceived = async context =>
        {
            await ticket(context);
            // The return address rode through the provider in the protected state; it is checked again all the same.
            context.ReturnUri = AuthSetup.LocalOrHome(context.ReturnUri);
        };
        var remoteSignOut = o.Events.OnRemoteSignOut;
        o.Events.OnRemoteSignOut = async context =>
        {
            await remoteSignOut(context);
            // The provider signs the user out of every application (front-channel): the session ends on every instance too.
            var cookie = await context.HttpContext.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (cookie.Principal is { } signedIn && AppClaims.SessionOf(signedIn) is { } session)
                await context.HttpContext.RequestServices.GetRequiredService<SignInService>()
                    .EndSessionAsync(session, "signed-out-at-provider", context.HttpContext.RequestAborted);
        };
        var failed = o.Events.OnRemoteFailure;
        o.Events.OnRemoteFailure = async context =>
        {
            await failed(context);
            if (context.Result is not null)
                return;
            var reason = context.Failure?.Message.StartsWith(LeftPrefix, StringComparison.Ordinal) == true ? "left" : "refused";
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EntraSignIn))
                .LogWarning(context.Failure, "A sign-in was refused: {Reason}", context.Failure?.Message);
            context.Response.Redirect($"/sign-in-failed?reason={reason}");
            context.HandleResponse();
        };
    }

    private const string LeftPrefix = "The employee left";

    private static async Task SignInAsync(TokenValidatedContext context, IConfiguration config)
    {
        var user = context.Principal!;
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<IOptions<SignInOptions>>().Value;
        var objectId = First(user, ObjectIdClaims.GetValueOrDefault(options.ObjectIdClaim) ?? [options.ObjectIdClaim]);
        var tenant = First(user, TenantClaims);
        if (string.IsNullOrWhiteSpace(objectId) || objectId.Length > 100)
        {
            context.Fail($"The ID token carries no usable {options.ObjectIdClaim} claim.");
            return;
        }
        if (Guid.TryParse(config["AzureAd:TenantId"], out var configuredTenant)
            && !(Guid.TryParse(tenant, out var tokenTenant) && tokenTenant == configuredTenant))
        {
            context.Fail($"The account belongs to tenant '{tenant}', not to the configured tenant.");
            return;
        }

        var signInName = First(user, SignInNameClaims);
        var match = await services.GetRequiredService<SignInService>()
            .MatchAsync(objectId, signInName, options.FirstSignInLink == FirstSignInLink.SignInName, context.HttpContext.RequestAborted);
        if (match.Status == AccountStatus.Left)
        {
            context.Fail($"{LeftPrefix} on {match.LeftOn:yyyy-MM-dd}.");
            return;
        }
        var roles = AppClaims.KnownRoles(RoleClaims.SelectMany(type => user.FindAll(type)).Select(c => c.Value));
        var account = string.IsNullOrEmpty(tenant) ? objectId : $"{tenant}/{objectId}";
        var session = await services.GetRequiredService<SignInService>()
            .StartSessionAsync(account, match.Employee?.Id, roles, options.SessionLifetime, context.HttpContext.RequestAborted);
        var name = match.Employee?.DisplayName ?? First(user, NameClaims) ?? signInName ?? objectId;
        context.Principal = AppClaims.Principal(context.Scheme.Name, name, account, session, match, roles,
            user.Claims.Where(c => c.Type is "sid" or "iss").Select(c => new Claim(c.Type, c.Value)));
        // The cookie lives as long as the session, not as long as the provider's token.
        context.Properties!.ExpiresUtc = DateTimeOffset.UtcNow + options.SessionLifetime;
        context.Properties.IsPersistent = false;
    }

    private static string? First(ClaimsPrincipal user, IEnumerable<string> types) =>
        types.Select(t => user.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
