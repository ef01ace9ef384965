using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Rollups;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Review;
using Transparency.Core.Tests.TrainingExport;
using Transparency.Testing;

namespace Transparency.Core.Tests.Policies;

/// <summary>
/// Random stores, changed by the employees' own acts through the services (withhold, release, flag, delete, standing
/// rules, opt-out) and by the privacy officer's (flags upheld by redaction or deletion or dismissed, legal holds placed
/// and lifted): for every record, what the records list shows and lists under each training filter, what the record page
/// explains and offers, what the home summary counts, whether the training export sends it and whether a pipeline that
/// took it before the acts is told to purge it all follow from one training status, that of an independent reading of
/// the eligibility rule. Along the way, what a legal hold keeps is never erased, and a record is quarantined exactly
/// while an open flag covers it. CsCheck prints the seed of a failing store; pass it as <c>seed:</c> to run that store again.
/// </summary>
public sealed class TrainingStatusPropertyTests
{
    private const int Employees = 3;
    private static readonly string[] Applications = ["Outlook", "Excel", "Chrome"];
    private static readonly string?[] Sites = [null, "intranet.example", "bank.example"];
    private static readonly SensitivityTags[] Tags = [SensitivityTags.PasswordField, SensitivityTags.Banking, SensitivityTags.Health, SensitivityTags.WorksCouncil];

