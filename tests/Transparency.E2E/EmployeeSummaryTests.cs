using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Transparency.E2E.Pages;

namespace Transparency.E2E;

[Collection(AppCollection.Name)]
public sealed class EmployeeSummaryTests(AppHost app)
{
    [Fact]
    public async Task Employee_signs_in_and_sees_what_was_captured_about_them()
    {
        var page = await app.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };

        // Anonymous: the summary is behind sign-in.
        await page.GotoAsync("/");
        Assert.Contains("/dev/sign-in", page.Url);

        await new SignInPage(page).SignInAsAsync("Alex Morgan");
        var summary = new SummaryPage(page);
        await summary.WaitUntilReadyAsync();

        await Assertions.Expect(summary.Heading).ToHaveTextAsync("What was captured about you");
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync("Alex Morgan");
        var records = await summary.FigureAsync("records");
        Assert.True(records > 0, "the demo employee has records in the last 30 days");
        Assert.True(await summary.FigureAsync("eligible") <= records);
        await Assertions.Expect(summary.KindPurposeTable.GetByRole(AriaRole.Rowheader, new() { Name = "Keystrokes" })).ToBeVisibleAsync();
        await Assertions.Expect(summary.Chart.First).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Summary_page_has_no_accessibility_violations()
    {
        var page = await app.NewPageAsync();
        await new SignInPage(page).SignInAsAsync("Priya Natarajan");
        await new SummaryPage(page).WaitUntilReadyAsync();

        var result = await page.RunAxe();

        Assert.True(result.Violations.Length == 0,
            string.Join("\n", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
    }

    [Fact]
    public async Task Processing_register_is_public_and_accessible()
    {
        var page = await app.NewPageAsync(390, 844);
        await page.GotoAsync("/register");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Processing register", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "AI model training" })).ToBeVisibleAsync();
        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0,
            string.Join("\n", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
    }
}
