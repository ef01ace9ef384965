using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.AccessLog;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Reports;
using Transparency.Core.Rollups;
using Transparency.Testing;

namespace Transparency.Core.Tests.Reports;

/// <summary>
/// The works council's report, answered from the rollup: its figures are what the records say, the same week is hidden
/// alike in every answer, and every report given is logged as a report view and on nobody's access page.
/// </summary>
public sealed class UsageReportTests
{
    private static readonly ReportViewer Council = new("council.member@test", ActorRole.WorksCouncil, ReportFormat.Page);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Report_figures_equal_an_independent_count_of_the_records(StoreProvider provider)
    {
        foreach (var seed in new[] { 11, 2024 })
        {
            await using var scene = await Scene.CreateAsync(provider, seed);
            var reference = await ReferenceUsage.CountAsync(scene.Store, scene.Now, Ct);
            var period = ReportPeriod.Weeks(scene.FirstWeek, scene.LastWeek);

            foreach (var query in new[]
                     {
                         new UsageQuery(null, period, null), new UsageQuery("SALES", period, null), new UsageQuery("ENG", period, CaptureKind.Keystrokes),
                         new UsageQuery(null, ReportPeriod.Months(scene.FirstWeek.Year, scene.FirstWeek.Month, scene.LastWeek.Year, scene.LastWeek.Month), CaptureKind.Click),
                     })
            {
                var report = (await scene.Reports.ReportAsync(query, Council, Ct))!;
                var weeks = query.Period.WeekStarts();
                Expect(report.Total, report.Unit.Id, weeks, query.Kind, $"seed {seed}, {query.Describe()}, total");
                foreach (var sub in report.SubUnits)
                    Expect(sub.Figures, sub.Unit.Id, weeks, query.Kind, $"seed {seed}, {query.Describe()}, {sub.Unit.Id}");
                foreach (var kind in report.Kinds)
                    Expect(kind.Figures, report.Unit.Id, weeks, kind.Kind, $"seed {seed}, {query.Describe()}, {kind.Kind}");
                foreach (var step in report.Trend)
                    Expect(step.Figures, report.Unit.Id, step.Bucket.WeekStarts.ToList(), query.Kind, $"seed {seed}, {query.Describe()}, {step.Bucket.Label}");
            }

            void Expect(FigureRow row, string unit, IReadOnlyList<DateTime> weeks, CaptureKind? kind, string where)
            {
                foreach (var m in UsageMeasures.All.Where(row.Has))
                {
                    var expected = scene.Subtree(unit).Sum(u => weeks.Sum(w => reference.Find(u, w, kind ?? UsageCell.AllKinds)?.Values[(int)m] ?? 0));
                    Assert.True(expected == row[m].Value, $"{where}: {m} is {row[m].Value}, the records say {expected}");
                }
            }
        }
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_week_s_figure_is_shown_or_hidden_alike_in_every_answer_that_holds_it(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider, 7);
        var weeks = ReportPeriod.Weeks(scene.FirstWeek, scene.LastWeek).WeekStarts();
        var early = (await scene.Reports.ReportAsync(new UsageQuery("SALES", ReportPeriod.Weeks(weeks[0], weeks[3]), null), Council, Ct))!;
        var late = (await scene.Reports.ReportAsync(new UsageQuery("SALES", ReportPeriod.Weeks(weeks[2], weeks[^1]), null), Council, Ct))!;
        var org = (await scene.Reports.ReportAsync(new UsageQuery(null, ReportPeriod.Weeks(weeks[2], weeks[2]), null), Council, Ct))!;

        foreach (var week in new[] { weeks[2], weeks[3] })
        {
            var a = early.Trend.Single(s => s.Bucket.FirstWeek == week).Figures;
            var b = late.Trend.Single(s => s.Bucket.FirstWeek == week).Figures;
            foreach (var m in ReportSuppressionMeasures)
                Assert.Equal(a[m], b[m]);
        }
        var salesInOrg = org.SubUnits.Single(s => s.Unit.Id == "SALES").Figures;
        var salesAlone = late.Trend.Single(s => s.Bucket.FirstWeek == weeks[2]).Figures;
        foreach (var m in ReportSuppressionMeasures)
            Assert.Equal(salesInOrg[m], salesAlone[m]);
        // Some figure of these small units is hidden, or this test would prove nothing.
        Assert.Contains(ReportSuppressionMeasures, m => !salesAlone[m].Shown);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Each_report_given_is_logged_as_a_report_view_and_on_nobody_s_access_page(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider, 3);
        var query = new UsageQuery("ENG", ReportPeriod.Weeks(scene.FirstWeek, scene.LastWeek), CaptureKind.Keystrokes);

        await scene.Reports.ReportAsync(query, Council with { Format = ReportFormat.Csv }, Ct);
        Assert.Null(await scene.Reports.ReportAsync(query with { OrgUnitId = "NOWHERE" }, Council, Ct));

        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var view = Assert.Single(await db.ReportViews.AsNoTracking().ToListAsync(Ct));
        Assert.Equal(("council.member@test", ActorRole.WorksCouncil, ReportFormat.Csv, "ENG"), (view.ActorId, view.ActorRole, view.Format, view.OrgUnitId));
        Assert.Equal(query.Describe(), view.Query);
        Assert.Contains("Keystrokes", view.Query);
        Assert.Equal(0, await db.AccessLog.CountAsync(Ct));
    }

