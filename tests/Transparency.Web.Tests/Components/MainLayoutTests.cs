using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Transparency.Web.Auth;
using Transparency.Web.Components.Layout;

namespace Transparency.Web.Tests.Components;

/// <summary>
/// The layout every page renders, signed in as E1: the app bar's controls and the menu's links by their names,
/// drawn as markup rather than a MudBlazor component each.
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
        Assert.NotNull(cut.Find("button[aria-label='Open or close the menu']"));
        Assert.NotNull(cut.Find("form[action='/sign-out'] button[type='submit'][aria-label='Sign out']"));
        Assert.Equal("Employee E1", Text(cut.Find("[data-testid='signed-in-as']")));
        Assert.Empty(cut.FindComponents<MudNavLink>());
        // The notice bell is a MudMenu, its button the only icon button left.
        Assert.Single(cut.FindComponents<MudIconButton>());
        Assert.Empty(cut.FindComponents<MudButton>());
    }

    [Fact]
    public void Theme_button_says_which_theme_it_will_switch_to()
    {
        var cut = Open("/my/records");

        cut.Find("button[aria-label='Use the dark theme']").Click();

        Assert.NotNull(cut.Find("button[aria-label='Use the light theme']"));
    }

    private IRenderedComponent<MainLayout> Open(string path)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("Employee E1");
        auth.SetRoles("Employee");
        auth.SetPolicies(AppPolicies.Employee);
        auth.SetClaims(new Claim(AppClaims.EmployeeId, "E1"));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Services.GetRequiredService<NavigationManager>().NavigateTo(path);
        return Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page"))));
    }
}
