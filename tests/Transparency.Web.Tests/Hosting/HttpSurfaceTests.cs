using System.Net;
using System.Text.RegularExpressions;
using Transparency.Core.Demo;

namespace Transparency.Web.Tests.Hosting;

/// <summary>
/// What every response says about itself, read from the real app over HTTP: security headers, a Content-Security-Policy
/// whose nonce is the one the page's import map carries, and no copy of anyone's page or download kept by a browser.
/// </summary>
public sealed partial class HttpSurfaceTests(TransparencyAppFactory app) : IClassFixture<TransparencyAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("<script[^>]*type=\"importmap\"[^>]*nonce=\"([^\"]+)\"|<script[^>]*nonce=\"([^\"]+)\"[^>]*type=\"importmap\"")]
    private static partial Regex ImportMapNonce();

    [Fact]
    public async Task A_personal_page_carries_the_security_headers_and_is_never_stored()
    {
        var alex = await app.ClientForAsync("E00001");

        using var page = await alex.GetAsync("/my/records", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoStore, "A personal page must not be stored.");
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(page.Headers.Contains("Server"));
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("connect-src 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        var scripts = Regex.Match(csp, "script-src ([^;]+)").Groups[1].Value;
        Assert.DoesNotContain("unsafe-inline", scripts);
        // The one inline script, the import map, runs by this response's nonce, and only by it.
        var html = await page.Content.ReadAsStringAsync(Ct);
        var match = ImportMapNonce().Match(html);
        Assert.True(match.Success, "The page's import map carries no nonce.");
        var nonce = WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value);
        Assert.Contains($"'nonce-{nonce}'", scripts);
        using var again = await alex.GetAsync("/my/records", Ct);
        Assert.DoesNotContain($"'nonce-{nonce}'", again.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Downloads_and_api_answers_are_never_stored_and_say_their_exact_type()
    {
        var alex = await app.ClientForAsync("E00001");

        using var download = await alex.GetAsync("/files/my/export.zip", Ct);
        using var refused = await app.CreateClient().GetAsync("/api/v1/training/records", Ct);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        Assert.True(download.Headers.CacheControl?.NoStore, "A download must not be stored.");
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.True(refused.Headers.CacheControl?.NoStore, "An API answer must not be stored.");
        Assert.Equal("nosniff", refused.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task The_apps_own_stylesheet_is_revalidated_not_refused_to_the_cache()
    {
        using var css = await app.CreateClient().GetAsync("/css/app.css", Ct);

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", css.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", css.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task The_development_sign_in_cookie_is_http_only()
    {
        var client = app.CreateBrowserClient();
        var token = await TransparencyAppFactory.AntiforgeryTokenAsync(client, Ct);

        using var response = await client.PostAsync("/dev/sign-in", TransparencyAppFactory.Form(token, DemoUsers.All[0].SignInIdentity, "/"), Ct);

        var cookie = TransparencyAppFactory.SetCookies(response).Single(c => c.StartsWith(TransparencyAppFactory.AuthCookie + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
