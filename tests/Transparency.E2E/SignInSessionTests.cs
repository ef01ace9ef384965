using Microsoft.Playwright;
using Transparency.E2E.Pages;

namespace Transparency.E2E;

/// <summary>An open page follows its sign-in: when the session ends elsewhere, the page stops showing the employee's data.</summary>
[Collection(AppCollection.Name)]
public sealed class SignInSessionTests(AppHost app)
{
    [Fact]
    public async Task An_open_records_page_leaves_for_the_sign_in_once_the_user_signs_out_in_another_tab()
    {
        var page = await app.NewPageAsync();
        await new SignInPage(page).SignInAsAsync("Alex Morgan");
        await page.GotoAsync("/my/records");
        await new SummaryPage(page).WaitUntilReadyAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("My records");

        var other = await page.Context.NewPageAsync();
        await other.GotoAsync("/register");
        await other.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await other.WaitForURLAsync(url => url.Contains("/dev/sign-in"));

        // Nothing is done on the first page: its circuit notices the ended session by itself.
        await page.WaitForURLAsync(url => url.Contains("/dev/sign-in"), new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign in as a demo user");
    }
}
