using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Transparency.Core.AccessLog;
using Transparency.Core.EventStore;
using Transparency.E2E.Pages;

namespace Transparency.E2E;

/// <summary>The employee's rules, access log and download pages, and the notice bell, in a real browser.</summary>
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

    /// <summary>
    /// Jonas's data was read thirty-two times in March 2020 (thirty reviews by the privacy officer, two HR downloads): more than
    /// a page of 25, in a month no other test touches.
    /// </summary>
    [Fact]
    public async Task The_access_log_filters_and_pages_from_the_keyboard()
    {
        await using (var db = await app.Store.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            db.AccessLog.AddRange(Enumerable.Range(1, 30).Select(day => AccessLogService.Entry("E00004",
                new DateTime(2020, 3, day, 9, 0, 0, DateTimeKind.Utc), "E00006", ActorRole.PrivacyOfficer, AccessChannel.PrivacyOfficerReview, $"March review {day}")));
            db.AccessLog.AddRange(
                AccessLogService.Entry("E00004", new DateTime(2020, 3, 10, 15, 0, 0, DateTimeKind.Utc), "E00005", ActorRole.HR, AccessChannel.HrDisclosureDownload, "March request"),
                AccessLogService.Entry("E00004", new DateTime(2020, 3, 20, 15, 0, 0, DateTimeKind.Utc), "E00005", ActorRole.HR, AccessChannel.HrDisclosureDownload, "March copy"));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var page = await app.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await new SignInPage(page).SignInAsAsync("Jonas Weber");
        await page.GotoAsync("/my/access?from=2020-03-01&to=2020-03-31");
        await new SummaryPage(page).WaitUntilReadyAsync();
        var rows = page.GetByTestId("access-table").Locator("tbody tr");
        var status = page.GetByTestId("access-page");
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        await Assertions.Expect(status).ToHaveTextAsync("Page 1 of 2");
        await Axe.AssertNoViolationsAsync(page);

        // The channel is the browser's own select: typing its first letters chooses. Enter on the button sends the form; the
        // filter goes into the address and the focus stays on the button.
        var channel = page.GetByLabel("Channel");
        await channel.FocusAsync();
        await page.Keyboard.TypeAsync("Priv");
        await Assertions.Expect(channel.Locator("option:checked")).ToHaveTextAsync("Privacy officer review");
        var apply = page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" });
        await apply.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/my/access\?channel=PrivacyOfficerReview&from=2020-03-01&to=2020-03-31$"));
        await Assertions.Expect(rows.Filter(new() { HasText = "HR disclosure download" })).ToHaveCountAsync(0);
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        await Assertions.Expect(rows.First).ToContainTextAsync("March review 30");
        await Assertions.Expect(apply).ToBeFocusedAsync();

        // Next is a link: Enter follows it. On the last page it is gone, and the focus is on the page number.
        await page.GetByRole(AriaRole.Link, new() { Name = "Next" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("&page=2$"));
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        await Assertions.Expect(status).ToHaveTextAsync("Page 2 of 2");
        await Assertions.Expect(status).ToBeFocusedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Next" })).ToBeDisabledAsync();
        // Shift+Tab reaches Previous, which goes back.
        await page.Keyboard.PressAsync("Shift+Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Previous" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(status).ToHaveTextAsync("Page 1 of 2");
        await Assertions.Expect(rows.First).ToContainTextAsync("March review 30");
        await Assertions.Expect(status).ToBeFocusedAsync();

        // A range that ends before it starts is explained; Enter in the date field sends the form, and the focus stays there.
        var from = page.GetByLabel("From", new() { Exact = true });
        var to = page.GetByLabel("To", new() { Exact = true });
        await from.FillAsync("2020-03-20");
        await to.FillAsync("2020-03-10");
        await to.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("from=2020-03-20&to=2020-03-10$"));
        await Assertions.Expect(page.GetByTestId("access-problem")).ToHaveTextAsync("The date range starts (2020-03-20) after it ends (2020-03-10).");
        await Assertions.Expect(page.GetByTestId("access-empty")).ToHaveTextAsync("No access matches these filters.");
        await Assertions.Expect(to).ToBeFocusedAsync();
        await Axe.AssertNoViolationsAsync(page);

        // Clearing the filters lists every access again.
        await page.GetByRole(AriaRole.Link, new() { Name = "Clear filters" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/my/access$"));
        await Assertions.Expect(page.GetByTestId("access-problem")).ToHaveCountAsync(0);
        await Assertions.Expect(channel.Locator("option:checked")).ToHaveTextAsync("Every channel");
        await Assertions.Expect(rows.Filter(new() { HasText = "March copy" })).ToHaveCountAsync(1);
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
