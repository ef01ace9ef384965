using System.Net;
using Microsoft.Playwright;
using Transparency.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Transparency.E2E.Production;

/// <summary>Signing out ends the session at the app and at the provider, and the old cookie opens nothing afterwards.</summary>
[Collection(ProductionCollection.Name)]
public sealed class SignOutTests(ProductionHost host)
{
    [Fact]
    public async Task Sign_out_ends_the_session_at_the_provider_and_the_old_cookie_opens_nothing()
    {
        var alex = ProductionHost.Demo("Alex Morgan");
        var page = await host.SignInAsync(alex.SignInIdentity);
        var appBar = new AppBar(page);
        await Expect(appBar.SignedInAs).ToHaveTextAsync("Alex Morgan");
        var authCookies = (await page.Context.CookiesAsync([host.AppUrl.AbsoluteUri]))
            .Where(c => c.Name.StartsWith(SignInClient.AuthCookie, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(authCookies);
        // The session cookie is never readable by script, never sent over plain http, and not sent when another site posts here.
        Assert.All(authCookies, c => Assert.True(c.HttpOnly && c.Secure && c.SameSite == SameSiteAttribute.Lax,
            $"{c.Name}: HttpOnly {c.HttpOnly}, Secure {c.Secure}, SameSite {c.SameSite}"));

        var visited = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.IsNavigationRequest)
                visited.Add(request.Url);
        };
        await appBar.SignOutButton.ClickAsync();
        var signedOutCallback = new Uri(host.AppUrl, "/signout-callback-oidc").AbsoluteUri;
        try
        {
            // Wherever the chain of redirects ends: the provider's sign-in form, or a page of the app.
            await page.WaitForURLAsync(url => url.StartsWith(host.Provider.LoginPage.AbsoluteUri, StringComparison.Ordinal)
                                              || (visited.Count > 0 && url.StartsWith(host.AppUrl.AbsoluteUri, StringComparison.Ordinal)
                                                  && !url.Contains("/sign-out", StringComparison.Ordinal) && !url.StartsWith(signedOutCallback, StringComparison.Ordinal)));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Signing out did not end on a page; the browser is at {page.Url} after:\n{string.Join('\n', visited)}\n{host.Diagnostics()}");
        }

        Assert.True(visited.Any(u => u.StartsWith(host.Provider.EndSessionEndpoint.AbsoluteUri, StringComparison.Ordinal)),
            $"Signing out should send the browser to the provider's end-session endpoint; it went to:\n{string.Join('\n', visited)}");
        Assert.True(visited.Any(u => u.StartsWith(signedOutCallback, StringComparison.Ordinal)),
            $"The provider should send the browser back to the app's signed-out callback; it went to:\n{string.Join('\n', visited)}");

        // The same browser is a stranger to both now: the app sends it to the provider, and the provider asks who it is.
        await page.GotoAsync("/my/records");
        await new ProviderSignInPage(page, host.Provider.LoginPage).WaitUntilShownAsync();

        // A copy of the old cookie, replayed from elsewhere, is a cookie of an ended session.
        var elsewhere = await host.NewPageAsync();
        await elsewhere.Context.AddCookiesAsync(authCookies.Select(c => new Microsoft.Playwright.Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Secure = c.Secure, HttpOnly = c.HttpOnly, SameSite = c.SameSite,
        }));
        await elsewhere.GotoAsync("/my/records");
        Assert.True(elsewhere.Url.StartsWith(host.Provider.Instance.AbsoluteUri, StringComparison.Ordinal),
            $"The replayed cookie of a signed-out session should get the provider's sign-in, not {elsewhere.Url}.");
        await Expect(elsewhere.Locator("li.record-row")).ToHaveCountAsync(0);

        using var client = host.NewSignInClient();
        foreach (var cookie in authCookies)
            client.Cookies.Add(host.AppUrl, new System.Net.Cookie(cookie.Name, cookie.Value, "/"));
        using var download = await client.GetAsync(new Uri(host.AppUrl, "/files/my/export.zip"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, download.StatusCode);
    }
}