    [Fact]
    public async Task The_PDF_and_the_CSV_carry_the_figures_of_the_report_and_the_words_of_what_is_suppressed()
    {
        await using var scene = await Scene.CreateAsync(StoreProvider.Sqlite, 5);
        var report = (await scene.Reports.ReportAsync(new UsageQuery("SALES", ReportPeriod.Weeks(scene.FirstWeek, scene.LastWeek), null), Council, Ct))!;

        var pdf = UsageReportPdf.Write(report, scene.Now);
        var csv = UsageReportCsv.Write(report).Split("\r\n");

        var lines = PdfText.Lines(pdf);
        var total = csv.Single(l => l.StartsWith("Total,", StringComparison.Ordinal));
        var shown = 0;
        foreach (var m in ReportWords.Shown)
        {
            var text = ReportWords.Text(report.Total[m], m, report.Weeks, report.MinimumGroupSize);
            // The PDF's first table: each figure's label and its value on one line, the same text the CSV has.
            Assert.Contains($"{ReportWords.Header(m)} {text}", lines);
            Assert.Contains(text.Contains(',') ? $"\"{text}\"" : text, total);
            if (report.Total[m].Shown)
                shown++;
            else
                Assert.StartsWith("suppressed (", text);
        }
        Assert.InRange(shown, 1, ReportWords.Shown.Count - 1);
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        Assert.Equal("Works council usage report", document.Information.Title);
        Assert.Contains(lines, l => l.StartsWith("Works council usage report · SALES", StringComparison.Ordinal) && l.EndsWith($"of {document.NumberOfPages}", StringComparison.Ordinal));
    }

    private static readonly UsageMeasure[] ReportSuppressionMeasures = UsageMeasures.All.Where(m => !UsageMeasures.IsNeverShown(m)).ToArray();

    /// <summary>
    /// An organisation with a department whose head sits in it (SALES: 2 of its own, EMEA 8, AMERICAS 6) and one with a
    /// small team (ENG: PLATFORM 12, DATA 4), five weeks of random records, acts, flags, an opt-out and downloads,
    /// rolled up.
    /// </summary>
    private sealed class Scene : IAsyncDisposable
    {
        private static readonly (string Unit, string? Parent, int People)[] Units =
        [
            ("ORG", null, 0), ("SALES", "ORG", 2), ("EMEA", "SALES", 8), ("AMERICAS", "SALES", 6), ("ENG", "ORG", 0), ("PLATFORM", "ENG", 12), ("DATA", "ENG", 4),
        ];

        private Scene(TestStore store, FakeTimeProvider clock)
        {
            Store = store;
            Clock = clock;
            Reports = new UsageReportService(store.Contexts, new MinimumGroupSize(), clock);
        }

        public TestStore Store { get; }
        public FakeTimeProvider Clock { get; }
        public UsageReportService Reports { get; }
        public DateTime Now => Clock.GetUtcNow().UtcDateTime;
        public DateTime LastWeek => UsageWeeks.StartOf(Now).AddDays(-7);
        public DateTime FirstWeek => LastWeek.AddDays(-28);