    /// <summary>What each training filter of the records page promises to list: the records its count counts.</summary>
    private static readonly (TrainingStatusFilter Filter, TrainingFigure Figure)[] Filters =
    [
        (TrainingStatusFilter.Eligible, TrainingFigure.Eligible), (TrainingStatusFilter.NotEligible, TrainingFigure.NotEligible),
        (TrainingStatusFilter.Withheld, TrainingFigure.Withheld), (TrainingStatusFilter.Quarantined, TrainingFigure.Quarantined),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One captured record: whose, what, where, how sensitive, whether it feeds training, and how old (in minutes).</summary>
    public sealed record RecordPlan(int Employee, CaptureKind Kind, int Application, int Site, int Tag, bool Training, int AgeMinutes);

    public enum Act
    {
        Withhold, WithholdSelection, Release, ReleaseSelection, Flag, FlagSelection, Delete, Rule, OptOut, RemoveRule,
        Resolve, PlaceHold, LiftHold,
    }

    /// <summary>
    /// One act: of an employee, on records picked by index among theirs (or a rule on a kind and application); or of the
    /// privacy officer, on an open flag picked by index among the employee's (or everyone's, when they have none) and
    /// answered with <paramref name="Outcome"/>, a legal hold on all of the employee's records (<paramref name="Days"/>
    /// negative) or on the days up to the first picked record's, or the lifting of one of their holds picked by index.
    /// </summary>
    public sealed record ActPlan(Act Act, int Employee, int[] Picks, CaptureKind Kind, int Application, FlagOutcome Outcome, int Days);

    public sealed record StorePlan(RecordPlan[] Records, ActPlan[] Acts)
    {
        public override string ToString() => $"{Records.Length} records, acts: {string.Join(", ", Acts.Select(Describe))}";

        private static string Describe(ActPlan a) => a.Act switch
        {
            Act.Resolve => $"Resolve:{a.Outcome}@{a.Employee}[{a.Picks[0]}]",
            Act.PlaceHold => $"PlaceHold:{(a.Days < 0 ? "all" : $"{a.Days}d")}@{a.Employee}[{a.Picks[0]}]",
            _ => $"{a.Act}@{a.Employee}[{string.Join(" ", a.Picks)}]",
        };
    }

    private const int TrainingRetentionMinutes = 365 * 24 * 60;

    // Ages across the summary window (30 days), the training retention (365 days) and its very edge.
    private static readonly Gen<int> Age = Gen.OneOf(
        Gen.Int[1, 30 * 24 * 60],
        Gen.Int[30 * 24 * 60, 500 * 24 * 60],
        Gen.Int[TrainingRetentionMinutes - 2, TrainingRetentionMinutes + 2]);

    private static readonly Gen<RecordPlan> RecordGen =
        from employee in Gen.Int[0, Employees - 1]
        from kind in Gen.Enum<CaptureKind>()
        from application in Gen.Int[0, Applications.Length - 1]
        from site in Gen.Int[0, Sites.Length - 1]
        from tag in Gen.Int[-6, Tags.Length - 1]
        from training in Gen.Int[0, 99].Select(p => p < 85)
        from age in Age
        select new RecordPlan(employee, kind, application, site, tag, training, age);

    // An opt-out withholds everything the employee has: rare, so the other statuses stay common. Flags are raised often
    // enough that the officer mostly finds one open to answer, sometimes one that overlaps another.
    private static readonly Gen<Act> ActKind = Gen.Int[0, 99].Select(p => p switch
    {
        < 11 => Act.Withhold, < 18 => Act.WithholdSelection, < 28 => Act.Release, < 35 => Act.ReleaseSelection,
        < 45 => Act.Flag, < 50 => Act.FlagSelection, < 58 => Act.Delete, < 68 => Act.Rule, < 70 => Act.OptOut, < 73 => Act.RemoveRule,
        < 86 => Act.Resolve, < 94 => Act.PlaceHold, _ => Act.LiftHold,
    });

    private static readonly Gen<ActPlan> ActGen =
        from act in ActKind
        from employee in Gen.Int[0, Employees - 1]
        from picks in Gen.Int[0, 999].Array[1, 4]
        from kind in Gen.Enum<CaptureKind>()
        from application in Gen.Int[-1, Applications.Length - 1]
        from outcome in Gen.Enum<FlagOutcome>()
        from days in Gen.Int[-2, 45]
        select new ActPlan(act, employee, picks, kind, application, outcome, days);

    private static readonly Gen<StorePlan> StoreGen =
        from records in RecordGen.Array[20, 60]
        from acts in ActGen.Array[0, 36]
        select new StorePlan(records, acts);

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task List_filters_record_page_summary_and_export_all_show_the_one_training_status(StoreProvider provider) =>
        await StoreGen.SampleAsync(plan => Agree(provider, plan), iter: 5, threads: 1,
            writeLine: line => TestContext.Current.TestOutputHelper?.WriteLine(line));

    private static async Task Agree(StoreProvider provider, StorePlan plan)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
        var employees = Enumerable.Range(1, Employees).Select(i => $"TS-{i:000}").ToArray();
        await TestData.AddEmployeesAsync(store, employees);
        var records = await SeedAsync(store, plan, employees);
        // A pipeline takes everything eligible before anyone acts: what it took and lost is what its revocation feed must list.
        var earlier = await ExportScene.AddClientAsync(store, "earlier-pipeline");
        var exportedBefore = (await ExportScene.ExportAllAsync(ExportScene.Service(store, clock), earlier, limit: 50)).Select(r => r.Id).ToHashSet();
        var problems = new List<string>();
        var officer = await ActAsync(store, clock, plan, employees, records, problems);

        List<CaptureRecord> state;
        List<StandingRule> rules;
        int retentionDays;
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            state = await db.CaptureRecords.AsNoTracking().ToListAsync(Ct);
            rules = await db.StandingRules.AsNoTracking().ToListAsync(Ct);
            retentionDays = await db.Purposes.Where(p => p.Id == Purposes.ModelTraining).Select(p => p.RetentionDays).SingleAsync(Ct);
        }
        var reasons = state.ToDictionary(r => r.Id, r => ReferenceEligibility.ReasonsFor(r, rules, TestData.Now, retentionDays));

        // Each status's own predicate, in SQL, selects exactly the records of that status; and a record is quarantined exactly
        // while an open flag, as the decision log lists its records, covers it.
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            var underOpenFlag = (await (
                    from f in db.Flags
                    where f.ReviewState == FlagReviewState.Open
                    join d in db.DecisionRecords on new { f.EmployeeId, f.DecisionId } equals new { d.EmployeeId, d.DecisionId }
                    select d.RecordId)
                .ToListAsync(Ct)).ToHashSet();
            var live = state.Where(r => r.DeletedAt is null && r.PurgedAt is null).ToList();
            Check(problems, "quarantined records", live.Where(r => underOpenFlag.Contains(r.Id)).Select(r => r.Id).Order(),
                live.Where(r => r.HasOpenFlag).Select(r => r.Id).Order());

