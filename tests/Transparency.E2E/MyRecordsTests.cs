using Deque.AxeCore.Playwright;
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
    public async Task The_filters_are_chosen_from_the_keyboard()
    {
        var page = await app.NewPageAsync();
        await new SignInPage(page).SignInAsAsync("Alex Morgan");
        var records = new RecordsListPage(page);
        await records.OpenAsync();
        var training = page.GetByLabel("Training status");
        await Assertions.Expect(training.Locator("option")).ToHaveTextAsync(["Any", "Used for training", "Withheld by you", "Quarantined (flagged)", "Not used for training"]);
        await Assertions.Expect(training.Locator("option:checked")).ToHaveTextAsync("Any");

        // Typing an option's first letters chooses it, as in any select.
        await training.FocusAsync();
        await page.Keyboard.TypeAsync("Used");

        await page.WaitForURLAsync(url => url.Contains("training=eligible"));
        await records.WaitForLoadAsync();
        await Assertions.Expect(training.Locator("option:checked")).ToHaveTextAsync("Used for training");
        await Assertions.Expect(training).ToBeFocusedAsync();
        var eligible = await records.CountAsync("total");

        // A capture kind is a checkbox: Tab reaches it, Space ticks it.
        var clicks = page.GetByRole(AriaRole.Group, new() { Name = "Capture kind" }).GetByRole(AriaRole.Checkbox, new() { Name = "Click" });
        await clicks.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.WaitForURLAsync(url => url.Contains("kind=click"));
        await records.WaitForLoadAsync();
        await Assertions.Expect(clicks).ToBeCheckedAsync();
        Assert.InRange(await records.CountAsync("total"), 1, eligible - 1);
        await Assertions.Expect(records.Rows.First).ToContainTextAsync("Click");
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

    [Fact]
    public async Task Clearing_the_filters_empties_the_search_box()
    {
        var page = await app.NewPageAsync();
        await new SignInPage(page).SignInAsAsync("Alex Morgan");
        var records = new RecordsListPage(page);
        await records.OpenAsync();
        var search = page.GetByLabel("Search summaries");

        await search.PressSequentiallyAsync("Slack");
        await page.WaitForURLAsync(url => url.Contains("q=Slack"));
        await records.WaitForLoadAsync();
        await Assertions.Expect(search).ToHaveValueAsync("Slack");

        await page.GetByRole(AriaRole.Button, new() { Name = "Clear filters" }).First.ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("q="));
        await Assertions.Expect(search).ToHaveValueAsync("");
    }

    [Fact]
    public async Task A_row_is_selected_and_cleared_from_the_keyboard()
    {
        var page = await app.NewPageAsync();
        await new SignInPage(page).SignInAsAsync("Alex Morgan");
        var records = new RecordsListPage(page);
        await records.OpenAsync();
        var box = records.Rows.First.GetByRole(AriaRole.Checkbox);
        var selection = page.GetByTestId("selection-text");

        await box.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(box).ToBeCheckedAsync();
        await Assertions.Expect(selection).ToHaveTextAsync("1 selected");

        await page.Keyboard.PressAsync("Delete");
        await Assertions.Expect(box).Not.ToBeCheckedAsync();
        await Assertions.Expect(selection).ToHaveTextAsync("Select records to act on them");

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(box).ToBeCheckedAsync();
        await Assertions.Expect(selection).ToHaveTextAsync("1 selected");

        // The next stop is the record's link, then the next row's box.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(records.Rows.First.GetByRole(AriaRole.Link)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(records.Rows.Nth(1).GetByRole(AriaRole.Checkbox)).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Flagging_a_record_quarantines_it_at_once()
    {
        var page = await app.NewPageAsync();
        await new SignInPage(page).SignInAsAsync("Samuel Okafor");
        var records = new RecordsListPage(page);
        await records.OpenAsync("flagged=true");
        var quarantinedBefore = await records.CountAsync("quarantined");
        await records.OpenAsync("training=eligible");
        var first = records.Rows.First;
        var id = Guid.Parse((await first.GetAttributeAsync("data-record-id"))!);

        await first.GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByTestId("act-flag").ClickAsync();
        // "Something else" needs a note: the dialog says so and does not submit.
        await page.GetByLabel("Other (say what in a note)").CheckAsync();
        await page.GetByTestId("confirm-flag").ClickAsync();
        await Assertions.Expect(page.GetByText("Say in a note what is wrong when the reason is \"Other\".")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Note" }).FillAsync("This was my partner using my laptop.");
        await page.GetByTestId("confirm-flag").ClickAsync();

        await Assertions.Expect(records.Snackbar).ToContainTextAsync("1 record flagged and quarantined from training");
        await records.OpenAsync("flagged=true");
        await Assertions.Expect(records.Row(id).Locator("[data-status='quarantined']")).ToHaveTextAsync("Quarantined");
        Assert.Equal(quarantinedBefore + 1, await records.CountAsync("quarantined"));
    }

    [Fact]
    public async Task Deleting_selected_records_asks_first_and_leaves_tombstones()
    {
        var page = await app.NewPageAsync();
        await new SignInPage(page).SignInAsAsync("Jonas Weber");
        var records = new RecordsListPage(page);
        await records.OpenAsync("kind=keystrokes&deleted=false");
        var ids = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var row = records.Rows.Nth(i);
            ids.Add(Guid.Parse((await row.GetAttributeAsync("data-record-id"))!));
            await row.GetByRole(AriaRole.Checkbox).CheckAsync();
        }

        await page.GetByTestId("act-delete").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync(
            "2 records will be deleted. Content is erased for good, and with it the summary, application, site, device, source, sensitivity tags and purposes. "
            + "A tombstone keeps only the record id, its kind, when it was captured, and when and why it was erased.");
        await page.GetByTestId("confirm-act").ClickAsync();
        await Assertions.Expect(records.Snackbar).ToContainTextAsync("2 records deleted.");

        await records.OpenAsync("deleted=true&kind=keystrokes");
        foreach (var id in ids)
        {
            await Assertions.Expect(records.Row(id).Locator("[data-status='deleted']")).ToHaveTextAsync("Deleted");
            await Assertions.Expect(records.Row(id)).ToContainTextAsync("(content erased)");
        }

        // The record's own page shows the tombstone, not the content.
        await records.Row(ids[0]).GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/my/records/{ids[0]}"));
        await Assertions.Expect(page.GetByTestId("tombstone")).ToContainTextAsync("You deleted it.");
        await Assertions.Expect(page.GetByTestId("details")).Not.ToContainTextAsync("Application");
    }

    [Fact]
    public async Task Withholding_on_the_record_page_says_so_with_undo_and_undo_puts_it_back()
    {
        var page = await app.NewPageAsync(timeZone: "Europe/Berlin");
        await new SignInPage(page).SignInAsAsync("Alex Morgan");
        var records = new RecordsListPage(page);
        await records.OpenAsync("kind=click&training=eligible&deleted=false");
        var id = Guid.Parse((await records.Rows.First.GetAttributeAsync("data-record-id"))!);
        // The record page needs no circuit: opening it and acting on it connect nothing.
        var sockets = new List<string>();
        page.WebSocket += (_, socket) => sockets.Add(socket.Url);
        var record = new RecordPage(page);
        await record.OpenAsync(id);
        await Assertions.Expect(record.TrainingStatus).ToHaveAttributeAsync("data-status", "eligible");
        // Times are in the browser's time zone, which the layout's script told the server.
        await Assertions.Expect(page.GetByTestId("details")).ToContainTextAsync("Europe/Berlin");

        await record.Act("Withhold from training").FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(record.Status).ToHaveTextAsync("Withheld from model training.");
        await Assertions.Expect(record.Status).ToBeFocusedAsync();
        await Assertions.Expect(record.TrainingStatus).ToHaveAttributeAsync("data-status", "withheld");
        await Assertions.Expect(record.History).ToHaveCountAsync(1);
        await Assertions.Expect(record.History.First).ToContainTextAsync("Withheld from training · by you");
        await Assertions.Expect(record.History.First).ToContainTextAsync("Europe/Berlin");
        await Axe.AssertNoViolationsAsync(page);

        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(record.Undo).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(record.Status).ToHaveTextAsync("Undone.");
        await Assertions.Expect(record.TrainingStatus).ToHaveAttributeAsync("data-status", "eligible");
        await Assertions.Expect(record.History.Locator("strong")).ToHaveTextAsync(["Withheld from training", "Released for training (undo)"]);
        await Assertions.Expect(record.Undo).ToHaveCountAsync(0);
        Assert.Empty(sockets);
    }

    [Fact]
    public async Task Deleting_on_the_record_page_asks_first_cancelling_changes_nothing_and_confirming_leaves_a_tombstone()
    {
        var page = await app.NewPageAsync();
        await new SignInPage(page).SignInAsAsync("Jonas Weber");
        var records = new RecordsListPage(page);
        await records.OpenAsync("kind=pointertrajectory&deleted=false");
        var id = Guid.Parse((await records.Rows.First.GetAttributeAsync("data-record-id"))!);
        var record = new RecordPage(page);
        await record.OpenAsync(id);
        var what = page.GetByRole(AriaRole.Heading, new() { Name = "What was captured" });
        await Assertions.Expect(what).ToBeVisibleAsync();

        await record.Step("Delete").FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var step = page.GetByRole(AriaRole.Region, new() { Name = "Delete this record?" });
        await Assertions.Expect(step.GetByRole(AriaRole.Heading, new() { Name = "Delete this record?" })).ToBeFocusedAsync();
        await Assertions.Expect(step).ToContainTextAsync(
            "Content is erased for good, and with it the summary, application, site, device, source, sensitivity tags and purposes. "
            + "A tombstone keeps only the record id, its kind, when it was captured, and when and why it was erased. This cannot be undone.");
        await Axe.AssertNoViolationsAsync(page);
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(step.GetByRole(AriaRole.Link, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(step).ToHaveCountAsync(0);
        await Assertions.Expect(page).ToHaveURLAsync($"{app.BaseUrl}/my/records/{id}");
        await Assertions.Expect(what).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("history-empty")).ToBeVisibleAsync();

        await record.Step("Delete").ClickAsync();
        await Assertions.Expect(step.GetByRole(AriaRole.Heading)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(step.GetByRole(AriaRole.Button, new() { Name = "Delete for good" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(record.Status).ToHaveTextAsync("Deleted: the record's content is erased.");
        await Assertions.Expect(page.GetByTestId("tombstone")).ToContainTextAsync("You deleted it.");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What is left" })).ToBeVisibleAsync();
        await Assertions.Expect(record.History.First).ToContainTextAsync("Deleted · by you");
        await Axe.AssertNoViolationsAsync(page);
    }

    [Theory]
    [InlineData("pointertrajectory")]
    [InlineData("click")]
    [InlineData("keystrokes")]
    [InlineData("screensnapshot")]
    [InlineData("appfocus")]
    public async Task Record_page_of_each_kind_shows_a_preview_and_has_no_accessibility_violations(string kind)
    {
        var page = await app.NewPageAsync(390, 844);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await new SignInPage(page).SignInAsAsync("Alex Morgan");
        var records = new RecordsListPage(page);
        await records.OpenAsync($"kind={kind}&deleted=false");

        await records.Rows.First.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/my/records/"));
        await page.Locator("main:not(:has([data-interactive='false']))").WaitForAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What was captured" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("No preview")).ToHaveCountAsync(0);

        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0,
            string.Join("\n", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the {kind} record page is {overflow}px wider than a 390px screen.");
        Assert.Empty(errors);
    }
}