        public IEnumerable<string> Subtree(string unit) =>
            [unit, .. Units.Where(u => u.Parent == unit).SelectMany(u => Subtree(u.Unit))];

        public static async Task<Scene> CreateAsync(StoreProvider provider, int seed)
        {
            var store = await TestStore.CreateAsync(provider);
            var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
            var random = new Random(seed);
            var people = Units.SelectMany(u => Enumerable.Range(1, u.People).Select(i => (Id: $"{u.Unit}-{i}", u.Unit))).ToList();
            await TestData.AddEmployeesAsync(store, people.Select(p => p.Id).ToArray());
            await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
            {
                db.OrgUnits.AddRange(Units.Select(u => new OrgUnit { Id = u.Unit, Name = u.Unit, ParentId = u.Parent }));
                await db.SaveChangesAsync(Ct);
                // Parents first: the test unit the employees were added in goes once they have moved out of it.
                foreach (var e in await db.Employees.ToListAsync(Ct))
                    e.OrgUnitId = people.Single(p => p.Id == e.Id).Unit;
                await db.SaveChangesAsync(Ct);
                db.OrgUnits.Remove(await db.OrgUnits.SingleAsync(o => o.Id == "OU-TEST", Ct));

                var start = UsageWeeks.StartOf(TestData.Now).AddDays(-35);
                foreach (var (id, _) in people)
                {
                    for (var i = 0; i < 30; i++)
                    {
                        var at = start.AddMinutes(random.Next(0, 60 * 24 * 36));
                        var record = TestData.Record(id, at, (CaptureKind)random.Next(1, 6), (Purposes)random.Next(1, 8),
                            sensitivity: random.Next(15) == 0 ? SensitivityTags.Banking : SensitivityTags.None);
                        record.ReceivedAt = at.AddMinutes(1);
                        record.TrainingChoice = random.Next(6) == 0 ? TrainingChoice.Withheld : TrainingChoice.None;
                        record.HasOpenFlag = random.Next(25) == 0;
                        if (random.Next(30) == 0)
                        {
                            // A tombstone, as the delete act leaves it.
                            (record.DeletedAt, record.Purposes, record.Summary, record.Content) = (at.AddDays(1), Purposes.None, null, null);
                            (record.TrainingChoice, record.HasOpenFlag, record.Sensitivity) = (TrainingChoice.None, false, SensitivityTags.None);
                        }
                        db.CaptureRecords.Add(record);
                    }
                    if (random.Next(5) == 0)
                        db.StandingRules.Add(new StandingRule { EmployeeId = id, Id = Guid.NewGuid(), CreatedAt = start });
                    if (random.Next(4) == 0)
                    {
                        var raised = start.AddDays(random.Next(0, 35));
                        var decision = new Decision { EmployeeId = id, Id = Guid.NewGuid(), Kind = DecisionKind.Flag, ActorId = id, ActorRole = ActorRole.Employee, At = raised };
                        db.Decisions.Add(decision);
                        db.Flags.Add(new Flag
                        {
                            EmployeeId = id, Id = Guid.NewGuid(), DecisionId = decision.Id, RecordCount = 1, Category = FlagCategory.Other,
                            RaisedAt = raised, ReviewState = (FlagReviewState)random.Next(1, 4),
                        });
                    }
                    if (random.Next(3) == 0)
                        db.OwnDownloads.Add(new OwnDownload { EmployeeId = id, Id = Guid.NewGuid(), At = start.AddDays(random.Next(0, 35)), Kind = OwnDownloadKind.PersonalData });
                }
                await db.SaveChangesAsync(Ct);
                foreach (var week in UsageWeeks.Between(start, TestData.Now))
                    foreach (var unit in Units)
                        await UsageWeeks.MarkAsync(db, unit.Unit, [week], TestData.Now, Ct);
            }
            await UsageRollups.BringUpToDateAsync(store, clock, Ct);
            return new Scene(store, clock);
        }

        public async ValueTask DisposeAsync() => await Store.DisposeAsync();
    }
}
