using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Transparency.E2E.Pages;

namespace Transparency.E2E;

/// <summary>The employee's rules, access log and download pages, and the notice bell, in a real browser at phone width.</summary>
[Collection(AppCollection.Name)]
public sealed class MyDataPagesTests(AppHost app)
{
    [Theory]
    [InlineData("/my/rules", "Standing rules")]
    [InlineData("/my/access", "Who accessed my data")]
    [InlineData("/my/export", "Download my data")]
    [InlineData("/my/records", "My records")]
    [InlineData("/my/records?kind=pointertrajectory", "My records")]
    public async Task Each_page_fits_a_phone_and_has_no_accessibility_violations(string path, string heading)
    {
        var page = await app.NewPageAsync(390, 844);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await new SignInPage(page).SignInAsAsync("Alex Morgan");

        await page.GotoAsync(path);
        await new SummaryPage(page).WaitUntilReadyAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        await Assertions.Expect(page.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0);
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{path} is {overflow}px wider than a 390px screen.");
        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0,
            string.Join("\n", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_notice_bell_opens_from_the_keyboard()
    {
        var page = await app.NewPageAsync();
        await new SignInPage(page).SignInAsAsync("Alex Morgan");
        await new SummaryPage(page).WaitUntilReadyAsync();
        var bell = page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Notices, "), Exact = true });

        await bell.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Mark all as read" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator(":focus")).ToHaveAttributeAsync("role", "menuitem");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Mark all as read" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_download_button_saves_the_employees_zip()
    {
        var page = await app.NewPageAsync();
        await new SignInPage(page).SignInAsAsync("Alex Morgan");
        await page.GotoAsync("/my/export");
        await new SummaryPage(page).WaitUntilReadyAsync();

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Download my data (zip)" }).ClickAsync());

        Assert.Matches(@"^transparency-E00001-\d{8}-\d{4}\.zip$", download.SuggestedFilename);
        Assert.Null(await download.FailureAsync());
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/my/export$"));
    }
}