            var eligibility = await TrainingEligibility.ForAsync(db, TestData.Now, Ct);
            foreach (var status in Enum.GetValues<TrainingStatus>())
                Check(problems, $"status {status} in SQL",
                    state.Where(r => TrainingStatusRule.Of(reasons[r.Id]) == status).Select(r => r.Id).Order(),
                    (await db.CaptureRecords.Where(eligibility.Over(TrainingStatusRule.Is(status))).Select(r => r.Id).ToListAsync(Ct)).Order());
        }

        var query = new RecordQueryService(store.Contexts, clock);
        var details = new RecordDetailService(store.Contexts, clock);
        var decisions = new DecisionService(store.Contexts, clock, store.Erasure);
        var summaries = new RecordSummaryService(store.Contexts, clock);
        foreach (var employee in employees.Select(e => new EmployeeId(e)))
        {
            var own = state.Where(r => r.EmployeeId == employee.Value).ToList();

            // The list: every row's status, and each training filter lists exactly what its figure counts.
            var rows = await AllRowsAsync(query, employee, RecordFilter.All);
            foreach (var row in rows)
                if (row.Reasons != reasons[row.Id])
                    problems.Add($"{row.Id}: the list says {row.Status} ({row.Reasons}), the rule {TrainingStatusRule.Of(reasons[row.Id])} ({reasons[row.Id]})");
            Check(problems, $"{employee.Value} list", own.Select(r => r.Id).Order(), rows.Select(r => r.Id).Order());
            foreach (var (filter, figure) in Filters)
            {
                var expected = own.Where(r => TrainingStatusRule.Counts(figure, reasons[r.Id])).Select(r => r.Id).Order().ToList();
                var listed = await AllRowsAsync(query, employee, new RecordFilter { Training = filter });
                Check(problems, $"{employee.Value} filter {filter}", expected, listed.Select(r => r.Id).Order());
                var counted = await query.CountAsync(employee, new RecordFilter { Training = filter }, Ct);
                Check(problems, $"{employee.Value} count of filter {filter}", [expected.Count], [counted.Total]);
            }
            var counts = await query.CountAsync(employee, RecordFilter.All, Ct);
            Check(problems, $"{employee.Value} counts", [Tally(own, reasons)], [new SummaryFigures(counts.Total, counts.Eligible, counts.Withheld, counts.Quarantined, counts.Deleted)]);

            // The home summary, over its default window and over one past the training retention's edge.
            foreach (var days in new[] { RecordSummaryService.DefaultDays, 400 })
            {
                var summary = await summaries.GetAsync(employee, days, Ct);
                var inWindow = own.Where(r => r.CapturedAt >= TestData.Now.AddDays(-days)).ToList();
                Check(problems, $"{employee.Value} summary of {days} days", [Tally(inWindow, reasons)],
                    [new SummaryFigures(summary.Records, summary.TrainingEligible, summary.Withheld, summary.Quarantined, summary.Deleted)]);
            }

            // The record page: the status, the reasons in words, and an act it offers is one the store carries out.
            foreach (var record in own)
            {
                var detail = await details.GetAsync(employee, record.Id, Ct) ?? throw new InvalidOperationException("The record page lost a record.");
                var expected = reasons[record.Id];
                if (detail.Record.Status != TrainingStatusRule.Of(expected) || detail.Training.Eligible != (expected == IneligibilityReasons.None)
                    || !detail.Training.Reasons.Select(x => x.Clause).SequenceEqual(expected.Each()))
                    problems.Add($"{record.Id}: the record page says {detail.Record.Status} for {string.Join(", ", detail.Training.Reasons.Select(x => x.Clause))}, the rule {expected}");
                var act = TrainingActs.For(detail.Record.TrainingFacts);
                if (act.Kind is { } kind)
                {
                    var preview = await decisions.PreviewAsync(employee, kind, ActTarget.One(record.Id), Ct);
                    if (preview.WillChange != 1)
                        problems.Add($"{record.Id}: the record page offers {kind}, which would change {preview.WillChange} records");
                }
                if (act.NoneBecause == NoTrainingAct.NeverReleasable
                    && await RefusedAsync(() => decisions.PreviewAsync(employee, DecisionKind.Release, ActTarget.One(record.Id), Ct)) is false)
                    problems.Add($"{record.Id}: a password-field record could be released");
            }
        }

        // The export sends exactly the eligible records; the pipeline that took records before the acts is told to purge
        // exactly those of them that are no longer eligible.
        var client = await ExportScene.AddClientAsync(store);
        var exportService = ExportScene.Service(store, clock);
        var exported = await ExportScene.ExportAllAsync(exportService, client, limit: 50);
        Check(problems, "export", state.Where(r => TrainingStatusRule.Of(reasons[r.Id]) == TrainingStatus.Eligible).Select(r => r.Id).Order(),
            exported.Select(r => r.Id).Order());
        var revoked = new List<Guid>();
        for (var cursor = 0L; ;)
        {
            var page = await exportService.RevocationsAsync(earlier, cursor, 50, Ct);
            revoked.AddRange(page.Entries.Select(v => v.RecordId));
            cursor = page.Resume;
            if (page.Next is null)
                break;
        }
        Check(problems, "revocations", state.Where(r => exportedBefore.Contains(r.Id) && reasons[r.Id] != IneligibilityReasons.None).Select(r => r.Id).Order(),
            revoked.Order());

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ",
            reasons.Values.GroupBy(TrainingStatusRule.Of).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")) + $"; officer: {officer}");
        Assert.True(problems.Count == 0, $"{problems.Count} disagreements on {plan}:\n{string.Join("\n", problems.Take(20))}");
    }

    private static SummaryFigures Tally(IEnumerable<CaptureRecord> records, IReadOnlyDictionary<Guid, IneligibilityReasons> reasons) =>
        records.Aggregate(default(SummaryFigures), (sum, r) => sum + SummaryFigures.Of(reasons[r.Id], 1));

    private static void Check<T>(List<string> problems, string what, IEnumerable<T> expected, IEnumerable<T> actual)
    {
        var (e, a) = (expected.ToList(), actual.ToList());
        if (!e.SequenceEqual(a))
            problems.Add($"{what}: expected {string.Join(", ", e.Take(8))} ({e.Count}), got {string.Join(", ", a.Take(8))} ({a.Count})");
    }

    private static async Task<bool> RefusedAsync(Func<Task> act)
    {
        try
        {
            await act();
            return false;
        }
        catch (ActRefusedException)
        {
            return true;
        }
    }

    private static async Task<List<RecordRow>> AllRowsAsync(RecordQueryService query, EmployeeId employee, RecordFilter filter)
    {
        var rows = new List<RecordRow>();
        RecordCursor? after = null;
        do
        {
            var page = await query.PageAsync(employee, filter, after, 17, Ct);
            rows.AddRange(page.Rows);
            after = page.Next;
        } while (after is not null);
        return rows;
    }

    private static async Task<List<CaptureRecord>> SeedAsync(TestStore store, StorePlan plan, string[] employees)
    {
        var records = plan.Records.Select(p =>
        {
            var employee = employees[p.Employee];
            var capturedAt = TestData.Now.AddMinutes(-p.AgeMinutes);
            var record = TestData.Record(employee, capturedAt, p.Kind,
                p.Training ? Purposes.OperationalTelemetry | Purposes.ModelTraining : Purposes.OperationalTelemetry,
                Applications[p.Application], Sites[p.Site], p.Tag >= 0 ? Tags[p.Tag] : SensitivityTags.None);
            // Arrived a minute after capture, and long enough ago for the export to serve it.
            record.ReceivedAt = capturedAt.AddMinutes(1) < TestData.Now.AddHours(-1) ? capturedAt.AddMinutes(1) : TestData.Now.AddHours(-1);
            return record;
        }).ToList();
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        db.CaptureRecords.AddRange(records);
        await db.SaveChangesAsync(Ct);
        return records;
    }

    private const string Officer = "officer@test";

    /// <summary>A legal hold as placed: whose records, captured when (an open end is null).</summary>
    private sealed record HoldPlaced(string EmployeeId, Guid Id, DateTime? From, DateTime? Before)
    {
        public bool Covers(CaptureRecord r) =>
            r.EmployeeId == EmployeeId && (From is null || r.CapturedAt >= From) && (Before is null || r.CapturedAt < Before);
    }

    /// <summary>Carries out the plan's acts; what the officer did, in words for the test's output.</summary>
    private static async Task<string> ActAsync(TestStore store, TimeProvider clock, StorePlan plan, string[] employees, List<CaptureRecord> records,
        List<string> problems)
    {
        var done = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Done(string what) => done[what] = done.GetValueOrDefault(what) + 1;
        var decisions = new DecisionService(store.Contexts, clock, store.Erasure);
        var rules = new StandingRuleService(store.Contexts, clock);
        var review = new ReviewService(store.Contexts, store.Erasure, new RecordDetailService(store.Contexts, clock), clock);
        var holds = new LegalHoldService(store.Contexts, clock);
        // In the order raised and placed (not by id, which is random within one instant): a seed picks the same one again.
        var flags = new List<(string EmployeeId, Guid Id)>();
        var active = new List<HoldPlaced>();
        for (var step = 0; step < plan.Acts.Length; step++)
        {
            var act = plan.Acts[step];
            var employee = new EmployeeId(employees[act.Employee]);
            var own = records.Where(r => r.EmployeeId == employee.Value).ToList();
            if (own.Count == 0)
                continue;
            var first = own[act.Picks[0] % own.Count];
            var picked = act.Picks.Select(i => own[i % own.Count].Id).Distinct().ToList();
            // What an active legal hold covers goes into an act that erases and comes out as it went in.
            var erased = act.Act is Act.Delete or Act.Resolve ? await ErasedAsync(store) : null;
            try
            {
                switch (act.Act)
                {
                    case Act.Withhold: await decisions.WithholdAsync(employee, ActTarget.One(picked[0]), Ct); break;
                    case Act.WithholdSelection: await decisions.WithholdAsync(employee, ActTarget.Selection(picked), Ct); break;
                    case Act.Release: await decisions.ReleaseAsync(employee, ActTarget.One(picked[0]), Ct); break;
                    case Act.ReleaseSelection: await decisions.ReleaseAsync(employee, ActTarget.Selection(picked), Ct); break;
                    case Act.Flag or Act.FlagSelection:
                        var target = act.Act == Act.Flag ? ActTarget.One(picked[0]) : ActTarget.Selection(picked);
                        var flagged = await decisions.FlagAsync(employee, target, FlagCategory.Other, "Not mine", Ct);
                        if (flagged.DecisionId is { } decision)
                            flags.Add((employee.Value, await FlagOfAsync(store, employee, decision)));
                        break;
                    case Act.Delete: await decisions.DeleteAsync(employee, ActTarget.Selection(picked), Ct); break;
                    case Act.Rule:
                        await rules.AddAsync(employee, new RuleDraft(act.Kind, act.Application >= 0 ? Applications[act.Application] : null, null, null, null), Ct);
                        break;
                    case Act.OptOut: await rules.AddAsync(employee, RuleDraft.Everything, Ct); break;
                    case Act.RemoveRule:
                        var list = await rules.ListAsync(employee, Ct);
                        if (list.Count > 0)
                            await rules.RemoveAsync(employee, list[act.Picks[0] % list.Count].Rule.Id, Ct);
                        break;
                    case Act.Resolve:
                        // The employee's open flags, or when they have none anyone's: the officer answers what is in the queue.
                        var open = await OpenAsync(store, flags);
                        if (open.Count == 0)
                            break;
                        var (whose, flag) = open.Any(f => f.EmployeeId == employee.Value)
                            ? open.Where(f => f.EmployeeId == employee.Value).ElementAt(act.Picks[0] % open.Count(f => f.EmployeeId == employee.Value))
                            : open[act.Picks[0] % open.Count];
                        var inFlag = await LiveRecordsOfAsync(store, new EmployeeId(whose), flag);
                        var kept = act.Outcome != FlagOutcome.Dismiss && records.Any(r => inFlag.Contains(r.Id) && active.Any(h => h.Covers(r)));
                        var refused = false;
                        try
                        {
                            await review.ResolveAsync(new EmployeeId(whose), flag, act.Outcome, "Reviewed with the employee.", Officer, Ct);
                        }
                        catch (ReviewRefusedException)
                        {
                            refused = true;
                        }
                        Done(refused ? $"{act.Outcome} refused" : act.Outcome.ToString());
                        if (refused != kept)
                            problems.Add($"act {step}: answering a flag by {act.Outcome} was {(refused ? "refused" : "carried out")}, " +
                                         $"while a legal hold {(kept ? "keeps" : "keeps none of")} its records");
                        break;
                    case Act.PlaceHold:
                        // Up to the day the first picked record was captured, and as many days before; or everything.
                        DateOnly? to = act.Days < 0 ? null : DateOnly.FromDateTime(first.CapturedAt);
                        DateOnly? from = to?.AddDays(-act.Days);
                        var hold = await holds.PlaceAsync(employee, new HoldRequest(from, to, "Litigation 2026-17", "Case 17"), Officer, Ct);
                        Done("hold placed");
                        active.Add(new HoldPlaced(employee.Value, hold, from?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                            to?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
                        break;
                    case Act.LiftHold:
                        var mine = active.Where(h => h.EmployeeId == employee.Value).ToList();
                        if (mine.Count == 0)
                            break;
                        var lifted = mine[act.Picks[0] % mine.Count];
                        await holds.LiftAsync(employee, lifted.Id, "The case was settled.", Officer, Ct);
                        active.Remove(lifted);
                        Done("hold lifted");
                        break;
                }
            }
            catch (ActRefusedException)
            {
                // A release of one password-field record, a rule the employee already has: refused, and nothing changed.
            }
            if (act.Act is Act.PlaceHold or Act.LiftHold)
            {
                // What the employee's delete confirmation says the holds keep is what the holds as placed cover.
                var deleted = await ErasedAsync(store);
                var preview = await decisions.PreviewAsync(employee, DecisionKind.Delete, ActTarget.Selection(own.Select(r => r.Id).ToList()), Ct);
                var covered = own.Count(r => deleted[r.Id].Deleted is null && active.Any(h => h.Covers(r)));
                if (preview.Held != covered)
                    problems.Add($"act {step} ({act.Act}): a delete of all {employee.Value}'s records would find {preview.Held} held, the holds cover {covered}");
            }
            if (erased is not null)
            {
                var now = await ErasedAsync(store);
                foreach (var r in records.Where(r => active.Any(h => h.Covers(r)) && erased[r.Id] != now[r.Id]))
                    problems.Add($"act {step} ({act.Act}): {r.Id} was erased under a legal hold");
            }
        }
        return done.Count == 0 ? "nothing" : string.Join(", ", done.Select(d => $"{d.Key} {d.Value}"));
    }

    /// <summary>When each record was deleted and redacted, if it was.</summary>
    private static async Task<Dictionary<Guid, (DateTime? Deleted, DateTime? Redacted)>> ErasedAsync(TestStore store)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        return (await db.CaptureRecords.AsNoTracking().Select(r => new { r.Id, r.DeletedAt, r.RedactedAt }).ToListAsync(Ct))
            .ToDictionary(r => r.Id, r => (r.DeletedAt, r.RedactedAt));
    }

    private static async Task<Guid> FlagOfAsync(TestStore store, EmployeeId employee, Guid decision)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        return await db.FlagsOf(employee).Where(f => f.DecisionId == decision).Select(f => f.Id).SingleAsync(Ct);
    }

    /// <summary>Those of <paramref name="raised"/> still open, in the same order.</summary>
    private static async Task<List<(string EmployeeId, Guid Id)>> OpenAsync(TestStore store, List<(string EmployeeId, Guid Id)> raised)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var open = (await db.Flags.Where(f => f.ReviewState == FlagReviewState.Open).Select(f => f.Id).ToListAsync(Ct)).ToHashSet();
        return raised.Where(f => open.Contains(f.Id)).ToList();
    }

    /// <summary>The flag's records, as its decision lists them, that are not tombstones.</summary>
    private static async Task<HashSet<Guid>> LiveRecordsOfAsync(TestStore store, EmployeeId employee, Guid flag)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var decision = await db.FlagsOf(employee).Where(f => f.Id == flag).Select(f => f.DecisionId).SingleAsync(Ct);
        return (await db.RecordsOf(employee)
                .Where(r => r.DeletedAt == null && r.PurgedAt == null
                            && db.DecisionRecords.Any(d => d.EmployeeId == r.EmployeeId && d.DecisionId == decision && d.RecordId == r.Id))
                .Select(r => r.Id)
                .ToListAsync(Ct))
            .ToHashSet();
    }
}
