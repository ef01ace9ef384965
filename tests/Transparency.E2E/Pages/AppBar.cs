using Microsoft.Playwright;

namespace Transparency.E2E.Pages;

/// <summary>The app bar: who is signed in, and the sign-out button (a form POST to /sign-out).</summary>
public sealed class AppBar(IPage page)
{
    public ILocator SignedInAs => page.GetByTestId("signed-in-as");

    public ILocator SignOutButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });

    public ILocator SignInLink => page.GetByRole(AriaRole.Link, new() { Name = "Sign in" });

    /// <summary>The main menu's links.</summary>
    public ILocator MenuLink(string name) => page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
}
