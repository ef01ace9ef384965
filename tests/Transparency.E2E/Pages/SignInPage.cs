using Microsoft.Playwright;

namespace Transparency.E2E.Pages;

/// <summary>The development sign-in page: one card per demo user.</summary>
public sealed class SignInPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/dev/sign-in");

    public ILocator SignInButton(string displayName) =>
        page.GetByRole(AriaRole.Button, new() { Name = $"Sign in as {displayName}" });

    public async Task SignInAsAsync(string displayName)
    {
        await OpenAsync();
        await SignInButton(displayName).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/dev/sign-in"));
    }
}
