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
        await Axe.AssertNoViolationsAsync(page);

        await page.GetByLabel("Find an employee").FillAsync("Alex");
        var rows = page.GetByTestId("employee-table").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Alex Morgan");
        await rows.First.GetByRole(AriaRole.Button, new() { Name = "Prepare disclosure for Alex Morgan" }).ClickAsync();
        var form = page.GetByTestId("disclosure-form");
        await Expect(form.GetByRole(AriaRole.Heading, new() { Level = 3 })).ToBeFocusedAsync();
        // No reason yet: nothing to download.
        await Expect(form.GetByTestId("disclosure-download")).ToBeDisabledAsync();
        await form.GetByTestId("disclosure-reason").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = Reason }).ClickAsync();
        await Axe.AssertNoViolationsAsync(page);

        var download = await page.RunAndWaitForDownloadAsync(() => form.GetByTestId("disclosure-download").ClickAsync());
        Assert.StartsWith("transparency-disclosure-E00001-", download.SuggestedFilename);
        var text = PdfText.All(await File.ReadAllBytesAsync(await download.PathAsync(), Ct));
        Assert.Contains("Alex Morgan (employee id E00001)", text);
        Assert.Contains(Reason, text);

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
