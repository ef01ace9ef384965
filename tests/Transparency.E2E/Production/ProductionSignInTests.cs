using Transparency.Core.Employees;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Transparency.Core.Demo;
using Transparency.E2E.Pages;
using Transparency.OpenIdProvider;
using static Microsoft.Playwright.Assertions;

namespace Transparency.E2E.Production;

/// <summary>
/// People sign in at the identity provider in a real browser and get their own data, matched by the provider's
/// immutable object id within the tenant, with what their app roles allow.
/// </summary>
[Collection(ProductionCollection.Name)]
public sealed class ProductionSignInTests(ProductionHost host)
{
    public const string NotLinked = "Your account is not linked to an employee record";
    public const string NoRole = "Your account has no role in Transparency";
    private const string NotAvailable = "Not available to your role";

    [Fact]
    public async Task An_employee_signs_in_at_the_provider_and_sees_and_downloads_their_records()
    {
        var alex = ProductionHost.Demo("Alex Morgan");

        var page = await host.SignInAsync(alex.SignInIdentity);

        Assert.StartsWith(host.AppUrl.AbsoluteUri, page.Url);
        await Expect(new AppBar(page).SignedInAs).ToHaveTextAsync("Alex Morgan");
        await AssertShowsRecordsAsync(page);

        await page.GotoAsync("/my/export");
        Assert.Equal("/my/export", new Uri(page.Url).AbsolutePath);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-download").ClickAsync());
        Assert.EndsWith(".zip", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), $"transparency-export-{Guid.NewGuid():N}.zip");
        try
        {
            await download.SaveAsAsync(file);
            using var zip = ZipFile.OpenRead(file);
            Assert.Contains(zip.Entries, e => e.FullName == "records.jsonl" && e.Length > 0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static TheoryData<string> PeopleWithASecondRole => ["Jonas Weber", "Maria Rossi", "Samuel Okafor"];

    [Theory]
    [MemberData(nameof(PeopleWithASecondRole))]
    public async Task A_person_with_two_roles_reaches_the_pages_of_each(string name)
    {
        var person = ProductionHost.Demo(name);

        var page = await host.SignInAsync(person.SignInIdentity);

        await Expect(new AppBar(page).SignedInAs).ToHaveTextAsync(name);
        await Expect(new AppBar(page).MenuLink("My records")).ToBeVisibleAsync();
        foreach (var path in RolePages.AllowedFor(person.Roles))
        {
            if (path == "/my/records")
            {
                await AssertShowsRecordsAsync(page);
                continue;
            }
            await page.GotoAsync(path);
            Assert.True(new Uri(page.Url).AbsolutePath == path, $"{name} asked for {path} and got {page.Url}.");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToBeVisibleAsync();
            await Expect(page.GetByText(NotAvailable)).ToHaveCountAsync(0);
        }
        foreach (var path in RolePages.DeniedFor(person.Roles))
        {
            await page.GotoAsync(path);
            Assert.True(new Uri(page.Url).AbsolutePath == "/access-denied" || await page.GetByText(NotAvailable).IsVisibleAsync(),
                $"{name} should not reach {path}; the browser is at {page.Url}.");
        }
        var export = await page.Context.APIRequest.GetAsync(new Uri(host.AppUrl, "/files/my/export.zip").AbsoluteUri, new() { MaxRedirects = 0 });
        Assert.Equal(200, export.Status);
        // HR's disclosure download answers the production sign-in's cookie as it answers the role.
        var disclosure = await page.Context.APIRequest.GetAsync(
            new Uri(host.AppUrl, "/hr/disclosures/E00001.pdf?reason=Access%20request").AbsoluteUri, new() { MaxRedirects = 0 });
        Assert.Equal(person.Roles.Contains(Roles.HR) ? 200 : 403, disclosure.Status);
    }

    [Fact]
    public async Task An_account_that_matches_no_employee_is_told_so_and_sees_no_records()
    {
        var stranger = host.Provider.Users.Put(
            ProviderUser.Create(ProductionHost.TenantId, "Robin Newcomer", $"robin.newcomer.{Guid.NewGuid():N}@demo.transparency", Roles.Employee));
        try
        {
            var page = await host.SignInAsync(stranger.PreferredUsername);

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = NotLinked })).ToBeVisibleAsync();
            await AssertShowsNoRecordsAsync(page, NotLinked);
            await AssertCannotDownloadAsync(page);
        }
        finally
        {
            host.Provider.Users.Remove(stranger.ObjectId);
        }
    }

    [Fact]
    public async Task A_works_council_member_who_is_no_employee_reads_the_report_and_no_employee_page()
    {
        var member = host.Provider.Users.Put(
            ProviderUser.Create(ProductionHost.TenantId, "Wanda Adviser", $"wanda.adviser.{Guid.NewGuid():N}@demo.transparency", Roles.WorksCouncil));
        try
        {
            var page = await host.SignInAsync(member.PreferredUsername);

            await page.GotoAsync("/council/reports");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Usage report");
            // The report loads (whatever this store holds), where a denied page would not.
            await Expect(page.GetByTestId("report-summary").Or(page.GetByTestId("report-empty"))).ToBeVisibleAsync();
            var csv = await page.Context.APIRequest.GetAsync(new Uri(host.AppUrl, "/council/reports/usage.csv").AbsoluteUri, new() { MaxRedirects = 0 });
            Assert.Equal(200, csv.Status);
            foreach (var path in RolePages.ByRole[Roles.Employee])
            {
                await page.GotoAsync(path);
                Assert.True(new Uri(page.Url).AbsolutePath == "/access-denied" || await page.GetByText(NotAvailable).IsVisibleAsync(),
                    $"A works council member who is no employee should not reach {path}; the browser is at {page.Url}.");
            }
            await AssertCannotDownloadAsync(page);
        }
        finally
        {
            host.Provider.Users.Remove(member.ObjectId);
        }
    }

    [Fact]
    public async Task An_employee_without_a_role_is_told_so_and_sees_no_records()
    {
        var (name, signInName) = await EmployeeAsync(ProductionHost.Roleless);
        var roleless = host.Provider.Users.Put(new ProviderUser(DemoUsers.ObjectIdFor(ProductionHost.Roleless), ProductionHost.TenantId, name, signInName, signInName, []));
        try
        {
            var page = await host.SignInAsync(roleless.PreferredUsername);

            await Expect(page.GetByText(NoRole)).ToBeVisibleAsync();
            await AssertShowsNoRecordsAsync(page, NoRole);
            await AssertCannotDownloadAsync(page);
        }
        finally
        {
            host.Provider.Users.Remove(roleless.ObjectId);
        }
    }

    [Fact]
    public async Task A_leaver_cannot_sign_in_and_is_told_where_their_rights_went()
    {
        var (name, signInName) = await EmployeeAsync(ProductionHost.Leaver);
        var leaver = host.Provider.Users.Put(new ProviderUser(DemoUsers.ObjectIdFor(ProductionHost.Leaver), ProductionHost.TenantId, name, signInName, signInName, ["Employee"]));
        try
        {
            var page = await host.SignInAsync(leaver.PreferredUsername);

            Assert.Equal("/sign-in-failed", new Uri(page.Url).AbsolutePath);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your access has ended" })).ToBeVisibleAsync();
            await Expect(page.GetByText("ask HR for a copy of your data")).ToBeVisibleAsync();
            await AssertCannotDownloadAsync(page);
        }
        finally
        {
            host.Provider.Users.Remove(leaver.ObjectId);
        }
    }

    [Fact]
    public async Task A_renamed_account_keeps_its_records_and_a_new_account_with_the_old_name_gets_none()
    {
        var alex = ProductionHost.Demo("Alex Morgan");
        const string renamed = "alex.morgan-renamed@demo.transparency";
        host.Provider.Users.Rename(alex.ObjectId, renamed);
        ProviderUser? namesake = null;
        try
        {
            var page = await host.SignInAsync(renamed);
            await Expect(new AppBar(page).SignedInAs).ToHaveTextAsync("Alex Morgan");
            await AssertShowsRecordsAsync(page);

            // A new colleague of the same name is given the freed sign-in name: a new object id, Alex's old name.
            namesake = host.Provider.Users.Put(ProviderUser.Create(ProductionHost.TenantId, "Alex Morgan", alex.SignInIdentity, Roles.Employee));
            var other = await host.SignInAsync(alex.SignInIdentity);
            await Expect(other.GetByRole(AriaRole.Heading, new() { Name = NotLinked })).ToBeVisibleAsync();
            await AssertShowsNoRecordsAsync(other, NotLinked);
            await AssertCannotDownloadAsync(other);
        }
        finally
        {
            if (namesake is not null)
                host.Provider.Users.Remove(namesake.ObjectId);
            host.Provider.Users.Put(ProductionHost.AccountOf(alex));
        }
    }

    /// <summary>The person's own records list, not the access-denied page or a notice.</summary>
    private async Task AssertShowsRecordsAsync(IPage page)
    {
        await page.GotoAsync("/my/records");
        Assert.True(new Uri(page.Url).AbsolutePath == "/my/records",
            $"/my/records should show the records list; the browser is at {page.Url}:\n{await page.Locator("main").InnerTextAsync()}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My records", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("li.record-row").First).ToBeVisibleAsync();
    }

    /// <summary>/my/records shows the notice and not a single record.</summary>
    private static async Task AssertShowsNoRecordsAsync(IPage page, string notice)
    {
        await page.GotoAsync("/my/records");
        // Wherever the app sends the browser (the page itself or /access-denied), it says why, not "another role".
        await Expect(page.GetByText(notice).First).ToBeVisibleAsync();
        await Expect(page.GetByText(NotAvailable)).ToHaveCountAsync(0);
        await Expect(page.Locator("li.record-row")).ToHaveCountAsync(0);
    }

    private async Task AssertCannotDownloadAsync(IPage page)
    {
        var export = await page.Context.APIRequest.GetAsync(new Uri(host.AppUrl, "/files/my/export.zip").AbsoluteUri, new() { MaxRedirects = 0 });
        Assert.NotEqual(200, export.Status);
        Assert.NotEqual("application/zip", export.Headers.GetValueOrDefault("content-type"));
    }

    private async Task<(string Name, string SignInName)> EmployeeAsync(string id)
    {
        await using var db = await host.Store.Contexts.CreateDbContextAsync();
        var employee = await db.Employees.SingleAsync(e => e.Id == id);
        return (employee.DisplayName, employee.SignInIdentity);
    }
}
