using Transparency.E2E.Pages;
using Microsoft.Playwright;
using Transparency.OpenIdProvider;
using static Microsoft.Playwright.Assertions;

namespace Transparency.E2E.Production;

/// <summary>The pages a sign-in can end on besides the person's data are labelled and pass axe-core's checks.</summary>
[Collection(ProductionCollection.Name)]
public sealed class SignInPagesAccessibilityTests(ProductionHost host)
{
    [Theory]
    [InlineData("/signed-out", "You are signed out")]
    [InlineData("/sign-in-failed", "Sign-in did not complete")]
    [InlineData("/sign-in-failed?reason=left", "Your access has ended")]
    public async Task A_page_after_sign_out_or_a_refused_sign_in_passes_axe(string path, string heading)
    {
        var page = await host.NewPageAsync();

        await page.GotoAsync(path);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        await Axe.AssertNoViolationsAsync(page);
    }

    [Fact]
    public async Task The_notice_for_an_unlinked_account_passes_axe()
    {
        var stranger = host.Provider.Users.Put(ProviderUser.Create(ProductionHost.TenantId, "Robin Stranger", "robin.stranger@demo.transparency", "Employee"));
        try
        {
            var page = await host.SignInAsync(stranger.PreferredUsername);

            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(ProductionSignInTests.NotLinked);
            await Axe.AssertNoViolationsAsync(page);
        }
        finally
        {
            host.Provider.Users.Remove(stranger.ObjectId);
        }
    }
}
