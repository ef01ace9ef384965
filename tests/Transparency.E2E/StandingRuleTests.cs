using Microsoft.Playwright;
using Transparency.Core.EventStore;
using Transparency.E2E.Pages;
using Transparency.Testing;

namespace Transparency.E2E;

[Collection(AppCollection.Name)]
public sealed class StandingRuleTests(AppHost app)
{
    [Fact]
    public async Task A_rule_made_today_withholds_a_record_captured_afterwards()
    {
        var page = await app.NewPageAsync();
        await new SignInPage(page).SignInAsAsync("Tomasz Kowalczyk");
        await page.GotoAsync("/my/rules");
        await page.Locator("main[data-interactive='true']").WaitForAsync();

        await page.GetByTestId("rule-kind").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Screen snapshots" }).ClickAsync();
        // The effect is shown before saving.
        await Assertions.Expect(page.GetByTestId("rule-preview")).ToContainTextAsync("Covers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save rule" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("rule-description").Filter(new() { HasText = "screen snapshots" })).ToBeVisibleAsync();

        // The capture pipeline writes a new snapshot of Tomasz after the rule was made.
        var later = TestData.Record("E00003", DateTime.UtcNow, CaptureKind.ScreenSnapshot,
            Purposes.OperationalTelemetry | Purposes.ModelTraining, application: "Microsoft Excel");
        await using (var db = await app.Store.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            db.CaptureRecords.Add(later);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var records = new RecordsListPage(page);
        await records.OpenAsync("kind=screensnapshot");
        await Assertions.Expect(records.Row(later.Id).Locator("[data-status='withheld-rule']")).ToHaveTextAsync("Withheld by your rule");
    }
}
