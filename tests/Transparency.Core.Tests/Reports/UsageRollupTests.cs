using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Rollups;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Tests.Policies;
using Transparency.Testing;

namespace Transparency.Core.Tests.Reports;

/// <summary>
/// The works council's usage aggregates are exactly what the records say: records and distinct employees by
/// org unit × kind × purpose × week, with training, withholding, deletion and flag counts; and they follow
/// arriving records and employees' acts.
/// </summary>
public sealed class UsageRollupTests
{
    private const string Department = "RU-DEPT";
    private const string TeamA = "RU-TEAM-A";
    private const string TeamB = "RU-TEAM-B";
    private static readonly string[] TeamAEmployees = ["RU-A1", "RU-A2", "RU-A3"];
    private static readonly string[] TeamBEmployees = ["RU-B1", "RU-B2"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Cells_equal_a_direct_count_of_the_records(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var random = new Random(4711);
        var records = Enumerable.Range(0, 600).Select(_ => scene.RandomRecord(random)).ToArray();
        await scene.AddAsync(records);

        var result = await scene.Rollup().RefreshAsync(Ct);

        Assert.False(result.Skipped);
        Assert.Equal(0, result.WeeksStillStale);
        Assert.Equal(await scene.ReferenceCellsAsync(), await scene.CellsAsync());
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Acts_and_rules_mark_their_weeks_and_the_next_run_follows_them(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var random = new Random(815);
        await scene.AddAsync(Enumerable.Range(0, 300).Select(_ => scene.RandomRecord(random)).ToArray());
        await scene.Rollup().RefreshAsync(Ct);

        var ada = new EmployeeId(TeamAEmployees[0]);
        var decisions = new DecisionService(scene.Store.Contexts, scene.Clock, scene.Store.Erasure);
        var rules = new StandingRuleService(scene.Store.Contexts, scene.Clock);
        var target = await scene.OneEligibleRecordOfAsync(ada.Value);
        await decisions.WithholdAsync(ada, ActTarget.One(target), Ct);
        await decisions.DeleteAsync(new EmployeeId(TeamBEmployees[0]), ActTarget.Matching(new Transparency.Core.Records.RecordFilter()), Ct);
        await rules.AddAsync(new EmployeeId(TeamAEmployees[1]), new RuleDraft(CaptureKind.Keystrokes, null, null, null, null), Ct);
        Assert.NotEqual(await scene.ReferenceCellsAsync(), await scene.CellsAsync());

        scene.Clock.Advance(TimeSpan.FromSeconds(30));
        await scene.Rollup().RefreshAsync(Ct);

        Assert.Equal(await scene.ReferenceCellsAsync(), await scene.CellsAsync());
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Records_are_counted_once_they_have_settled(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var random = new Random(99);
        await scene.AddAsync(Enumerable.Range(0, 50).Select(_ => scene.RandomRecord(random)).ToArray());
        await scene.Rollup().RefreshAsync(Ct);

        // Received a moment ago: its batch may still be committing, so this run leaves it.
        var late = scene.RandomRecord(random);
        late.ReceivedAt = scene.Clock.GetUtcNow().UtcDateTime.AddSeconds(-5);
        await scene.AddAsync(late);
        await scene.Rollup().RefreshAsync(Ct);
        Assert.NotEqual(await scene.ReferenceCellsAsync(), await scene.CellsAsync());

        scene.Clock.Advance(TimeSpan.FromMinutes(2));
        await scene.Rollup().RefreshAsync(Ct);
        Assert.Equal(await scene.ReferenceCellsAsync(), await scene.CellsAsync());
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Arrivals_are_folded_in_once_their_batch_window_has_gathered_while_acts_show_at_the_next_run(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var random = new Random(2718);
        await scene.AddAsync(Enumerable.Range(0, 80).Select(_ => scene.RandomRecord(random)).ToArray());
        var rollup = scene.Rollup(arrivalBatchSeconds: 600);
        await rollup.RefreshAsync(Ct);
        Assert.Equal(await scene.ReferenceCellsAsync(), await scene.CellsAsync());

        // Settled, but the window since the last fold is shorter than ten minutes: left for a later run.
        scene.Clock.Advance(TimeSpan.FromMinutes(3));
        var arrived = scene.RandomRecord(random);
        arrived.ReceivedAt = scene.Clock.GetUtcNow().UtcDateTime.AddMinutes(-2);
        await scene.AddAsync(arrived);
        await rollup.RefreshAsync(Ct);
        Assert.NotEqual(await scene.ReferenceCellsAsync(), await scene.CellsAsync());

        // An employee's act marks its week and shows at the next run, whatever the arrival window.
        var ada = new EmployeeId(TeamAEmployees[0]);
        await new DecisionService(scene.Store.Contexts, scene.Clock, scene.Store.Erasure).WithholdAsync(ada, ActTarget.One(await scene.OneEligibleRecordOfAsync(ada.Value)), Ct);
        var withheldBefore = await WithheldAsync();
        await rollup.RefreshAsync(Ct);
        Assert.True(await WithheldAsync() > withheldBefore);

        scene.Clock.Advance(TimeSpan.FromMinutes(9));
        await rollup.RefreshAsync(Ct);
        Assert.Equal(await scene.ReferenceCellsAsync(), await scene.CellsAsync());

        async Task<int> WithheldAsync()
        {
            await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
            return (await db.UsageCells.AsNoTracking().Where(c => c.Kind == UsageCell.AllKinds).ToListAsync(Ct))
                .Sum(c => c.Values[(int)UsageMeasure.WithheldByDecision]);
        }
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Runs_on_several_instances_at_once_leave_the_same_cells(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var random = new Random(3);
        await scene.AddAsync(Enumerable.Range(0, 400).Select(_ => scene.RandomRecord(random)).ToArray());

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => scene.Rollup(weeksPerRun: 2).RefreshAsync(Ct), Ct)));
        while ((await scene.Rollup().RefreshAsync(Ct)).WeeksStillStale > 0) { }

        Assert.Equal(await scene.ReferenceCellsAsync(), await scene.CellsAsync());
    }

    /// <summary>A department with two teams of a few employees each (and an empty unit beside it), a clock, and an independent reference count.</summary>
    private sealed class Scene : IAsyncDisposable
    {
        private Scene(TestStore store) => Store = store;

        public TestStore Store { get; }
        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(TestData.Now));

        public static async Task<Scene> CreateAsync(StoreProvider provider)
        {
            var store = await TestStore.CreateAsync(provider);
            await TestData.AddEmployeesAsync(store, [.. TeamAEmployees, .. TeamBEmployees]);
            await using var db = await store.Contexts.CreateDbContextAsync(Ct);
            db.OrgUnits.AddRange(
                new OrgUnit { Id = Department, Name = "Department" },
                new OrgUnit { Id = TeamA, Name = "Team A", ParentId = Department },
                new OrgUnit { Id = TeamB, Name = "Team B", ParentId = Department },
                new OrgUnit { Id = "RU-OTHER", Name = "Elsewhere" });
            await db.SaveChangesAsync(Ct);
            foreach (var e in await db.Employees.ToListAsync(Ct))
                e.OrgUnitId = TeamAEmployees.Contains(e.Id) ? TeamA : TeamB;
            await db.SaveChangesAsync(Ct);
            return new Scene(store);
        }

        public UsageRollupService Rollup(int weeksPerRun = 5000, int arrivalBatchSeconds = 0) => UsageRollups.For(Store, Clock, weeksPerRun, arrivalBatchSeconds);

        public CaptureRecord RandomRecord(Random random)
        {
            string[] everyone = [.. TeamAEmployees, .. TeamBEmployees];
            var capturedAt = TestData.Now.AddMinutes(-random.Next(10, 60 * 24 * 40));
            var record = TestData.Record(everyone[random.Next(everyone.Length)], capturedAt,
                (CaptureKind)random.Next(0, 5), (Purposes)random.Next(1, 8),
                sensitivity: random.Next(12) == 0 ? SensitivityTags.Banking : SensitivityTags.None);
            record.ReceivedAt = capturedAt.AddSeconds(random.Next(1, 600));
            if (record.ReceivedAt > TestData.Now.AddMinutes(-2))
                record.ReceivedAt = TestData.Now.AddMinutes(-2);
            record.TrainingChoice = random.Next(8) == 0 ? TrainingChoice.Withheld : TrainingChoice.None;
            record.HasOpenFlag = random.Next(15) == 0;
            if (random.Next(20) == 0)
            {
                record.DeletedAt = capturedAt.AddDays(1);
                record.Summary = null;
                record.Content = null;
            }
            return record;
        }

        public async Task AddAsync(params CaptureRecord[] records)
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            db.CaptureRecords.AddRange(records);
            await db.SaveChangesAsync(Ct);
        }

        public async Task<Guid> OneEligibleRecordOfAsync(string employee)
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            var eligibility = await TrainingEligibility.ForAsync(db, Clock.GetUtcNow().UtcDateTime, Ct);
            return await db.CaptureRecords.Where(r => r.EmployeeId == employee).Where(eligibility.IsEligible).Select(r => r.Id).FirstAsync(Ct);
        }

