using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Transparency.E2E.Pages;
using Transparency.Testing;
using static Microsoft.Playwright.Assertions;

namespace Transparency.E2E;

/// <summary>
/// The privacy officer's review in a real browser: an employee flags a record, the officer finds and answers it, and the
/// employee reads the answer in a notice, sees the record's new status and the officer's look in their access log.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ReviewTests(AppHost app)
{
    private const string Note = "The window shows my partner's message, please check.";
    private const string Answer = "The message preview is not readable in the capture; the record is work content.";

    [Fact]
    public async Task An_employee_flags_a_record_the_officer_dismisses_it_and_the_employee_sees_the_answer()
    {
        // Alex flags a record that carries no flag yet.
        var employee = await app.NewPageAsync();
        await new SignInPage(employee).SignInAsAsync("Alex Morgan");
        var records = new RecordsListPage(employee);
        await records.OpenAsync("kind=appfocus&flagged=false&deleted=false");
        var row = records.Rows.First;
        var recordId = await row.GetAttributeAsync("data-record-id");
        Assert.NotNull(recordId);
        var recordPage = new RecordPage(employee);
        await recordPage.OpenAsync(Guid.Parse(recordId));
        await recordPage.Step("Flag").ClickAsync();
        // The flag step is a part of the page that takes focus when it shows.
        await Expect(employee.GetByRole(AriaRole.Heading, new() { Name = "Flag this record" })).ToBeFocusedAsync();
        await Axe.AssertNoViolationsAsync(employee);
        await employee.GetByLabel("Other (say what in a note)").CheckAsync();
        await employee.GetByRole(AriaRole.Textbox, new() { Name = "Note" }).FillAsync(Note);
        await employee.GetByTestId("confirm-flag").ClickAsync();
        await Expect(recordPage.Status).ToHaveTextAsync("Flagged. The record is kept out of model training until the privacy officer reviews your flag.");
        await Expect(recordPage.Act("Flagged: awaiting review")).ToBeDisabledAsync();

        // The officer finds it through the queue's filters, which live in the address.
        var officer = await app.NewPageAsync();
        await new SignInPage(officer).SignInAsAsync("Samuel Okafor");
        await officer.GotoAsync("/review");
        await new SummaryPage(officer).WaitUntilReadyAsync();
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Flag review");
        await Expect(officer.GetByTestId("flag-table").Locator("tbody tr").First).ToBeVisibleAsync();
        await Axe.AssertNoViolationsAsync(officer);

        await officer.GetByTestId("filter-category").ClickAsync();
        await officer.GetByRole(AriaRole.Option, new() { Name = "Other" }).ClickAsync();
        await Expect(officer).ToHaveURLAsync(new Regex("/review\\?category=Other$"));
        var flagRow = officer.GetByTestId("flag-table").Locator("tbody tr").Filter(new() { HasText = Note });
        await Expect(flagRow).ToHaveCountAsync(1);
        await Expect(flagRow).ToContainTextAsync("Alex Morgan");
        await flagRow.GetByTestId("open-flag").ClickAsync();

        await Expect(officer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Flag of Alex Morgan");
        await Expect(officer.GetByTestId("flag-facts")).ToContainTextAsync(Note);
        await Expect(officer.GetByTestId("record-facts")).ToContainTextAsync(recordId);
        await Expect(officer.GetByTestId("record-history")).ToContainTextAsync("Flagged");
        await Axe.AssertNoViolationsAsync(officer);

        // The answer needs an outcome and a reason, and says what it does before it is given.
        await officer.GetByTestId("resolve").ClickAsync();
        await officer.GetByTestId("confirm-resolve").ClickAsync();
        await Expect(officer.GetByTestId("outcome-error")).ToBeVisibleAsync();
        await officer.GetByLabel("Dismiss (end the quarantine; the record stays as it is)").CheckAsync();
        await Expect(officer.GetByTestId("resolve-consequence")).ToContainTextAsync("ends the training quarantine of 1 record");
        await officer.Locator("#resolve-reason").FillAsync(Answer);
        await Axe.AssertNoViolationsAsync(officer);
        await officer.GetByTestId("confirm-resolve").ClickAsync();
        await Expect(officer).ToHaveURLAsync(new Regex("/review\\?category=Other$"));
        await Expect(officer.Locator(".mud-snackbar")).ToContainTextAsync("Dismissed. Alex Morgan has been told.");
        await Expect(officer.GetByTestId("flag-table").Locator("tbody tr").Filter(new() { HasText = Note })).ToHaveCountAsync(0);

        // Alex reads the answer, sees the record no longer waiting, and sees the officer's look at it.
        await recordPage.OpenAsync(Guid.Parse(recordId));
        await Expect(recordPage.Step("Flag")).ToBeVisibleAsync();
        await Expect(recordPage.Act("Flagged: awaiting review")).ToHaveCountAsync(0);
        await Expect(employee.GetByTestId("history")).ToContainTextAsync("Flag dismissed");
        await Expect(employee.GetByTestId("history")).ToContainTextAsync(Answer);
        var bell = employee.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Notices, "), Exact = true });
        await bell.ClickAsync();
        await Expect(employee.Locator(".notice-item").Filter(new() { HasText = Answer })).ToContainTextAsync("dismissed your flag");
        await employee.Keyboard.PressAsync("Escape");

        await employee.GotoAsync("/my/access");
        await new SummaryPage(employee).WaitUntilReadyAsync();
        var newest = employee.GetByTestId("access-table").Locator("tbody tr").First;
        await Expect(newest).ToContainTextAsync("Privacy officer review");
        await Expect(newest).ToContainTextAsync("samuel.okafor");
    }

    [Fact]
    public async Task The_officer_places_and_lifts_a_legal_hold_and_reads_it_in_the_activity()
    {
        var officer = await app.NewPageAsync();
        await new SignInPage(officer).SignInAsAsync("Samuel Okafor");
        await officer.GotoAsync("/review/holds");
        await new SummaryPage(officer).WaitUntilReadyAsync();
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Legal holds");
        // The demo's hold is listed.
        await Expect(officer.GetByTestId("hold-table")).ToContainTextAsync("2026-ET-0412");
        await Axe.AssertNoViolationsAsync(officer);

        // Lifting asks for a reason first; cancelled, nothing changes.
        await officer.GetByTestId("hold-table").Locator("tbody tr").Filter(new() { HasText = "2026-ET-0412" }).GetByTestId("lift-hold").ClickAsync();
        await Expect(officer.Locator("#reason-dialog-reason")).ToBeVisibleAsync();
        await Axe.AssertNoViolationsAsync(officer);
        await officer.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(officer.GetByTestId("hold-table")).ToContainTextAsync("2026-ET-0412");

        // Nothing chosen: the form says what is missing and places nothing.
        await officer.GetByTestId("place-hold").ClickAsync();
        await Expect(officer.GetByText("Choose the employee whose records the hold keeps.")).ToBeVisibleAsync();

        await officer.Locator("#hold-employee").FillAsync("Priya");
        await officer.GetByRole(AriaRole.Option).Filter(new() { HasText = "Priya Natarajan" }).ClickAsync();
        await officer.Locator("#hold-reason").FillAsync("Your records are kept while the data protection authority reviews a complaint.");
        await officer.Locator("#hold-reference").FillAsync("DPA-2026-118");
        await officer.GetByTestId("place-hold").ClickAsync();
        await officer.GetByTestId("confirm-act").ClickAsync();
        await Expect(officer.Locator(".mud-snackbar")).ToContainTextAsync("Legal hold placed on Priya Natarajan's records");
        var held = officer.GetByTestId("hold-table").Locator("tbody tr").Filter(new() { HasText = "DPA-2026-118" });
        await Expect(held).ToContainTextAsync("All records");

        await held.GetByTestId("lift-hold").ClickAsync();
        await officer.Locator("#reason-dialog-reason").FillAsync("The authority closed the complaint.");
        await officer.GetByTestId("confirm-reason").ClickAsync();
        await Expect(officer.Locator(".mud-snackbar").Last).ToContainTextAsync("Hold lifted");
        await Expect(officer.GetByTestId("hold-table").Locator("tbody tr").Filter(new() { HasText = "DPA-2026-118" })).ToHaveCountAsync(0);

        await officer.GotoAsync("/review/activity");
        await new SummaryPage(officer).WaitUntilReadyAsync();
        var activity = officer.GetByTestId("activity");
        await Expect(activity.Locator("tbody tr").First).ToContainTextAsync("Lifted a legal hold");
        await Expect(activity.Locator("tbody tr").Nth(1)).ToContainTextAsync("Placed a legal hold");
        await Expect(activity).ToContainTextAsync("Priya Natarajan");
        await Axe.AssertNoViolationsAsync(officer);

        var priya = await app.NewPageAsync();
        await new SignInPage(priya).SignInAsAsync("Priya Natarajan");
        await new SummaryPage(priya).WaitUntilReadyAsync();
        await priya.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Notices, "), Exact = true }).ClickAsync();
        await Expect(priya.Locator(".notice-item").Filter(new() { HasText = "DPA-2026-118" }).First).ToBeVisibleAsync();
        await Expect(priya.Locator(".notice-item").Filter(new() { HasText = "The authority closed the complaint." })).ToContainTextAsync("lifted the legal hold");
    }

    [Fact]
    public async Task The_officer_changes_a_purpose_and_the_sensitive_contexts_and_the_public_register_shows_the_history()
    {
        var officer = await app.NewPageAsync();
        await new SignInPage(officer).SignInAsAsync("Samuel Okafor");
        await officer.GotoAsync("/review/purposes");
        await new SummaryPage(officer).WaitUntilReadyAsync();
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Purposes");
        await Axe.AssertNoViolationsAsync(officer);

        var product = officer.Locator("[data-purpose='Product']");
        await product.Locator("#Product-recipients").FillAsync("Internal product teams and the UX research group");
        await product.GetByTestId("save-purpose").ClickAsync();
        await Expect(officer.GetByTestId("confirm-act")).ToBeVisibleAsync();
        await Axe.AssertNoViolationsAsync(officer);
        await officer.GetByTestId("confirm-act").ClickAsync();
        await Expect(officer.Locator(".mud-snackbar")).ToContainTextAsync("Saved");

        await officer.GotoAsync("/review/sensitive");
        await new SummaryPage(officer).WaitUntilReadyAsync();
        var values = officer.Locator("input[id^='sensitive-value-']");
        await Expect(values.First).ToBeVisibleAsync();
        await Axe.AssertNoViolationsAsync(officer);
        var entries = await values.CountAsync();
        await officer.GetByTestId("add-sensitive").ClickAsync();
        await Expect(values).ToHaveCountAsync(entries + 1);
        var last = officer.Locator($"#sensitive-value-{entries}");
        await Expect(last).ToHaveValueAsync("");
        await last.FillAsync("https://bad/path");
        await officer.GetByTestId("save-sensitive").ClickAsync();
        await officer.GetByTestId("confirm-act").ClickAsync();
        await Expect(officer.GetByTestId("sensitive-problem")).ToContainTextAsync("host name");
        await last.FillAsync("payroll.demo.example");
        await officer.GetByTestId("save-sensitive").ClickAsync();
        await officer.GetByTestId("confirm-act").ClickAsync();
        await Expect(officer.Locator(".mud-snackbar").Last).ToContainTextAsync("Saved");

        var visitor = await app.NewPageAsync();
        await visitor.GotoAsync("/register");
        var history = visitor.GetByTestId("register-history");
        await Expect(history).ToContainTextAsync("UX research group");
        await Expect(history).ToContainTextAsync("payroll.demo.example");
        await Expect(visitor.Locator("[data-purpose='Product']")).ToContainTextAsync("UX research group");
    }
}
