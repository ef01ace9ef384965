using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Rollups;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Tests.TrainingExport;
using Transparency.Testing;

namespace Transparency.Core.Tests.Policies;

/// <summary>
/// Random stores, changed by the employees' own acts through the services (withhold, release, flag, delete, standing
/// rules, opt-out): for every record, what the records list shows and lists under each training filter, what the
/// record page explains and offers, what the home summary counts and whether the training export sends it all follow
/// from one training status, that of an independent reading of the eligibility rule. CsCheck prints the seed of a
/// failing store; pass it as <c>seed:</c> to run that store again.
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

    public enum Act { Withhold, WithholdSelection, Release, ReleaseSelection, Flag, Delete, Rule, OptOut, RemoveRule }

    /// <summary>One act of an employee, on records picked by index among theirs (or a rule on a kind and application).</summary>
    public sealed record ActPlan(Act Act, int Employee, int[] Picks, CaptureKind Kind, int Application);

    public sealed record StorePlan(RecordPlan[] Records, ActPlan[] Acts)
    {
        public override string ToString() => $"{Records.Length} records, acts: {string.Join(", ", Acts.Select(a => $"{a.Act}@{a.Employee}[{string.Join(" ", a.Picks)}]"))}";
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

    // An opt-out withholds everything the employee has: rare, so the other statuses stay common.
    private static readonly Gen<Act> ActKind = Gen.Int[0, 99].Select(p => p switch
    {
        < 14 => Act.Withhold, < 24 => Act.WithholdSelection, < 38 => Act.Release, < 48 => Act.ReleaseSelection,
        < 60 => Act.Flag, < 72 => Act.Delete, < 86 => Act.Rule, < 89 => Act.OptOut, _ => Act.RemoveRule,
    });

    private static readonly Gen<ActPlan> ActGen =
        from act in ActKind
        from employee in Gen.Int[0, Employees - 1]
        from picks in Gen.Int[0, 999].Array[1, 4]
        from kind in Gen.Enum<CaptureKind>()
        from application in Gen.Int[-1, Applications.Length - 1]
        select new ActPlan(act, employee, picks, kind, application);

    private static readonly Gen<StorePlan> StoreGen =
        from records in RecordGen.Array[20, 60]
        from acts in ActGen.Array[0, 30]
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
        await ActAsync(store, clock, plan, employees, records);

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
        var problems = new List<string>();

        // Each status's own predicate, in SQL, selects exactly the records of that status.
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
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

        // The export sends exactly the eligible records.
        var client = await ExportScene.AddClientAsync(store);
        var exported = await ExportScene.ExportAllAsync(ExportScene.Service(store, clock), client, limit: 50);
        Check(problems, "export", state.Where(r => TrainingStatusRule.Of(reasons[r.Id]) == TrainingStatus.Eligible).Select(r => r.Id).Order(),
            exported.Select(r => r.Id).Order());

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ",
            reasons.Values.GroupBy(TrainingStatusRule.Of).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
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

    private static async Task ActAsync(TestStore store, TimeProvider clock, StorePlan plan, string[] employees, List<CaptureRecord> records)
    {
        var decisions = new DecisionService(store.Contexts, clock, store.Erasure);
        var rules = new StandingRuleService(store.Contexts, clock);
        foreach (var act in plan.Acts)
        {
            var employee = new EmployeeId(employees[act.Employee]);
            var own = records.Where(r => r.EmployeeId == employee.Value).Select(r => r.Id).ToList();
            if (own.Count == 0)
                continue;
            var picked = act.Picks.Select(i => own[i % own.Count]).Distinct().ToList();
            try
            {
                switch (act.Act)
                {
                    case Act.Withhold: await decisions.WithholdAsync(employee, ActTarget.One(picked[0]), Ct); break;
                    case Act.WithholdSelection: await decisions.WithholdAsync(employee, ActTarget.Selection(picked), Ct); break;
                    case Act.Release: await decisions.ReleaseAsync(employee, ActTarget.One(picked[0]), Ct); break;
                    case Act.ReleaseSelection: await decisions.ReleaseAsync(employee, ActTarget.Selection(picked), Ct); break;
                    case Act.Flag: await decisions.FlagAsync(employee, ActTarget.One(picked[0]), FlagCategory.Other, "Not mine", Ct); break;
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
                }
            }
            catch (ActRefusedException)
            {
                // A release of one password-field record, a rule the employee already has: refused, and nothing changed.
            }
        }
    }
}
