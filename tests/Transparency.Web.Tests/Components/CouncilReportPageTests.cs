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
        // The page renders on the server for each request, without a circuit.
        SetRendererInfo(new RendererInfo("Static", false));
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
    public void Renders_without_a_circuit_or_the_providers_a_circuit_brings()
    {
        var cut = Open();

        Assert.Empty(cut.FindComponents<Transparency.Web.Components.Shared.Interactive>());
        Assert.Empty(cut.FindAll("[data-interactive]"));
        Assert.Empty(cut.FindComponents<MudPopoverProvider>());
        // MudSelect's list opens in a popover, which needs a circuit: the report's choices are the browser's own selects.
        Assert.Empty(cut.FindComponents<MudSelect<string>>());
        Assert.Equal(5, cut.FindAll("form[data-testid='report-form'] select").Count);
    }

    [Fact]
    public void The_question_is_a_form_that_asks_for_this_page_with_the_question_in_the_address()
    {
        var cut = Open("&unit=DEPT&kind=Keystrokes");

        var form = cut.Find("form[data-testid='report-form']");
        Assert.Equal(("get", "/council/reports"), (form.GetAttribute("method"), form.GetAttribute("action")));
        Assert.True(form.HasAttribute("data-enhance"));
        Assert.Equal("report-show", form.GetAttribute("data-keep-focus"));
        Assert.Equal(["unit", "period", "from", "to", "kind"], form.QuerySelectorAll("select").Select(f => f.GetAttribute("name")));
        Assert.All(form.QuerySelectorAll("select"), f => Assert.NotNull(form.QuerySelector($"label[for='{f.Id}']")));
        Assert.Equal(["Org unit", "Period in", "From", "To", "Capture kind"], form.QuerySelectorAll("label").Select(l => l.TextContent.Trim()));
        Assert.Equal(("DEPT", "weeks", "2026-W44", "2026-W46", "Keystrokes"),
            (Selected(cut, "unit"), Selected(cut, "period"), Selected(cut, "from"), Selected(cut, "to"), Selected(cut, "kind")));
        // The organisation, then each unit under its parent.
        Assert.Equal(["Organisation", "Department", "Big team", "Small team"],
            cut.FindAll("#report-unit option").Select(o => o.TextContent.Trim()));
        Assert.Equal(["", "DEPT", "BIG", "SMALL"], cut.FindAll("#report-unit option").Select(o => o.GetAttribute("value")));
        // A year of weeks, newest first, the week in progress said as such.
        var weeks = cut.FindAll("#report-from option");
        Assert.Equal(ReportPeriod.MaxBuckets, weeks.Count);
        Assert.Equal("2026-W47 (16 Nov), in progress", weeks[0].TextContent.Trim());
        Assert.Equal(["All kinds", "Pointer paths", "Clicks", "Keystrokes", "Screen snapshots", "App and site focus"],
            cut.FindAll("#report-kind option").Select(o => o.TextContent.Trim()));
        Assert.Equal("submit", cut.Find("#report-show").GetAttribute("type"));
        // The downloads are the report on screen.
        Assert.Equal("/council/reports/usage.csv?unit=DEPT&period=weeks&from=2026-W44&to=2026-W46&kind=Keystrokes",
            cut.Find("[data-testid='report-csv']").GetAttribute("href"));
        Assert.Equal("/council/reports/usage.pdf?unit=DEPT&period=weeks&from=2026-W44&to=2026-W46&kind=Keystrokes",
            cut.Find("[data-testid='report-pdf']").GetAttribute("href"));
        Assert.True(cut.Find("[data-testid='report-csv']").HasAttribute("download"));
    }

    [Fact]
    public void Switching_to_months_keeps_the_stretch_of_time_the_weeks_covered()
    {
        // What the form sends when Period in says months and From and To still list weeks.
        var cut = Open(query: "?unit=&period=months&from=2026-W40&to=2026-W46&kind=");

        Assert.Equal("Organisation, months 2026-10 to 2026-11", cut.Find("h2").TextContent.Trim());
        Assert.Equal(("months", "2026-10", "2026-11"), (Selected(cut, "period"), Selected(cut, "from"), Selected(cut, "to")));
        Assert.Equal(12, cut.FindAll("#report-to option").Count);
        Assert.Equal("November 2026, in progress", cut.Find("#report-to option").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid='report-problem']"));
    }

    [Fact]
    public void A_period_older_than_the_choices_stays_chosen()
    {
        var cut = Open(query: "?period=weeks&from=2025-W01&to=2025-W10");

        Assert.Equal(("2025-W01", "2025-W10"), (Selected(cut, "from"), Selected(cut, "to")));
        Assert.Equal("2025-W01 (30 Dec)", cut.Find("#report-from option[selected]").TextContent.Trim());
        var values = cut.FindAll("#report-to option").Select(o => o.GetAttribute("value")!).ToList();
        Assert.Equal(values.OrderByDescending(v => v, StringComparer.Ordinal), values);
    }

    [Fact]
    public async Task Each_report_shown_is_logged_once_with_who_asked()
    {
        Open("&unit=DEPT");

        await using var db = await _store.Contexts.CreateDbContextAsync(Ct);
        var view = Assert.Single(await db.ReportViews.ToListAsync(Ct));
        Assert.Equal(("jonas.weber@test", ActorRole.WorksCouncil, ReportFormat.Page, "DEPT"), (view.ActorId, view.ActorRole, view.Format, view.OrgUnitId));
    }

    [Fact]
    public void The_path_and_the_units_that_may_be_opened_are_links_that_keep_the_period()
    {
        var cut = Open();

        var units = cut.Find("[data-testid='report-units']");
        Assert.Equal("/council/reports?unit=DEPT&period=weeks&from=2026-W44&to=2026-W46", units.QuerySelector("a")!.GetAttribute("href"));
        var inDepartment = Open("&unit=DEPT&kind=Click");
        var path = inDepartment.Find("nav[aria-label='Org unit path']");
        Assert.Equal("/council/reports?period=weeks&from=2026-W44&to=2026-W46&kind=Click", path.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("Department", path.QuerySelector("[aria-current='page']")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_address_that_asks_nothing_answerable_says_what_is_wrong_and_the_form_offers_the_rest()
    {
        var cut = Open("&unit=DEPT&kind=Mouse");

        Assert.Contains("'Mouse' is not a capture kind", cut.Find("[data-testid='report-problem']").TextContent);
        Assert.Equal("/council/reports", cut.Find("[data-testid='report-problem'] a").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid='report-units']"));
        Assert.Empty(cut.FindAll("h2"));
        // What could be read stays in the form; the kind that could not goes back to all kinds.
        Assert.Equal("DEPT", Selected(cut, "unit"));
        Assert.Equal(("weeks", "2026-W44", "2026-W46"), (Selected(cut, "period"), Selected(cut, "from"), Selected(cut, "to")));
        Assert.Equal("", Selected(cut, "kind"));
        // Nothing was shown, so nothing can be downloaded and no view was logged.
        Assert.Null(cut.Find("[data-testid='report-csv']").GetAttribute("href"));
        Assert.Null(cut.Find("[data-testid='report-pdf']").GetAttribute("href"));
        await using var db = await _store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.ReportViews.CountAsync(Ct));
    }

    [Fact]
    public void A_period_that_ends_before_it_starts_is_explained_at_its_fields()
    {
        var cut = Open(query: "?period=weeks&from=2026-W46&to=2026-W44");

        Assert.Contains("The period ends before it starts.", cut.Find("[data-testid='report-problem']").TextContent);
        Assert.Equal(("2026-W46", "2026-W44"), (Selected(cut, "from"), Selected(cut, "to")));
        Assert.Equal("true", cut.Find("#report-from").GetAttribute("aria-invalid"));
        Assert.Equal("true", cut.Find("#report-to").GetAttribute("aria-invalid"));
        // The browser refuses the same before sending the form (js/layout.js), with the same words.
        Assert.Equal("report-from", cut.Find("#report-to").GetAttribute("data-not-before"));
        Assert.Equal("The period ends before it starts.", cut.Find("#report-to").GetAttribute("data-problem"));
    }

    [Fact]
    public void An_org_unit_that_does_not_exist_is_said_and_the_whole_organisation_is_a_link_away_in_the_same_period()
    {
        var cut = Open("&unit=NOPE&kind=Click");

        var problem = cut.Find("[data-testid='report-problem']");
        Assert.Contains("There is no org unit 'NOPE'.", problem.TextContent);
        Assert.Equal("/council/reports?period=weeks&from=2026-W44&to=2026-W46&kind=Click", problem.QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid='report-summary']"));
        Assert.Null(cut.Find("[data-testid='report-csv']").GetAttribute("href"));
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
        return Render<ReportsPage>();
    }

    /// <summary>The value a field of the report's form sends: the selected option's, or the first option's when none is.</summary>
    private static string Selected(IRenderedComponent<ReportsPage> cut, string name)
    {
        var select = cut.Find($"form[data-testid='report-form'] select[name='{name}']");
        var option = select.QuerySelector("option[selected]") ?? select.QuerySelector("option")!;
        return option.GetAttribute("value") ?? option.TextContent;
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
