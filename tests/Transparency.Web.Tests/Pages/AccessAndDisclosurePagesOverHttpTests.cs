using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.AccessLog;
using Transparency.Core.EventStore;
using Transparency.Web.Tests.Hosting;

namespace Transparency.Web.Tests.Pages;

/// <summary>
/// The access log and HR's disclosures through the real app: pages that render on the server and open no circuit, with the
/// filter, the search and the page in the address. A page that needs a circuit carries a server component's marker in its
/// HTML, which blazor.web.js turns into a circuit; these pages carry none. On both stores: PostgreSQL refuses text that
/// SQLite takes (a NUL), and the address is anyone's to write.
/// </summary>
public abstract class AccessAndDisclosurePagesOverHttpTests<TFactory>(TFactory app) where TFactory : TransparencyAppFactory
{
    private const string ServerComponentMarker = "<!--Blazor:{\"type\":\"server\"";
    private const string Hr = "E00005";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("E00001", "/my/access", "Who accessed my data")]
    [InlineData("E00001", "/my/access?channel=HrDisclosureDownload&from=2026-11-01&to=2026-11-30&page=2", "Who accessed my data")]
    [InlineData("E00001", "/my/access?channel=%00&from=2026-11-30&to=2026-11-01&page=x&size=-1", "Who accessed my data")]
    [InlineData(Hr, "/hr/disclosures", "Disclosures")]
    [InlineData(Hr, "/hr/disclosures?q=alex&page=1&size=50&employee=E00001", "Disclosures")]
    [InlineData(Hr, "/hr/disclosures?q=%00&employee=%00", "Disclosures")]
    public async Task The_page_opens_no_circuit(string who, string path, string heading)
    {
        var client = await app.ClientForAsync(who);

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var page = await TransparencyAppFactory.ParseAsync(response, Ct);
        Assert.Equal(heading, Assert.Single(page.QuerySelectorAll("main h1")).TextContent.Trim());
        Assert.DoesNotContain(ServerComponentMarker, html);
        Assert.DoesNotContain("<!--Blazor:", html);
        Assert.Null(page.QuerySelector("[data-interactive]"));
    }

    [Fact]
    public async Task A_page_that_needs_a_circuit_carries_the_marker_the_static_pages_lack()
    {
        var client = await app.ClientForAsync("E00001");

        using var response = await client.GetAsync("/my/records", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(ServerComponentMarker, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_access_log_filter_is_read_from_the_address()
    {
        var client = await app.ClientForAsync("E00004");
        await using (var db = await app.Store.Contexts.CreateDbContextAsync(Ct))
        {
            db.AccessLog.AddRange(
                AccessLogService.Entry("E00004", new DateTime(2020, 3, 2, 9, 0, 0, DateTimeKind.Utc), "E00006", ActorRole.PrivacyOfficer,
                    AccessChannel.PrivacyOfficerReview, "Looked at in March"),
                AccessLogService.Entry("E00004", new DateTime(2020, 4, 2, 9, 0, 0, DateTimeKind.Utc), "E00005", ActorRole.HR,
                    AccessChannel.HrDisclosureDownload, "Downloaded in April"));
            await db.SaveChangesAsync(Ct);
        }

        var march = VisibleText(await GetPageAsync(client, "/my/access?channel=&from=2020-03-01&to=2020-03-31"));
        var backwards = await GetPageAsync(client, "/my/access?from=2020-04-30&to=2020-04-01");

        Assert.Contains("Looked at in March", march);
        Assert.DoesNotContain("Downloaded in April", march);
        Assert.Equal("The date range starts (2020-04-30) after it ends (2020-04-01).",
            backwards.QuerySelector("[data-testid='access-problem']")?.TextContent.Trim());
        Assert.DoesNotContain("Downloaded in April", VisibleText(backwards));
    }

    /// <summary>
    /// The disclosure's form sent as a browser sends it: its action, and each field by name, empty dates included. The
    /// endpoint gives the file; without a reason it refuses, as the browser would have before sending.
    /// </summary>
    [Fact]
    public async Task The_disclosure_form_asks_the_endpoint_for_the_file_and_the_endpoint_checks_it_too()
    {
        var client = await app.ClientForAsync(Hr);
        var page = await GetPageAsync(client, "/hr/disclosures?employee=E00001");
        var form = Assert.IsType<IHtmlFormElement>(page.QuerySelector("[data-testid='disclosure-form'] form"), exactMatch: false);
        Assert.Equal("get", form.GetAttribute("method"));
        string Query(string reason) => string.Join('&', form.Elements.OfType<IHtmlInputElement>().Select(f =>
            $"{f.Name}={Uri.EscapeDataString(f.Name == "reason" ? reason : f.Value)}"));

        using var file = await client.GetAsync($"{form.GetAttribute("action")}?{Query("Art. 15 access request from the employee")}", Ct);
        using var refused = await client.GetAsync($"{form.GetAttribute("action")}?{Query("")}", Ct);

        Assert.Equal("/hr/disclosures/E00001.pdf?from=&to=&reason=Art.%2015%20access%20request%20from%20the%20employee",
            file.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(1, await db.AccessLog.CountAsync(a => a.EmployeeId == "E00001" && a.Channel == AccessChannel.HrDisclosureDownload, Ct));
    }

    private static async Task<IHtmlDocument> GetPageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TransparencyAppFactory.ParseAsync(response, Ct);
    }

    private static string VisibleText(IHtmlDocument page) => TransparencyAppFactory.VisibleText(page);
}

public sealed class SqliteAccessAndDisclosurePagesOverHttpTests(TransparencyAppFactory app)
    : AccessAndDisclosurePagesOverHttpTests<TransparencyAppFactory>(app), IClassFixture<TransparencyAppFactory>;

public sealed class PostgresAccessAndDisclosurePagesOverHttpTests(PostgresAppFactory app)
    : AccessAndDisclosurePagesOverHttpTests<PostgresAppFactory>(app), IClassFixture<PostgresAppFactory>;
