using Microsoft.Playwright;

namespace Transparency.E2E.Pages;

/// <summary>
/// One of the employee's records at /my/records/{id}, rendered on the server without a circuit: its acts are buttons of
/// forms, flagging and deleting are links to a step of the page, and what an act did is said in a status with Undo.
/// </summary>
public sealed class RecordPage(IPage page)
{
    public async Task OpenAsync(Guid id) => await page.GotoAsync($"/my/records/{id}");

    public ILocator Actions => page.GetByTestId("actions");

    /// <summary>An act done at once (withhold, release): a button.</summary>
    public ILocator Act(string name) => Actions.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>An act that asks first (flag, delete): a link to its step.</summary>
    public ILocator Step(string name) => Actions.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    /// <summary>What the last act did.</summary>
    public ILocator Status => page.GetByTestId("act-status-text");

    public ILocator Undo => page.GetByTestId("act-status").GetByRole(AriaRole.Button, new() { Name = "Undo" });

    public ILocator TrainingStatus => page.GetByTestId("training").Locator("[data-status]");

    public ILocator History => page.GetByTestId("history").Locator("li");
}