        public async Task<List<string>> CellsAsync()
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            return (await db.UsageCells.AsNoTracking().ToListAsync(Ct))
                .Select(c => Line(c.OrgUnitId, c.WeekStart, c.Kind, c.Movers, c.Values, c.People))
                .Order(StringComparer.Ordinal).ToList();
        }

        /// <summary>The same figures counted independently, record by record (<see cref="ReferenceUsage"/>).</summary>
        public async Task<List<string>> ReferenceCellsAsync() =>
            (await ReferenceUsage.CountAsync(Store, Clock.GetUtcNow().UtcDateTime, Ct)).Cells
            .Select(c => Line(c.Key.Unit, c.Key.Week, c.Key.Kind, 0, c.Value.Values, c.Value.People.Select(p => p.Count).ToArray()))
            .Order(StringComparer.Ordinal).ToList();

        /// <summary>Every figure that is not zero, with the people behind it.</summary>
        private static string Line(string unit, DateTime week, CaptureKind kind, int movers, int[] values, int[] people) =>
            $"{unit} {week:yyyy-MM-dd} {(kind == UsageCell.AllKinds ? "all kinds" : kind)} movers {movers}: " +
            string.Join(", ", UsageMeasures.All.Where(m => values[(int)m] != 0).Select(m => $"{m} {values[(int)m]} by {people[(int)m]}"));

        public async ValueTask DisposeAsync() => await Store.DisposeAsync();
    }
}
