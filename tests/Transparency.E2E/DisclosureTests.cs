using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Transparency.E2E.Pages;
using Transparency.Testing;
using static Microsoft.Playwright.Assertions;

namespace Transparency.E2E;

/// <summary>
/// Disclosures in a real browser: the demo HR user finds an employee and downloads their disclosure, the employee then sees that
/// it happened, and anyone can check a file on the public verification page.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DisclosureTests(AppHost app)
{
    private const string Reason = "Art. 15 access request from the employee";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hr_finds_an_employee_downloads_their_disclosure_and_the_employee_sees_it_on_their_access_page()
    {
        var page = await app.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await new SignInPage(page).SignInAsAsync("Maria Rossi");
        await page.GotoAsync("/hr/disclosures");
        await new SummaryPage(page).WaitUntilReadyAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Disclosures");
        await Expect(page.GetByTestId("employee-table").GetByRole(AriaRole.Row).Nth(1)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("employees-page")).ToHaveTextAsync("Page 1 of 1");
        await Axe.AssertNoViolationsAsync(page);

        await page.GetByLabel("Find an employee").FillAsync("Alex");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/hr/disclosures\?q=Alex$"));
        var rows = page.GetByTestId("employee-table").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Alex Morgan");
        await rows.First.GetByRole(AriaRole.Link, new() { Name = "Prepare disclosure for Alex Morgan" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/hr/disclosures\?q=Alex&employee=E00001#disclosure-form$"));
        var form = page.GetByTestId("disclosure-form");
        await Expect(form.GetByRole(AriaRole.Heading, new() { Level = 3 })).ToHaveTextAsync("Disclosure for Alex Morgan (E00001)");
        await Expect(form.GetByRole(AriaRole.Heading, new() { Level = 3 })).ToBeFocusedAsync();
        await Axe.AssertNoViolationsAsync(page);

        // No reason yet: the browser keeps the form from being sent, and says why at the reason.
        var reason = form.GetByLabel("Why you download it");
        await form.GetByTestId("disclosure-download").ClickAsync();
        await Expect(reason).ToBeFocusedAsync();
        Assert.True(await reason.EvaluateAsync<bool>("e => e.validity.valueMissing"));
        // Blanks are no reason either.
        await reason.FillAsync("   ");
        Assert.True(await reason.EvaluateAsync<bool>("e => e.validity.patternMismatch"));
        // A period that ends before it starts is refused where it is chosen, as the endpoint would refuse it.
        await form.GetByLabel("Records captured from").FillAsync("2026-11-30");
        await form.GetByLabel("Records captured to").FillAsync("2026-11-01");
        await Expect(form.GetByText("The period ends before it starts.")).ToBeVisibleAsync();
        await Expect(form.GetByLabel("Records captured to")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal("The period ends before it starts.", await form.GetByLabel("Records captured to").EvaluateAsync<string>("e => e.validationMessage"));
        await form.GetByLabel("Records captured to").FillAsync("");
        await Expect(form.GetByText("The period ends before it starts.")).ToHaveCountAsync(0);
        await reason.FillAsync(Reason);
        await Expect(page).ToHaveURLAsync(new Regex("employee=E00001#disclosure-form$"));

        var download = await page.RunAndWaitForDownloadAsync(() => form.GetByTestId("disclosure-download").ClickAsync());
        Assert.StartsWith("transparency-disclosure-E00001-", download.SuggestedFilename);
        var text = PdfText.All(await File.ReadAllBytesAsync(await download.PathAsync(), Ct));
        Assert.Contains("Alex Morgan (employee id E00001)", text);
        Assert.Contains(Reason, text);
        // The file is saved; the page stays.
        await Expect(page).ToHaveURLAsync(new Regex("employee=E00001#disclosure-form$"));

        var organisation = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("organisation-disclosure").ClickAsync());
        Assert.Contains("Organisation-wide disclosure", PdfText.All(await File.ReadAllBytesAsync(await organisation.PathAsync(), Ct)));
        Assert.Empty(errors);

        var employee = await app.NewPageAsync();
        await new SignInPage(employee).SignInAsAsync("Alex Morgan");
        await employee.GotoAsync("/my/access");
        await new SummaryPage(employee).WaitUntilReadyAsync();
        var newest = employee.GetByTestId("access-table").Locator("tbody tr").First;
        await Expect(newest).ToContainTextAsync("HR disclosure download");
        await Expect(newest).ToContainTextAsync(Reason);
        await Expect(newest).ToContainTextAsync("maria.rossi");
    }

    [Fact]
    public async Task Hr_searches_and_opens_an_employees_disclosure_from_the_keyboard()
    {
        var page = await app.NewPageAsync();
        await new SignInPage(page).SignInAsAsync("Maria Rossi");
        await page.GotoAsync("/hr/disclosures");
        await new SummaryPage(page).WaitUntilReadyAsync();
        var search = page.GetByLabel("Find an employee");

        // Enter in the search field searches; the field keeps the focus for another try.
        await search.FocusAsync();
        await page.Keyboard.TypeAsync("Morgan");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"/hr/disclosures\?q=Morgan$"));
        await Expect(page.GetByTestId("employee-table").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(search).ToBeFocusedAsync();
        await Expect(search).ToHaveValueAsync("Morgan");

        // Tab goes on to the search button, the link that clears the search, and the employee's link; Enter follows it.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Clear search" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Prepare disclosure for Alex Morgan" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        var form = page.GetByTestId("disclosure-form");
        await Expect(form.GetByRole(AriaRole.Heading, new() { Level = 3 })).ToBeFocusedAsync();

        // From the panel's heading, Tab goes into its form (a date field's day, month and year take a Tab each); after the reason
        // comes the download.
        await page.Keyboard.PressAsync("Tab");
        await Expect(form.GetByLabel("Records captured from")).ToBeFocusedAsync();
        await form.GetByLabel("Why you download it").FocusAsync();
        await page.Keyboard.TypeAsync("The employee asked for a copy before leaving");
        await page.Keyboard.PressAsync("Tab");
        await Expect(form.GetByTestId("disclosure-download")).ToBeFocusedAsync();

        // Clearing the search from the keyboard lists everyone again, the panel still open.
        await page.GetByRole(AriaRole.Link, new() { Name = "Clear search" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex(@"/hr/disclosures\?employee=E00001$"));
        await Expect(search).ToHaveValueAsync("");
        await Expect(search).ToBeFocusedAsync();
        await Expect(page.GetByTestId("employee-table").Locator("tbody tr")).Not.ToHaveCountAsync(1);
        await Expect(form).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Anyone_verifies_a_disclosure_and_a_changed_or_foreign_file_is_not_taken_for_one()
    {
        var employee = await app.NewPageAsync();
        await new SignInPage(employee).SignInAsAsync("Alex Morgan");
        await employee.GotoAsync("/my/export");
        await new SummaryPage(employee).WaitUntilReadyAsync();
        var download = await employee.RunAndWaitForDownloadAsync(() => employee.GetByTestId("export-disclosure").ClickAsync());
        var issued = await File.ReadAllBytesAsync(await download.PathAsync(), Ct);

        // Nobody signed in: a fresh browser context, and a page that works without a circuit.
        var page = await app.NewPageAsync();
        await page.GotoAsync("/verify");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Verify a disclosure");
        await Axe.AssertNoViolationsAsync(page);

        await CheckAsync(page, "disclosure.pdf", "application/pdf", issued);
        var result = page.GetByTestId("verify-result");
        await Expect(result.Locator("[data-outcome='Issued']")).ToContainTextAsync("genuine");
        await Expect(result).ToContainTextAsync("for A. M. (Platform)");
        await Expect(result).Not.ToContainTextAsync("Alex");
        await Axe.AssertNoViolationsAsync(page);

        var changed = issued.ToArray();
        changed[changed.Length / 3] ^= 0x01;
        await CheckAsync(page, "changed.pdf", "application/pdf", changed);
        await Expect(result.Locator("[data-outcome='Altered'], [data-outcome='NotIssued']")).ToContainTextAsync("changed.pdf");
        await Expect(result).Not.ToContainTextAsync("genuine");

        await CheckAsync(page, "notes.txt", "text/plain", "not a disclosure"u8.ToArray());
        await Expect(result.Locator("[data-outcome='NotPdf']")).ToContainTextAsync("not a PDF");
    }

    /// <summary>Chooses the file with the page's labelled file input and sends it, as a person would.</summary>
    private static async Task CheckAsync(IPage page, string name, string type, byte[] content)
    {
        await page.GetByLabel(new Regex("^Disclosure PDF")).SetInputFilesAsync(new FilePayload { Name = name, MimeType = type, Buffer = content });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Expect(page.GetByTestId("verify-result")).ToContainTextAsync(name);
    }
}
