using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Transparency.Web.Auth;
using Transparency.Web.Components.Layout;

namespace Transparency.Web.Tests.Components;

/// <summary>
/// The layout every page renders, signed in as E1, as the server renders it without a circuit: the app bar's controls and the
/// menu's links by their names, drawn as markup rather than a MudBlazor component each, and its two switches working without
/// one (the menu button through js/layout.js, the theme button as a form).
/// </summary>
public sealed class MainLayoutTests : SignedInEmployeeContext
{
    [Fact]
    public void App_bar_and_menu_keep_their_names_and_mark_the_current_page()
    {
        var cut = Open("/my/records");

        Assert.Equal("/my/records", cut.Find("a.mud-nav-link.active").GetAttribute("href"));
        Assert.Equal(
            ["My summary", "My records", "Standing rules", "Who accessed my data", "Download my data", "Processing register", "Verify a disclosure"],
            cut.FindAll("nav[aria-label='Main'] a").Select(a => Text(a)));
        Assert.NotNull(cut.Find("form[action='/sign-out'] button[type='submit'][aria-label='Sign out']"));
        Assert.Equal("Employee E1", Text(cut.Find("[data-testid='signed-in-as']")));
        Assert.Equal("Notices, none unread", cut.Find("[data-testid='notice-bell'] button[popovertarget]").GetAttribute("aria-label"));
        // Nothing in the app bar or the menu is a MudBlazor component that would need a circuit to act.
        Assert.Empty(cut.FindComponents<MudNavLink>());
        Assert.Empty(cut.FindComponents<MudIconButton>());
        Assert.Empty(cut.FindComponents<MudButton>());
        Assert.Empty(cut.FindComponents<MudMenu>());
    }

    [Fact]
    public void The_menu_button_names_the_drawer_it_opens_and_closes()
    {
        var cut = Open("/my/records");

        var toggle = cut.Find("button[aria-label='Open or close the menu']");
        Assert.Equal("button", toggle.GetAttribute("type"));
        Assert.True(toggle.HasAttribute("data-drawer-toggle"));
        Assert.Equal("app-drawer", toggle.GetAttribute("aria-controls"));
        Assert.Equal("true", toggle.GetAttribute("aria-expanded"));
        // The drawer it controls is there, holding the menu.
        Assert.NotNull(cut.Find("#app-drawer nav[aria-label='Main']"));
    }

    [Fact]
    public void In_the_light_theme_the_theme_button_posts_a_switch_to_dark()
    {
        var cut = Open("/my/records?kind=click");

        var form = ThemeForm(cut);
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("dark", Field(form, "theme"));
        Assert.Equal("Use the dark theme", form.QuerySelector("button[type='submit']")?.GetAttribute("aria-label"));
        Assert.Empty(cut.FindAll("button[aria-label='Use the light theme']"));
        Assert.Contains($"--mud-palette-appbar-background: {AppTheme.Theme.PaletteLight.AppbarBackground}", cut.Markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void In_the_dark_theme_the_theme_button_posts_a_switch_to_light()
    {
        var cut = Open("/my/access", new ThemeChoice(Dark: true));

        var form = ThemeForm(cut);
        Assert.Equal("light", Field(form, "theme"));
        Assert.Equal("Use the light theme", form.QuerySelector("button[type='submit']")?.GetAttribute("aria-label"));
        Assert.Empty(cut.FindAll("button[aria-label='Use the dark theme']"));
        Assert.Contains($"--mud-palette-appbar-background: {AppTheme.Theme.PaletteDark.AppbarBackground}", cut.Markup, StringComparison.OrdinalIgnoreCase);
    }

    private IRenderedComponent<MainLayout> Open(string path, ThemeChoice? theme = null)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("Employee E1");
        auth.SetRoles("Employee");
        auth.SetPolicies(AppPolicies.Employee);
        auth.SetClaims(new Claim(AppClaims.EmployeeId, "E1"));
        // The layout renders on the server without a circuit.
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        Services.GetRequiredService<NavigationManager>().NavigateTo(path);
        return Render<MainLayout>(p =>
        {
            p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page")));
            // What App.razor cascades from the request.
            if (theme is not null)
                p.AddCascadingValue(theme);
        });
    }

    private static IElement ThemeForm(IRenderedComponent<MainLayout> cut) => cut.Find("form[action='/preferences/theme']");

    private static string? Field(IElement form, string name) => form.QuerySelector($"input[type='hidden'][name='{name}']")?.GetAttribute("value");
}
