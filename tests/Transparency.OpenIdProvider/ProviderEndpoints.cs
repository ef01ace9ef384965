using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Transparency.OpenIdProvider;

/// <summary>The claims of an Entra ID v2.0 ID token that the provider issues.</summary>
internal static class ProviderClaims
{
    public const string ObjectId = "oid";
    public const string TenantId = "tid";
    public const string Version = "ver";
    public const string Roles = "roles";

    public static readonly string[] All =
        [Claims.Subject, ObjectId, TenantId, Version, Claims.Name, Claims.PreferredUsername, Claims.Email, Roles, Claims.Nonce];

    /// <summary>
    /// The identity the provider vouches for. <c>roles</c> is always a JSON array, as Entra ID writes it even for one
    /// role, and absent when the user has none.
    /// </summary>
    public static ClaimsIdentity For(ProviderUser user, string clientId)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Roles);
        identity.SetClaim(Claims.Subject, user.SubjectFor(clientId))
            .SetClaim(ObjectId, user.ObjectId)
            .SetClaim(TenantId, user.TenantId)
            .SetClaim(Version, "2.0")
            .SetClaim(Claims.Name, user.Name)
            .SetClaim(Claims.PreferredUsername, user.PreferredUsername)
            .SetClaim(Claims.Email, user.Email);
        if (user.Roles.Count > 0)
            identity.AddClaim(new Claim(Roles, JsonSerializer.Serialize(user.Roles), JsonClaimValueTypes.JsonArray));
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return identity;
    }
}

/// <summary>
/// The provider's own endpoints behind OpenIddict's passthrough: OpenIddict has already validated the client, the
/// redirect URI, the response type and mode, and passes the nonce through; these decide who is signed in.
/// </summary>
internal static class ProviderEndpoints
{
    public static void MapProviderEndpoints(this IEndpointRouteBuilder app, ProviderLayout layout)
    {
        app.MapMethods(layout.Authorize.AbsolutePath, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync);
        app.MapPost(layout.Token.AbsolutePath, TokenAsync);
        app.MapMethods(layout.EndSession.AbsolutePath, [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSessionAsync);
        app.MapGet(layout.Login.AbsolutePath, (string? returnUrl, ProviderUsers users) => LoginForm(layout, users, returnUrl, error: null));
        app.MapPost(layout.Login.AbsolutePath, LoginAsync);
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http, ProviderUsers users, ProviderLayout layout)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await http.AuthenticateAsync(TestOpenIdProvider.SessionScheme);
        var user = session.Succeeded ? users.Find(session.Principal?.FindFirstValue(ProviderClaims.ObjectId)) : null;

        if (user is null || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
                return Refuse(Errors.LoginRequired, "The user is not signed in.");
            // Back to the same request after the form, without prompt=login, or the form would come again and again.
            var parameters = (http.Request.HasFormContentType ? (IEnumerable<KeyValuePair<string, StringValues>>)await http.Request.ReadFormAsync() : http.Request.Query)
                .Where(p => p.Key != Parameters.Prompt);
            var returnUrl = layout.Authorize.AbsolutePath + QueryString.Create(parameters);
            return Results.Redirect($"{layout.Login.AbsolutePath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        var principal = new ClaimsPrincipal(ProviderClaims.For(user, request.ClientId!));
        principal.SetScopes(request.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, ProviderUsers users)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (!request.IsAuthorizationCodeGrantType() && !request.IsRefreshTokenGrantType())
            return Refuse(Errors.UnsupportedGrantType, "Only the code and refresh token grants are served.");
        // OpenIddict has validated the code (or refresh token) and the client; the account is read again, as it may have changed.
        var granted = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var user = users.Find(granted.Principal?.FindFirstValue(ProviderClaims.ObjectId));
        if (user is null)
            return Refuse(Errors.InvalidGrant, "The account no longer exists.");
        var principal = new ClaimsPrincipal(ProviderClaims.For(user, request.ClientId!));
        principal.SetScopes(granted.Principal!.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> EndSessionAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        await http.SignOutAsync(TestOpenIdProvider.SessionScheme);
        if (string.IsNullOrEmpty(request.PostLogoutRedirectUri))
            return Page("Signed out", "<h1>You are signed out</h1>");
        // OpenIddict sends the browser to the validated post_logout_redirect_uri, with the client's state.
        return Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static async Task<IResult> LoginAsync(HttpContext http, ProviderUsers users, ProviderLayout layout)
    {
        var form = await http.Request.ReadFormAsync();
        var returnUrl = form["returnUrl"].ToString();
        if (!IsAuthorizeRequest(layout, returnUrl))
            return Results.BadRequest("returnUrl must be this provider's authorization request.");
        var user = users.FindByUsername(form["username"]);
        if (user is null)
            return LoginForm(layout, users, returnUrl, error: "There is no account with that sign-in name.");
        var session = new ClaimsIdentity([new Claim(ProviderClaims.ObjectId, user.ObjectId)], TestOpenIdProvider.SessionScheme);
        await http.SignInAsync(TestOpenIdProvider.SessionScheme, new ClaimsPrincipal(session));
        return Results.Redirect(returnUrl);
    }

    private static bool IsAuthorizeRequest(ProviderLayout layout, string? returnUrl) =>
        returnUrl is not null && returnUrl.StartsWith(layout.Authorize.AbsolutePath + "?", StringComparison.Ordinal);

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static IResult LoginForm(ProviderLayout layout, ProviderUsers users, string? returnUrl, string? error)
    {
        if (!IsAuthorizeRequest(layout, returnUrl))
            return Results.BadRequest("returnUrl must be this provider's authorization request.");
        var options = string.Concat(users.All.OrderBy(u => u.Name).Select(u =>
            $"<option value=\"{Encode(u.PreferredUsername)}\">{Encode(u.Name)}</option>"));
        var body = $"""
            <h1>Sign in</h1>
            {(error is null ? "" : $"<p role=\"alert\">{Encode(error)}</p>")}
            <form method="post" action="{Encode(layout.Login.AbsolutePath)}">
              <input type="hidden" name="returnUrl" value="{Encode(returnUrl)}">
              <label for="username">Sign-in name</label>
              <input id="username" name="username" type="text" list="accounts" autocomplete="username" required>
              <datalist id="accounts">{options}</datalist>
              <button type="submit">Sign in</button>
            </form>
            """;
        return Page("Sign in · Test OpenID provider", body, error is null ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized);
    }

    private static IResult Page(string title, string body, int status = StatusCodes.Status200OK) =>
        Results.Content($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{Encode(title)}</title></head><body>{body}</body></html>",
            "text/html; charset=utf-8", statusCode: status);

    private static string Encode(string? value) => WebUtility.HtmlEncode(value ?? "");
}
