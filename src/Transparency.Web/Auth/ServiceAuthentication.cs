using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Transparency.Core.ApiClients;

namespace Transparency.Web.Auth;

/// <summary>
/// How services sign in: an <c>X-Api-Key</c>, or, when Entra ID is configured, an Entra access token.
/// One forwarding scheme picks the handler by what the request carries, so exactly one handler answers a
/// challenge (401) or a denial (403), always as problem details.
/// </summary>
public static class ServiceAuthentication
{
    public const string SchemeName = "Service";

    public static void AddServiceAuthentication(this AuthenticationBuilder auth, bool entraTokens)
    {
        auth.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        auth.AddPolicyScheme(SchemeName, "API key or Entra access token", o => o.ForwardDefaultSelector = http =>
            entraTokens && !http.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header)
                        && http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? JwtBearerDefaults.AuthenticationScheme
                : ApiKeyAuthenticationHandler.SchemeName);
        if (entraTokens)
            auth.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, ChargeTokensToTheirApplication);
    }

    /// <summary>
    /// A valid token is charged to the API client standing for its client application (registered on first
    /// use), so export batches, receipts and rate limits name it and an operator can revoke it.
    /// </summary>
    private static void ChargeTokensToTheirApplication(JwtBearerOptions o)
    {
        o.Events ??= new JwtBearerEvents();
        var validated = o.Events.OnTokenValidated;
        o.Events.OnTokenValidated = async context =>
        {
            await validated(context);
            if (context.Result is not null || context.Principal?.Identity is not ClaimsIdentity identity)
                return;
            // The pipelines are daemons: an app role reached through a user's delegated token would let anyone who can
            // sign in to a client holding that role write capture records or read the training export in their own name.
            if (IsDelegated(identity))
            {
                context.Fail(DelegatedToken);
                return;
            }
            // v2 tokens name the calling application in azp, v1 tokens in appid.
            var application = identity.FindFirst("azp")?.Value ?? identity.FindFirst("appid")?.Value;
            if (string.IsNullOrWhiteSpace(application) || application.Length > 100)
            {
                context.Fail("The access token names no client application (azp or appid).");
                return;
            }
            var clients = context.HttpContext.RequestServices.GetRequiredService<ApiClientService>();
            var client = await clients.ForEntraApplicationAsync(application, context.HttpContext.RequestAborted);
            if (client is null)
            {
                context.Fail($"Access for the client application {application} has been revoked.");
                return;
            }
            identity.AddClaim(new Claim(ApiKeyAuthenticationHandler.ClientIdClaim, client.Id.ToString()));
            if (identity.Name is null)
                identity.AddClaim(new Claim(identity.NameClaimType, client.Name));
        };
        var challenge = o.Events.OnChallenge;
        o.Events.OnChallenge = async context =>
        {
            await challenge(context);
            if (context.Handled || context.Response.HasStarted)
                return;
            context.HandleResponse();
            // Keep the standard header (RFC 6750) and add the problem document every other API error has.
            var error = string.IsNullOrEmpty(context.Error) ? "" : $", error=\"{context.Error}\"";
            context.Response.Headers.WWWAuthenticate = $"Bearer{error}";
            await WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Access token not accepted",
                context.AuthenticateFailure is null
                    ? "Send an Entra access token for this API in the Authorization header, or an API key in X-Api-Key."
                    : $"{Describe(context.AuthenticateFailure)} Request a new token for this API.");
        };
        var forbidden = o.Events.OnForbidden;
        o.Events.OnForbidden = async context =>
        {
            await forbidden(context);
            if (context.Result is not null || context.Response.HasStarted)
                return;
            await WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "App role missing",
                "This token's application lacks the app role this endpoint needs (Capture.Write to write capture records, Training.Read to read the training export).");
        };
    }

    private const string DelegatedToken =
        "The access token was issued to a user (delegated); the capture and training pipelines call this API as applications (client credentials).";

    /// <summary>
    /// A token issued for a user: it carries the delegated scopes (<c>scp</c>), or says so in <c>idtyp</c>. Application
    /// tokens carry app roles only (Microsoft identity platform: "Verify that a token is an app-only token").
    /// </summary>
    private static bool IsDelegated(ClaimsIdentity identity) =>
        identity.HasClaim(c => c.Type is "scp" or "http://schemas.microsoft.com/identity/claims/scope")
        || identity.FindFirst("idtyp")?.Value is { } type && !string.Equals(type, "app", StringComparison.OrdinalIgnoreCase);

    private static string Describe(Exception failure) => failure switch
    {
        Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException => "The access token has expired.",
        Microsoft.IdentityModel.Tokens.SecurityTokenInvalidAudienceException => "The access token was issued for another API.",
        Microsoft.IdentityModel.Tokens.SecurityTokenSignatureKeyNotFoundException or Microsoft.IdentityModel.Tokens.SecurityTokenInvalidSignatureException
            => "The access token's signature is not from the configured tenant.",
        _ when failure.Message.StartsWith("Access for the client application", StringComparison.Ordinal) => failure.Message,
        _ when failure.Message.StartsWith("The access token names no", StringComparison.Ordinal) => failure.Message,
        _ when failure.Message == DelegatedToken => failure.Message,
        _ => "The access token is not valid.",
    };

    private static async Task WriteProblemAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
