using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Rollups;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Testing;

namespace Transparency.Core.Tests.Records;

/// <summary>
/// The home summary read from the summary rollup is exactly what one grouped query over the window's records
/// gives: after arrivals, acts and standing rules (before and after the rollup runs), as the window and the
/// training retention move, on both providers.
/// </summary>
public sealed class SummaryRollupTests
{
    private static readonly string[] Employees = ["SR-ADA", "SR-BEN", "SR-CLEO"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Summary_from_the_rollup_equals_the_live_count_after_random_arrivals_acts_and_rules(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var random = new Random(20261127);
        await scene.AddAsync(Enumerable.Range(0, 900).Select(_ => scene.RandomRecord(random, settled: true)).ToArray());
        await scene.AssertSummariesMatchAsync("before the rollup ever ran");

        await scene.RefreshAsync();
        Assert.True(await scene.CellCountAsync() > 0);
        await scene.AssertSummariesMatchAsync("after the backfill");

        for (var round = 0; round < 6; round++)
        {
            await scene.RandomActsAsync(random, 4);
            await scene.AssertSummariesMatchAsync($"round {round}: right after the acts");

            await scene.AddAsync(Enumerable.Range(0, 40).Select(_ => scene.RandomRecord(random, settled: false)).ToArray());
            await scene.AssertSummariesMatchAsync($"round {round}: after arrivals");

            scene.Clock.Advance(TimeSpan.FromSeconds(30));
            await scene.RefreshAsync();
            await scene.AssertSummariesMatchAsync($"round {round}: after a rollup run");

            // The window and the retention cutoff move with the clock; cells stay as they were.
            scene.Clock.Advance(TimeSpan.FromHours(random.Next(1, 30)));
            await scene.AssertSummariesMatchAsync($"round {round}: hours later, before the next run");
        }
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_retention_cutoff_inside_the_window_is_applied_when_the_summary_is_read(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var random = new Random(7);
        await scene.AddAsync(Enumerable.Range(0, 500).Select(_ => scene.RandomRecord(random, settled: true)).ToArray());
        await scene.RefreshAsync();

        foreach (var days in new[] { 12, 20, 29 })
        {
            await scene.SetTrainingRetentionAsync(days);
            await scene.AssertSummariesMatchAsync($"training retention {days} days");
            scene.Clock.Advance(TimeSpan.FromHours(17));
            await scene.AssertSummariesMatchAsync($"training retention {days} days, 17 hours later");
        }
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task The_window_can_start_at_any_time_of_day(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var random = new Random(31);
        await scene.AddAsync(Enumerable.Range(0, 600).Select(_ => scene.RandomRecord(random, settled: true)).ToArray());
        await scene.RefreshAsync();
        await scene.AddAsync(Enumerable.Range(0, 30).Select(_ => scene.RandomRecord(random, settled: false)).ToArray());

        // The first day is counted from its cell less its records before the window early in the day, from its records later.
        for (var hour = 0; hour < 24; hour += 5)
        {
            await scene.AssertSummariesMatchAsync($"at {scene.Clock.GetUtcNow():HH:mm}");
            scene.Clock.Advance(TimeSpan.FromHours(5).Add(TimeSpan.FromMinutes(7)));
        }
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task An_act_shows_in_the_summary_before_the_rollup_runs(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var ada = new EmployeeId(Employees[0]);
        var now = scene.Clock.GetUtcNow().UtcDateTime;
        await scene.AddAsync(Enumerable.Range(1, 10).Select(d => TestData.Record(ada.Value, now.AddDays(-d))).ToArray());
        await scene.RefreshAsync();
        var before = await scene.Summaries.GetAsync(ada, ct: Ct);

        await new DecisionService(scene.Store.Contexts, scene.Clock, scene.Store.Erasure).WithholdAsync(ada, ActTarget.Matching(new RecordFilter()), Ct);
        var after = await scene.Summaries.GetAsync(ada, ct: Ct);

        Assert.Equal((10, 10, 0), (before.Records, before.TrainingEligible, before.Withheld));
        Assert.Equal((10, 0, 10), (after.Records, after.TrainingEligible, after.Withheld));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Settled_days_are_read_from_their_cells(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var ada = new EmployeeId(Employees[0]);
        var now = scene.Clock.GetUtcNow().UtcDateTime;
        await scene.AddAsync(Enumerable.Range(1, 10).Select(d => TestData.Record(ada.Value, now.AddDays(-d))).ToArray());
        var result = await scene.RefreshAsync();
        Assert.Equal(0, result.MarksLeft);

        // A cell changed behind the rollup's back shows: the summary did not count that day from the records.
        await using (var db = await scene.Store.Contexts.CreateDbContextAsync(Ct))
            await db.SummaryCells.Where(c => c.EmployeeId == ada.Value && c.Day == SummaryDays.StartOf(now.AddDays(-5)))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Records, c => c.Records + 100), Ct);

        Assert.Equal(110, (await scene.Summaries.GetAsync(ada, ct: Ct)).Records);
    }

    /// <summary>Three employees of one unit, a clock, the rollup and the live count the summary must equal.</summary>
    private sealed class Scene : IAsyncDisposable
    {
        private readonly List<(EmployeeId Employee, Guid Decision)> _undoable = [];
        private readonly List<(EmployeeId Employee, Guid Rule)> _rules = [];

        private Scene(TestStore store)
        {
            Store = store;
            Summaries = new RecordSummaryService(store.Contexts, Clock);
        }

        public TestStore Store { get; }
        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(TestData.Now));
        public RecordSummaryService Summaries { get; }

        public static async Task<Scene> CreateAsync(StoreProvider provider)
        {
            var store = await TestStore.CreateAsync(provider);
            await TestData.AddEmployeesAsync(store, Employees);
            return new Scene(store);
        }

        public Task<SummaryRollupResult> RefreshAsync() =>
            new SummaryRollupService(Store.Contexts, Clock, new UsageRollupOptions { SettleSeconds = 60 }, NullLogger<SummaryRollupService>.Instance)
                .RefreshAsync(ct: Ct);

        /// <param name="settled">
        /// Received long ago; otherwise within the last minute, the rollup's settle window (a record's batch commits within
        /// it, so a record received earlier than that is never inserted after the rollup's watermark passed it).
        /// </param>
        public CaptureRecord RandomRecord(Random random, bool settled)
        {
            var now = Clock.GetUtcNow().UtcDateTime;
            // Mostly inside the 30-day window, some before it, a few a little in the future (an agent's clock ahead).
            var capturedAt = now.AddMinutes(-random.Next(-30, 60 * 24 * 45));
            var record = TestData.Record(Employees[random.Next(Employees.Length)], capturedAt,
                (CaptureKind)random.Next(0, 5), (Purposes)random.Next(1, 8), application: random.Next(3) == 0 ? "Excel" : "Outlook",
                sensitivity: random.Next(12) == 0 ? SensitivityTags.Banking : SensitivityTags.None);
            record.ReceivedAt = settled ? now.AddMinutes(-random.Next(5, 600)) : now.AddSeconds(-random.Next(0, 60));
            record.TrainingChoice = random.Next(8) == 0 ? TrainingChoice.Withheld : random.Next(20) == 0 ? TrainingChoice.Released : TrainingChoice.None;
            record.HasOpenFlag = random.Next(15) == 0;
            if (random.Next(20) == 0)
            {
                record.DeletedAt = now;
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

        /// <summary>Withholds, releases, flags, deletes, undoes, adds and removes standing rules, at random.</summary>
        public async Task RandomActsAsync(Random random, int count)
        {
            var decisions = new DecisionService(Store.Contexts, Clock, Store.Erasure);
            var rules = new StandingRuleService(Store.Contexts, Clock);
            for (var i = 0; i < count; i++)
            {
                var employee = new EmployeeId(Employees[random.Next(Employees.Length)]);
                var target = random.Next(3) switch
                {
                    0 => ActTarget.Selection(await SomeRecordsAsync(employee, random)),
                    1 => ActTarget.Matching(new RecordFilter { Kinds = [(CaptureKind)random.Next(0, 5)] }),
                    _ => ActTarget.Matching(new RecordFilter { Application = "Excel" }),
                };
                switch (random.Next(8))
                {
                    case 0 or 1:
                        Remember(employee, await decisions.WithholdAsync(employee, target, Ct));
                        break;
                    case 2:
                        Remember(employee, await decisions.ReleaseAsync(employee, target, Ct));
                        break;
                    case 3:
                        await decisions.FlagAsync(employee, target, FlagCategory.Other, "test", Ct);
                        break;
                    case 4:
                        await decisions.DeleteAsync(employee, ActTarget.Selection(await SomeRecordsAsync(employee, random)), Ct);
                        break;
                    case 5 when _undoable.Count > 0:
                        var (owner, decision) = _undoable[random.Next(_undoable.Count)];
                        _undoable.Remove((owner, decision));
                        try
                        {
                            await decisions.UndoAsync(owner, decision, Ct);
                        }
                        catch (ActRefusedException)
                        {
                        }
                        break;
                    case 6:
                        try
                        {
                            var rule = await rules.AddAsync(employee, new RuleDraft((CaptureKind)random.Next(0, 5), null, null, null, null), Ct);
                            _rules.Add((employee, rule.Rule.Id));
                        }
                        catch (ActRefusedException)
                        {
                        }
                        break;
                    case 7 when _rules.Count > 0:
                        var (ruleOwner, ruleId) = _rules[random.Next(_rules.Count)];
                        _rules.Remove((ruleOwner, ruleId));
                        await rules.RemoveAsync(ruleOwner, ruleId, Ct);
                        break;
                }
                Clock.Advance(TimeSpan.FromSeconds(random.Next(1, 20)));
            }
        }

        private void Remember(EmployeeId employee, ActResult result)
        {
            if (result.DecisionId is { } id)
                _undoable.Add((employee, id));
        }

        private async Task<List<Guid>> SomeRecordsAsync(EmployeeId employee, Random random)
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            var ids = await db.RecordsOf(employee).Select(r => r.Id).ToListAsync(Ct);
            return ids.OrderBy(id => id).Where(_ => random.Next(10) == 0).Take(25).DefaultIfEmpty(ids[0]).ToList();
        }

        public async Task SetTrainingRetentionAsync(int days)
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            await db.Purposes.Where(p => p.Id == Purposes.ModelTraining).ExecuteUpdateAsync(s => s.SetProperty(p => p.RetentionDays, days), Ct);
        }

        public async Task<int> CellCountAsync()
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            return await db.SummaryCells.CountAsync(Ct);
        }

        public async Task AssertSummariesMatchAsync(string when)
        {
            foreach (var employee in Employees.Select(e => new EmployeeId(e)))
                foreach (var days in new[] { 1, 7, RecordSummaryService.DefaultDays, 40 })
                {
                    var expected = Describe(await LiveSummaryAsync(employee, days));
                    var actual = Describe(await Summaries.GetAsync(employee, days, Ct));
                    Assert.True(expected == actual, $"{employee.Value}, {days} days, {when}:\nlive   {expected}\nrollup {actual}");
                }
        }

        /// <summary>The summary as one grouped query over the window's records computes it (the summary before it had a rollup).</summary>
        private async Task<RecordSummary> LiveSummaryAsync(EmployeeId employee, int days)
        {
            var now = Clock.GetUtcNow().UtcDateTime;
            var since = now.AddDays(-days);
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            var eligibility = await TrainingEligibility.ForAsync(db, now, Ct);
            var groups = await db.RecordsOf(employee)
                .Where(r => r.CapturedAt >= since)
                .Select(eligibility.Project((CaptureRecord r, IneligibilityReasons reasons) => new
                {
                    r.Kind, r.Purposes, Reasons = reasons, r.HasOpenFlag, Deleted = r.DeletedAt != null,
                }))
                .GroupBy(x => new { x.Kind, x.Purposes, x.Reasons, x.HasOpenFlag, x.Deleted })
                .Select(g => new { g.Key, Count = g.Count() })
                .ToListAsync(Ct);
            var counts = RecordCounts.Tally(groups.Select(g => (g.Key.Reasons, g.Count)));
            var cells = groups
                .SelectMany(g => g.Key.Purposes.Each().Select(p => (g.Key.Kind, Purpose: p, g.Count)))
                .GroupBy(x => (x.Kind, x.Purpose))
                .Select(x => new KindPurposeCount(x.Key.Kind, x.Key.Purpose, x.Sum(y => y.Count)))
                .OrderBy(x => x.Kind).ThenBy(x => x.Purpose)
                .ToList();
            return new RecordSummary(days, since, counts.Total, counts.Eligible, counts.Withheld, counts.Quarantined, counts.Deleted, cells);
        }

        private static string Describe(RecordSummary s) =>
            $"{s.Days} days since {s.Since:O}: records {s.Records}, eligible {s.TrainingEligible}, withheld {s.Withheld}, quarantined {s.Quarantined}, " +
            $"deleted {s.Deleted}; " + string.Join(", ", s.ByKindAndPurpose.Select(c => $"{c.Kind}/{c.Purpose} {c.Records}"));

        public async ValueTask DisposeAsync() => await Store.DisposeAsync();
    }
}
