using Microsoft.Playwright;

namespace Transparency.E2E.Pages;

/// <summary>The employee's home summary.</summary>
public sealed class SummaryPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    /// <summary>
    /// Waits until the page can be used: at once for a page rendered on the server, and for a page with a circuit until the
    /// circuit has taken it over, so that clicks are not lost.
    /// </summary>
    public async Task WaitUntilReadyAsync() =>
        await page.Locator("main:not(:has([data-interactive='false']))").WaitForAsync();

    public async Task<int> FigureAsync(string testId) =>
        int.Parse(await page.Locator($"[data-testid='figure-{testId}'] [data-value]").GetAttributeAsync("data-value") ?? "-1");

    public ILocator KindPurposeTable => page.GetByRole(AriaRole.Table, new() { Name = "Records by capture kind and purpose" });

    public ILocator Chart => page.Locator("[role='img'] svg");
}
