using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Transparency.Core.ApiClients;

namespace Transparency.Web.Auth;

/// <summary>
/// Services authenticate with <c>X-Api-Key</c>. A missing, unknown or revoked key answers 401, a key
/// without the needed scope 403, both as problem details that say what to send.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiClientService clients)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string ScopeClaim = "scope";
    public const string ClientIdClaim = "client_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
            return AuthenticateResult.NoResult();
        var client = await clients.AuthenticateAsync(values.ToString(), Context.RequestAborted);
        if (client is null)
            return AuthenticateResult.Fail("The API key is not valid or has been revoked.");
        var identity = new ClaimsIdentity(
            [
                new Claim(ClientIdClaim, client.Id.ToString()),
                new Claim(ClaimTypes.Name, client.Name),
                .. client.Scopes.Select(s => new Claim(ScopeClaim, s)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        await WriteProblemAsync(StatusCodes.Status401Unauthorized,
            failure is null ? "API key required" : "API key not accepted",
            failure is null ? $"Send the client's key in the {Header} header." : $"{failure.Message} Ask an operator for a valid key.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Scope missing",
            "This API key does not carry the scope this endpoint needs (capture:write to write capture records, training:read to read the training export).");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
