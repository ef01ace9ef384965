using Microsoft.Playwright;

namespace Transparency.E2E.Pages;

/// <summary>The test OpenID provider's sign-in form: a sign-in name and a "Sign in" button.</summary>
public sealed class ProviderSignInPage(IPage page, Uri loginPage)
{
    /// <summary>Whether the browser is on the provider's sign-in form.</summary>
    public bool IsShown => page.Url.StartsWith(loginPage.AbsoluteUri, StringComparison.Ordinal);

    /// <summary>
    /// A sign-in is a round trip through two servers and a browser (challenge, provider, form_post, callback, the first
    /// page): on two busy cores it can take longer than one page load, so it gets a minute.
    /// </summary>
    private static readonly PageWaitForURLOptions RoundTrip = new() { Timeout = 60_000 };

    public async Task WaitUntilShownAsync() =>
        await page.WaitForURLAsync(url => url.StartsWith(loginPage.AbsoluteUri, StringComparison.Ordinal), RoundTrip);

    /// <summary>Signs in on the form and waits until the browser has left the provider for <paramref name="app"/>.</summary>
    public async Task SignInAsync(string username, Uri app)
    {
        await WaitUntilShownAsync();
        await page.GetByLabel("Sign-in name").FillAsync(username);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(app.AbsoluteUri, StringComparison.Ordinal) && !url.Contains("/signin-oidc", StringComparison.Ordinal), RoundTrip);
    }
}
