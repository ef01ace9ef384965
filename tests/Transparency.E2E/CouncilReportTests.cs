using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Transparency.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace Transparency.E2E;

/// <summary>The demo works council member reads the usage report in a real browser: choosing a period and an org unit, seeing what is suppressed, downloading it.</summary>
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

        await ChooseAsync(page, "report-period", "Months");
        await Expect(page).ToHaveURLAsync(new Regex("period=months"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync("months");

        await ChooseAsync(page, "report-unit", "Engineering");
        await Expect(page).ToHaveURLAsync(new Regex("unit=OU-ENG"));
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Org unit path" })).ToContainTextAsync("Engineering");
        await Expect(page.GetByTestId("report-summary").Or(page.GetByTestId("report-empty"))).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("report-csv").ClickAsync());
        Assert.StartsWith("usage-report-OU-ENG-months-", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Contains("Org unit,Demo Organisation / Engineering", csv);
        Assert.Contains("Section,Row,Records captured", csv);
        var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("report-pdf").ClickAsync());
        Assert.StartsWith("usage-report-OU-ENG-months-", pdf.SuggestedFilename);
        Assert.EndsWith(".pdf", pdf.SuggestedFilename);
        Assert.Equal("%PDF-"u8.ToArray(), (await File.ReadAllBytesAsync(await pdf.PathAsync(), TestContext.Current.CancellationToken))[..5]);
        Assert.Empty(errors);
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

        // Tab to the kind select, open it with Enter, move to the first kind and take it with Enter.
        var kind = page.GetByTestId("report-kind");
        await kind.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("kind=PointerTrajectory"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync("only");
    }

    /// <summary>Opens a select by its test id and picks the option showing <paramref name="option"/>.</summary>
    private static async Task ChooseAsync(IPage page, string testId, string option)
    {
        await page.GetByTestId(testId).ClickAsync();
        var item = page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(option)}\\s*$") });
        await item.ClickAsync();
    }
}
