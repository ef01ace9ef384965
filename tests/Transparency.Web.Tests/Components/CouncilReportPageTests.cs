using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using Transparency.Core.AccessLog;
using Transparency.Core.Employees;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Reports;
using Transparency.Core.Rollups;
using Transparency.Testing;
using Transparency.Web.Auth;
using Transparency.Web.Components.Pages.Council;

namespace Transparency.Web.Tests.Components;

/// <summary>
/// The works council's report page against a real SQLite store: an organisation with a department of a large team
/// (BIG, 8 people, 41 records each week, five of which their employees withheld) and a small one (SMALL, 3 people, 7 records
/// each week), three weeks rolled up.
/// </summary>
public sealed class CouncilReportPageTests : BunitContext, IAsyncLifetime
{
    private const string Query = "?period=weeks&from=2026-W44&to=2026-W46";
    private TestStore _store = null!;
    private readonly FakeTimeProvider _clock = new(TestData.Now);
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        string[] big = [.. Enumerable.Range(1, 8).Select(i => $"BIG-{i}")];
        string[] small = ["SMALL-1", "SMALL-2", "SMALL-3"];
        await TestData.AddEmployeesAsync(_store, [.. big, .. small]);
        await using (var db = await _store.Contexts.CreateDbContextAsync(Ct))
        {
            db.OrgUnits.AddRange(
                new OrgUnit { Id = "ORG", Name = "Organisation" }, new OrgUnit { Id = "DEPT", Name = "Department", ParentId = "ORG" },
                new OrgUnit { Id = "BIG", Name = "Big team", ParentId = "DEPT" }, new OrgUnit { Id = "SMALL", Name = "Small team", ParentId = "DEPT" });
            await db.SaveChangesAsync(Ct);
            foreach (var e in await db.Employees.ToListAsync(Ct))
                e.OrgUnitId = e.Id.StartsWith("BIG") ? "BIG" : "SMALL";
            await db.SaveChangesAsync(Ct);
            db.OrgUnits.Remove(await db.OrgUnits.SingleAsync(o => o.Id == "OU-TEST", Ct));
            var firstWeek = UsageWeeks.StartOf(TestData.Now).AddDays(-21);
            for (var week = 0; week < 3; week++)
            {
                var monday = firstWeek.AddDays(7 * week);
                // 41 records a week in BIG (five each, one more for the first), 7 in SMALL: numbers that appear nowhere else.
                foreach (var (id, n) in big.Select((id, i) => (id, i == 0 ? 6 : 5)).Concat(small.Select((id, i) => (id, i == 0 ? 3 : 2))))
                    for (var i = 0; i < n; i++)
                    {
                        var record = TestData.Record(id, monday.AddHours(10 + i));
                        // Five of the big team withhold one record a week from training.
                        if (i == 0 && id is "BIG-1" or "BIG-2" or "BIG-3" or "BIG-4" or "BIG-5")
                            record.TrainingChoice = TrainingChoice.Withheld;
                        db.CaptureRecords.Add(record);
                    }
            }
            await db.SaveChangesAsync(Ct);
        }
        await UsageRollups.BringUpToDateAsync(_store, _clock, Ct);

        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton(_store.Contexts);
        Services.AddSingleton(new MinimumGroupSize());
        Services.AddSingleton<UsageReportService>();
        var auth = AddAuthorization();
        auth.SetAuthorized("Jonas Weber");
        auth.SetRoles(Roles.WorksCouncil);
        auth.SetClaims(new Claim(AppClaims.Account, "jonas.weber@test"));
        // The page asks for its figures once interactive, as in a browser after the prerender.
        SetRendererInfo(new RendererInfo("Server", true));
    }

    [Fact]
    public void Shows_the_small_team_suppressed_and_never_its_figures()
    {
        var cut = Open("&unit=DEPT");

        var units = cut.Find("[data-testid='report-units']");
        var smallRow = Row(units, "Small team");
        var bigRow = Row(units, "Big team");
        Assert.All(smallRow.QuerySelectorAll("td"), td => Assert.Contains("suppressed", td.TextContent));
        Assert.DoesNotContain(smallRow.QuerySelectorAll("td"), td => td.TextContent.Trim() is "21" or "7");
        Assert.Equal("suppressed (fewer than 5 people)", Cell(units, smallRow, "Records captured"));
        // Shown beside the small team, the big team's figures and the department's would give the small one by subtraction.
        Assert.Equal("suppressed (would reveal a smaller group)", Cell(units, bigRow, "Records captured"));
        Assert.Contains("144 records captured", cut.Find("[data-testid='report-summary']").TextContent);
        // Neither team opens: the big one's people are hidden with the small one's.
        Assert.Empty(units.QuerySelectorAll("a"));
    }

    [Fact]
    public void Draws_the_charts_with_a_table_and_a_sentence_for_each()
    {
        var cut = Open();

        var charts = cut.FindAll("div[role='img']");
        Assert.Equal(3, charts.Count);
        Assert.All(charts, c => Assert.NotNull(c.QuerySelector("svg")));
        Assert.All(charts, c => Assert.False(string.IsNullOrWhiteSpace(c.GetAttribute("aria-label"))));
        Assert.Contains("2026-W45 (2 Nov): Operational telemetry 48", charts[0].GetAttribute("aria-label"));
        Assert.Contains("Model training 48", charts[0].GetAttribute("aria-label"));
        var trend = cut.FindAll("table").First(t => t.QuerySelector("caption")?.TextContent == "Records by purpose");
        Assert.Equal(["48", "48", "0", "48"], Row(trend, "2026-W45 (2 Nov)").QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
    }

    [Fact]
    public async Task The_CSV_carries_exactly_the_figures_on_screen()
    {
        var cut = Open("&unit=DEPT");
        var (query, _) = ReportQuery.Parse(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query + "&unit=DEPT"), _clock.GetUtcNow().UtcDateTime);
        var report = (await Services.GetRequiredService<UsageReportService>()
            .ReportAsync(query!, new ReportViewer("test", ActorRole.WorksCouncil, ReportFormat.Csv), Ct))!;
        var csv = await RecordsAsync(UsageReportCsv.Write(report));
        var header = csv.Single(l => l.FirstOrDefault() == "Section");

        var units = cut.Find("[data-testid='report-units']");
        var columns = units.QuerySelectorAll("thead th").Skip(1).Select(th => th.TextContent.Trim()).ToList();
        foreach (var row in units.QuerySelectorAll("tbody tr"))
        {
            var name = row.QuerySelector("th")!.TextContent.Trim();
            var line = csv.Single(l => l.Count > 1 && l[0] == "Sub-unit" && l[1] == name);
            var cells = row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
            for (var i = 0; i < columns.Count; i++)
                Assert.Equal(cells[i], line[header.IndexOf(columns[i])]);
        }
        Assert.Contains(csv, l => l.Count > 2 && l[0] == "Total" && l[2] == "144");
    }

    [Fact]
    public void An_address_that_asks_nothing_answerable_says_what_is_wrong()
    {
        var cut = Open("&kind=Mouse");

        Assert.Contains("'Mouse' is not a capture kind", cut.Find("[data-testid='report-problem']").TextContent);
        Assert.Empty(cut.FindAll("[data-testid='report-units']"));
    }

    [Fact]
    public void An_empty_period_says_so()
    {
        var cut = Open(query: "?period=weeks&from=2026-W30&to=2026-W32");

        Assert.Contains("Nothing was captured in Organisation in this period", cut.Find("[data-testid='report-empty']").TextContent);
    }

    private IRenderedComponent<ReportsPage> Open(string extra = "", string query = Query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/council/reports" + query + extra);
        var cut = Render<ReportsPage>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-progress-linear")), TimeSpan.FromSeconds(10));
        return cut;
    }

    private static IElement Row(IElement table, string name) =>
        table.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")?.TextContent.Trim() == name);

    private static string Cell(IElement table, IElement row, string column)
    {
        var columns = table.QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()).ToList();
        return row.Children[columns.IndexOf(column)].TextContent.Trim();
    }

    /// <summary>The CSV's records, each a list of its fields, as a spreadsheet would read them.</summary>
    private static async Task<List<List<string>>> RecordsAsync(string csv)
    {
        var records = new List<List<string>>();
        await using var reader = CsvHelper.CsvReader.Create(new StringReader(csv), CsvHelper.CsvReaderOptions.Default, leaveOpen: false);
        while (await reader.ReadAsync(Ct))
            records.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToList());
        return records;
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await _store.DisposeAsync();
    }
}
