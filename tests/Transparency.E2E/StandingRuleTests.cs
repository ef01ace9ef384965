using Microsoft.Playwright;
using System.Net;
using Transparency.Core.Demo;
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
        await page.Locator("main:not(:has([data-interactive='false']))").WaitForAsync();

        await page.GetByTestId("rule-kind").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Screen snapshots" }).ClickAsync();
        // The effect is shown before saving.
        await Assertions.Expect(page.GetByTestId("rule-preview")).ToContainTextAsync("Covers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save rule" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("rule-description").Filter(new() { HasText = "screen snapshots" })).ToBeVisibleAsync();

        // The capture pipeline sends a new snapshot of Tomasz after the rule was made, through the ingestion API.
        var later = CaptureBatches.Snapshot("E00003");
        later["capturedAt"] = DateTime.UtcNow.AddSeconds(-5).ToString("O");
        using (var capture = new HttpClient { BaseAddress = new Uri(app.BaseUrl) })
        {
            capture.DefaultRequestHeaders.Add("X-Api-Key", DemoApiKeys.CaptureKey);
            using var body = new ByteArrayContent(CaptureBatches.Json(later));
            body.Headers.ContentType = new("application/json");
            using var response = await capture.PostAsync("/api/v1/capture-records", body, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var records = new RecordsListPage(page);
        await records.OpenAsync("kind=screensnapshot");
        await Assertions.Expect(records.Row(CaptureBatches.Id(later)).Locator("[data-status='withheld-rule']")).ToHaveTextAsync("Withheld by your rule");
    }
}
