using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Transparency.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Transparency.E2E;

/// <summary>
/// The demo works council member reads the usage report in a real browser: choosing a period and an org unit, seeing what is
/// suppressed, downloading it. The page renders on the server: the choices are a form, and nothing opens a circuit.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CouncilReportTests(AppHost app)
{
    [Fact]
    public async Task The_works_council_member_changes_period_and_org_unit_sees_suppressed_cells_and_downloads_CSV_and_PDF()
    {
        var page = await app.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await new SignInPage(page).SignInAsAsync("Jonas Weber");
        var sockets = new List<string>();
        page.WebSocket += (_, socket) => sockets.Add(socket.Url);

        await page.GotoAsync("/council/reports");
        await new SummaryPage(page).WaitUntilReadyAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Usage report");
        var units = page.Locator("[data-testid='report-units']");
        await Expect(units).ToBeVisibleAsync();
        await Expect(page.GetByTestId("report-summary")).ToContainTextAsync("records captured");
        // The demo's works council has fewer than five people: its row says so instead of any figure.
        var council = units.GetByRole(AriaRole.Row).Filter(new() { HasText = "Works Council" });
        await Expect(council.GetByRole(AriaRole.Cell).First).ToHaveTextAsync("suppressed (fewer than 5 people)");
        await Axe.AssertNoViolationsAsync(page);

        // Months instead of weeks: the same stretch of time, in the months its weeks belong to.
        var show = page.GetByRole(AriaRole.Button, new() { Name = "Show report" });
        await Field(page, "Period in").SelectOptionAsync(new SelectOptionValue { Label = "Months" });
        await show.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"period=months&from=\d{4}-W\d{2}&to=\d{4}-W\d{2}"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync("months");
        await Expect(Field(page, "From").Locator("option:checked")).ToHaveTextAsync(new Regex(@"^[A-Z][a-z]+ \d{4}"));

        var unit = Field(page, "Org unit");
        var engineering = await unit.Locator("option", new() { HasTextRegex = new Regex(@"^\s*Engineering$") }).GetAttributeAsync("value");
        await unit.SelectOptionAsync(engineering!);
        await show.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("unit=OU-ENG&period=months"));
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Org unit path" })).ToContainTextAsync("Engineering");
        await Expect(page.GetByTestId("report-summary").Or(page.GetByTestId("report-empty"))).ToBeVisibleAsync();
        await Expect(unit.Locator("option:checked")).ToHaveTextAsync(new Regex(@"Engineering$"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("report-csv").ClickAsync());
        Assert.StartsWith("usage-report-OU-ENG-months-", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Contains("Org unit,Demo Organisation / Engineering", csv);
        Assert.Contains("Section,Row,Records captured", csv);
        var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("report-pdf").ClickAsync());
        Assert.StartsWith("usage-report-OU-ENG-months-", pdf.SuggestedFilename);
        Assert.EndsWith(".pdf", pdf.SuggestedFilename);
        Assert.Equal("%PDF-"u8.ToArray(), (await File.ReadAllBytesAsync(await pdf.PathAsync(), TestContext.Current.CancellationToken))[..5]);
        // The downloads leave the report where it was.
        await Expect(page).ToHaveURLAsync(new Regex("unit=OU-ENG&period=months"));
        Assert.Empty(errors);
        Assert.Empty(sockets);
    }

    [Fact]
    public async Task The_report_fits_a_phone_and_its_kind_is_chosen_with_the_keyboard()
    {
        var page = await app.NewPageAsync(390, 844);
        await new SignInPage(page).SignInAsAsync("Jonas Weber");
        await page.GotoAsync("/council/reports");
        await new SummaryPage(page).WaitUntilReadyAsync();
        await Expect(page.GetByTestId("report-summary")).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The report is {overflow}px wider than a 390px screen.");
        await Axe.AssertNoViolationsAsync(page);

        // The kind is the browser's own select: the down arrow moves to the first kind. Tab goes on to Show report, and Enter
        // there asks for the report; the focus stays on the button.
        var kind = Field(page, "Capture kind");
        await kind.FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(kind.Locator("option:checked")).ToHaveTextAsync("Pointer paths");
        await page.Keyboard.PressAsync("Tab");
        var show = page.GetByRole(AriaRole.Button, new() { Name = "Show report" });
        await Expect(show).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("kind=PointerTrajectory"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync("Pointer paths only");
        await Expect(show).ToBeFocusedAsync();
        await Expect(kind.Locator("option:checked")).ToHaveTextAsync("Pointer paths");
    }

    [Fact]
    public async Task A_period_that_ends_before_it_starts_is_refused_by_the_browser_and_explained_by_the_page()
    {
        var page = await app.NewPageAsync();
        await new SignInPage(page).SignInAsAsync("Jonas Weber");
        await page.GotoAsync("/council/reports");
        await new SummaryPage(page).WaitUntilReadyAsync();
        var to = Field(page, "To");
        var oldest = await to.Locator("option").Last.GetAttributeAsync("value");

        // The browser keeps the form and says why under the field.
        await to.SelectOptionAsync(oldest!);
        await Expect(page.GetByText("The period ends before it starts.")).ToBeVisibleAsync();
        await Expect(to).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show report" }).ClickAsync();
        Assert.False(await to.EvaluateAsync<bool>("select => select.validity.valid"));
        await Expect(page).ToHaveURLAsync(new Regex("/council/reports$"));

        // The same period in an address: the page says what is wrong, shows no figures, and offers the default report.
        await page.GotoAsync("/council/reports?period=weeks&from=2020-W10&to=2020-W02");
        await Expect(page.GetByTestId("report-problem")).ToContainTextAsync("The period ends before it starts.");
        await Expect(page.GetByTestId("report-summary")).ToHaveCountAsync(0);
        await Expect(to).ToHaveAttributeAsync("aria-invalid", "true");
        await Axe.AssertNoViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Show the default report" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/council/reports$"));
        await Expect(page.GetByTestId("report-summary")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("report-problem")).ToHaveCountAsync(0);
    }

    /// <summary>One of the report form's selects, by its label.</summary>
    private static ILocator Field(IPage page, string label) => page.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true });
}
