using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Web.Tests.Hosting;

namespace Transparency.Web.Tests.Pages;

/// <summary>
/// The works council's usage report through the real app: a page that renders on the server and opens no circuit, with its
/// question (org unit, period, kind) in the address and asked again by a GET form. On both stores: the address is anyone's
/// to write, and PostgreSQL refuses text that SQLite takes (a NUL).
/// </summary>
public abstract class CouncilReportPageOverHttpTests<TFactory>(TFactory app) where TFactory : TransparencyAppFactory
{
    private const string ServerComponentMarker = "<!--Blazor:{\"type\":\"server\"";
    private const string Council = "E00004";
    private const string PrivacyOfficer = "E00006";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Council, "/council/reports")]
    [InlineData(Council, "/council/reports?unit=OU-DEMO&period=months&from=2025-09&to=2025-11&kind=Keystrokes")]
    [InlineData(Council, "/council/reports?unit=&period=months&from=2025-W36&to=2025-W47&kind=")]
    [InlineData(Council, "/council/reports?unit=%00&period=weeks&from=%00&to=%00&kind=%00")]
    [InlineData(Council, "/council/reports?unit=%00")]
    [InlineData(Council, "/council/reports?period=%00")]
    [InlineData(PrivacyOfficer, "/council/reports?kind=Mouse&from=2026-W99")]
    public async Task The_page_opens_no_circuit(string who, string path)
    {
        var client = await app.ClientForAsync(who);

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var page = await TransparencyAppFactory.ParseAsync(response, Ct);
        Assert.Equal("Usage report", Assert.Single(page.QuerySelectorAll("main h1")).TextContent.Trim());
        Assert.DoesNotContain(ServerComponentMarker, html);
        Assert.DoesNotContain("<!--Blazor:", html);
        Assert.Null(page.QuerySelector("[data-interactive]"));
        // Whatever was asked, the form is there to ask again.
        Assert.NotNull(page.QuerySelector("form[data-testid='report-form'][method='get'][action='/council/reports']"));
    }

    [Fact]
    public async Task The_question_is_read_from_the_address_answered_once_and_logged()
    {
        var client = await app.ClientForAsync(Council);
        var before = await ReportViewsAsync();

        var page = await GetPageAsync(client, "/council/reports?unit=OU-DEMO&period=months&from=2025-09&to=2025-11&kind=Keystrokes");

        Assert.Equal($"{TransparencyAppFactory.OrgUnitName}, months 2025-09 to 2025-11, Keystrokes only", page.QuerySelector("main h2")?.TextContent.Trim());
        Assert.Equal(("months", "2025-09", "2025-11", "Keystrokes"), (Selected(page, "period"), Selected(page, "from"), Selected(page, "to"), Selected(page, "kind")));
        Assert.Null(page.QuerySelector("[data-testid='report-problem']"));
        Assert.Equal("/council/reports/usage.csv?unit=OU-DEMO&period=months&from=2025-09&to=2025-11&kind=Keystrokes",
            page.QuerySelector("[data-testid='report-csv']")?.GetAttribute("href"));
        // One request, one report, one line in the report-view log: nothing renders the page twice.
        var view = Assert.Single(await ReportViewsAsync(), v => !before.Any(b => b.Id == v.Id));
        Assert.Equal(("OU-DEMO", ReportFormat.Page, "development/jonas.weber@demo.transparency"), (view.OrgUnitId, view.Format, view.ActorId));
    }

    [Theory]
    [InlineData("?kind=Mouse", "'Mouse' is not a capture kind.")]
    [InlineData("?period=weeks&from=2020-W10&to=2020-W02", "The period ends before it starts.")]
    [InlineData("?period=years", "'years' is not a period: use weeks or months.")]
    [InlineData("?from=2020-W60", "2020-W60 does not exist: 2020 has weeks 1 to 53.")]
    [InlineData("?period=months&to=2999-01", "January 2999 has not begun yet")]
    [InlineData("?kind=%00", "is not a capture kind.")]
    [InlineData("?from=%00", "is not an ISO week: write it as 2026-W48.")]
    [InlineData("?unit=NOPE", "There is no org unit 'NOPE'.")]
    [InlineData("?unit=%00", "There is no org unit")]
    public async Task A_value_that_cannot_be_used_is_explained_on_the_page_and_nothing_is_shown_or_logged(string query, string expected)
    {
        var client = await app.ClientForAsync(Council);
        var before = (await ReportViewsAsync()).Count;

        var page = await GetPageAsync(client, "/council/reports" + query);

        Assert.Contains(expected, page.QuerySelector("[data-testid='report-problem']")?.TextContent);
        Assert.Null(page.QuerySelector("[data-testid='report-summary'], [data-testid='report-empty'], [data-testid='report-units']"));
        Assert.Null(page.QuerySelector("[data-testid='report-csv']")?.GetAttribute("href"));
        Assert.Equal(before, (await ReportViewsAsync()).Count);
    }

    /// <summary>
    /// The form sent as a browser sends it: its action, and each select's chosen value by name. Switching to months sends the
    /// weeks still listed, and gets the months they belong to; the downloads then carry that question.
    /// </summary>
    [Fact]
    public async Task The_form_asks_the_page_again_and_a_switch_to_months_keeps_the_stretch_of_time()
    {
        var client = await app.ClientForAsync(Council);
        var page = await GetPageAsync(client, "/council/reports?period=weeks&from=2025-W36&to=2025-W47");
        var form = Assert.IsType<IHtmlFormElement>(page.QuerySelector("form[data-testid='report-form']"), exactMatch: false);

        var sent = Query(form, ("period", "months"));
        var months = await GetPageAsync(client, $"{form.GetAttribute("action")}?{sent}");

        Assert.Equal("unit=&period=months&from=2025-W36&to=2025-W47&kind=", sent);
        Assert.Equal($"{TransparencyAppFactory.OrgUnitName}, months 2025-09 to 2025-11", months.QuerySelector("main h2")?.TextContent.Trim());
        Assert.Null(months.QuerySelector("[data-testid='report-problem']"));
        Assert.Equal(("2025-09", "2025-11"), (Selected(months, "from"), Selected(months, "to")));
        var csvPath = months.QuerySelector("[data-testid='report-csv']")?.GetAttribute("href");
        Assert.Equal("/council/reports/usage.csv?period=months&from=2025-09&to=2025-11", csvPath);
        using var csv = await client.GetAsync(csvPath, Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains("Period,months 2025-09 to 2025-11", await csv.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>The query a browser makes of the form's selects: each one's chosen option (or its first), with some changed.</summary>
    private static string Query(IHtmlFormElement form, params (string Name, string Value)[] changed) =>
        string.Join('&', form.Elements.OfType<IHtmlSelectElement>().Select(s =>
            $"{s.Name}={Uri.EscapeDataString(changed.FirstOrDefault(c => c.Name == s.Name).Value ?? s.Value ?? "")}"));

    private static string Selected(IHtmlDocument page, string name) =>
        Assert.IsType<IHtmlSelectElement>(page.QuerySelector($"form[data-testid='report-form'] select[name='{name}']"), exactMatch: false).Value ?? "";

    private async Task<List<ReportView>> ReportViewsAsync()
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        return await db.ReportViews.AsNoTracking().ToListAsync(Ct);
    }

    private static async Task<IHtmlDocument> GetPageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TransparencyAppFactory.ParseAsync(response, Ct);
    }
}

public sealed class SqliteCouncilReportPageOverHttpTests(TransparencyAppFactory app)
    : CouncilReportPageOverHttpTests<TransparencyAppFactory>(app), IClassFixture<TransparencyAppFactory>;

public sealed class PostgresCouncilReportPageOverHttpTests(PostgresAppFactory app)
    : CouncilReportPageOverHttpTests<PostgresAppFactory>(app), IClassFixture<PostgresAppFactory>;
