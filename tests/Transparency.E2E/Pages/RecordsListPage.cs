using Microsoft.Playwright;

namespace Transparency.E2E.Pages;

/// <summary>The employee's records list at /my/records.</summary>
public sealed class RecordsListPage(IPage page)
{
    public async Task OpenAsync(string query = "")
    {
        await page.GotoAsync("/my/records" + (query.Length > 0 ? "?" + query : ""));
        await page.Locator("main:not(:has([data-interactive='false']))").WaitForAsync();
        await WaitForLoadAsync();
    }

    /// <summary>Waits until no load is in progress and the counts are shown.</summary>
    public async Task WaitForLoadAsync()
    {
        await page.GetByTestId("count-total").WaitForAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0);
    }

    public async Task<int> CountAsync(string name) =>
        int.Parse(await page.GetByTestId($"count-{name}").GetAttributeAsync("data-value") ?? "-1");

    public ILocator Rows => page.Locator("li.record-row");

    public ILocator Row(Guid id) => page.Locator($"li.record-row[data-record-id='{id}']");

    public async Task SelectPageAsync() => await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select all records on this page" }).CheckAsync();

    public ILocator SelectAllMatching => page.GetByTestId("select-all-matching");

    public async Task ActAsync(string action, string confirmTestId = "confirm-act")
    {
        await page.GetByTestId($"act-{action}").ClickAsync();
        await page.GetByTestId(confirmTestId).ClickAsync();
    }

    public ILocator Snackbar => page.Locator(".mud-snackbar");
}
