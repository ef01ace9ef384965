using Microsoft.Playwright;
using Transparency.E2E.Pages;

namespace Transparency.E2E;

/// <summary>An employee finds records, acts on them, and sees the act take effect.</summary>
[Collection(AppCollection.Name)]
public sealed class MyRecordsTests(AppHost app)
{
    [Fact]
    public async Task Filter_select_all_matching_and_withhold_changes_counts_and_status()
    {
        var page = await app.NewPageAsync();
        await new SignInPage(page).SignInAsAsync("Maria Rossi");
        var records = new RecordsListPage(page);
        await records.OpenAsync("kind=click&training=eligible");

        var matching = await records.CountAsync("total");
        Assert.True(matching > 50, $"the demo employee has more eligible clicks than one page ({matching})");

        await records.SelectPageAsync();
        await records.SelectAllMatching.ClickAsync();
        await Assertions.Expect(page.GetByTestId("selection-text")).ToContainTextAsync($"All {matching:N0} records matching this filter are selected");
        await records.ActAsync("withhold");

        await Assertions.Expect(records.Snackbar).ToContainTextAsync($"{matching:N0} records withheld from training");
        await records.WaitForLoadAsync();
        // The filter still says "eligible": nothing of it is left.
        await Assertions.Expect(page.GetByTestId("count-total")).ToHaveAttributeAsync("data-value", "0");

        await records.OpenAsync("kind=click&training=withheld");
        Assert.True(await records.CountAsync("withheld") >= matching);
        await Assertions.Expect(records.Rows.First.Locator("[data-status='withheld']")).ToHaveTextAsync("Withheld by you");
    }

    [Fact]
    public async Task The_filter_lives_in_the_url()
    {
        var page = await app.NewPageAsync();
        await new SignInPage(page).SignInAsAsync("Alex Morgan");
        var records = new RecordsListPage(page);
        await records.OpenAsync();
        var all = await records.CountAsync("total");

        await page.GetByLabel("Search summaries").FillAsync("Slack");
        await page.WaitForURLAsync(url => url.Contains("q=Slack"));
        await Assertions.Expect(page.GetByTestId("count-total")).Not.ToHaveAttributeAsync("data-value", all.ToString());
        var found = await records.CountAsync("total");
        Assert.InRange(found, 1, all - 1);

        // A bookmarked URL shows the same view.
        var other = await app.NewPageAsync();
        await new SignInPage(other).SignInAsAsync("Alex Morgan");
        var again = new RecordsListPage(other);
        await again.OpenAsync("q=Slack");
        Assert.Equal(found, await again.CountAsync("total"));
    }
}
