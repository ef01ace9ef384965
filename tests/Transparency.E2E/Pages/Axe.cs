using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Transparency.E2E.Pages;

/// <summary>axe-core's checks on the page as it stands, failing with each violation and the elements it found.</summary>
public static class Axe
{
    public static async Task AssertNoViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0,
            string.Join("\n", result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))})")));
    }
}
