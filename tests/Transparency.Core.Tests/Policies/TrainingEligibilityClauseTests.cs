using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Register;
using Transparency.Testing;
using static Transparency.Core.Tests.Policies.Rules;

namespace Transparency.Core.Tests.Policies;

/// <summary>
/// One record per case, each owned by its own employee: the record starts as the eligible baseline
/// (<see cref="TestData.Record"/>), the case changes one thing, and the rule must exclude it in SQL
/// and report exactly the expected clauses.
/// </summary>
public sealed class TrainingEligibilityClauseTests(TrainingEligibilityClauseTests.Stores stores)
    : IClassFixture<TrainingEligibilityClauseTests.Stores>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public const string Neighbour = "NEIGHBOUR";

    private static readonly int TrainingRetentionDays =
        ProcessingRegister.Defaults.Single(p => p.Id == Purposes.ModelTraining).RetentionDays;

    private static readonly DateTime RetentionCutoff = TestData.Now.AddDays(-TrainingRetentionDays);
    private static readonly DateTime RuleDate = TestData.Now.AddDays(-10);

    /// <summary>A case: how the baseline record changes, and which rules its employee (or the neighbour) holds.</summary>
    public sealed record ClauseCase(
        string Name,
        IneligibilityReasons Expected,
        Action<CaptureRecord>? Change = null,
        Func<string, string, StandingRule[]>? Rules = null);

    /// <summary>A record that fails only one clause, and the flag that clause must report.</summary>
    public static readonly IReadOnlyList<ClauseCase> SingleClauseCases =
    [
        new("Baseline_record", IneligibilityReasons.None),
        new("Record_not_feeding_training", IneligibilityReasons.NotForTraining,
            r => r.Purposes = Purposes.OperationalTelemetry | Purposes.Product),
        new("Deleted_record", IneligibilityReasons.Deleted, r => r.DeletedAt = TestData.Now.AddMinutes(-5)),
        new("Redacted_record", IneligibilityReasons.Redacted, r => r.RedactedAt = TestData.Now.AddMinutes(-5)),
        new("Purged_record", IneligibilityReasons.Purged, r => r.PurgedAt = TestData.Now.AddMinutes(-5)),
        new("Withheld_record", IneligibilityReasons.WithheldByRecord, r => r.TrainingChoice = TrainingChoice.Withheld),
        new("Record_matching_a_standing_rule", IneligibilityReasons.WithheldByRule,
            Rules: (e, _) => [Rule(e, kind: CaptureKind.Keystrokes)]),
        new("Flagged_record", IneligibilityReasons.Quarantined, r => r.HasOpenFlag = true),
        new("Password_field_record", IneligibilityReasons.SensitiveContext, r => r.Sensitivity = SensitivityTags.PasswordField),
        new("Banking_record", IneligibilityReasons.SensitiveContext, r => r.Sensitivity = SensitivityTags.Banking),
        new("Health_record", IneligibilityReasons.SensitiveContext, r => r.Sensitivity = SensitivityTags.Health),
        new("Works_council_site_record", IneligibilityReasons.SensitiveContext, r => r.Sensitivity = SensitivityTags.WorksCouncil),
        new("Record_older_than_training_retention", IneligibilityReasons.OutsideRetention,
            r => r.CapturedAt = TestData.Now.AddDays(-TrainingRetentionDays - 1)),
    ];

    /// <summary>The edges of the clauses: who a rule binds, which criteria must match, and the time boundaries.</summary>
    public static readonly IReadOnlyList<ClauseCase> EdgeCases =
    [
        new("Rule_of_another_employee_does_not_apply", IneligibilityReasons.None,
            Rules: (_, neighbour) => [Rule(neighbour, kind: CaptureKind.Keystrokes), GlobalOptOut(neighbour)]),
        new("Removed_rule_does_not_apply", IneligibilityReasons.None,
            Rules: (e, _) => [Rule(e, kind: CaptureKind.Keystrokes, removedAt: TestData.Now.AddDays(-1))]),
        new("Removed_global_opt_out_does_not_apply", IneligibilityReasons.None,
            Rules: (e, _) => [GlobalOptOut(e, removedAt: TestData.Now.AddDays(-1))]),
        new("Global_opt_out_withholds_the_record", IneligibilityReasons.WithheldByRule,
            Rules: (e, _) => [GlobalOptOut(e)]),
        new("Record_captured_at_rules_captured_before_is_not_withheld", IneligibilityReasons.None,
            r => r.CapturedAt = RuleDate, (e, _) => [Rule(e, capturedBefore: RuleDate)]),
        new("Record_captured_just_before_rules_captured_before_is_withheld", IneligibilityReasons.WithheldByRule,
            r => r.CapturedAt = RuleDate.AddSeconds(-1), (e, _) => [Rule(e, capturedBefore: RuleDate)]),
        new("Record_captured_at_rules_captured_from_is_withheld", IneligibilityReasons.WithheldByRule,
            r => r.CapturedAt = RuleDate, (e, _) => [Rule(e, capturedFrom: RuleDate)]),
        new("Record_captured_just_before_rules_captured_from_is_not_withheld", IneligibilityReasons.None,
            r => r.CapturedAt = RuleDate.AddSeconds(-1), (e, _) => [Rule(e, capturedFrom: RuleDate)]),
        new("Kind_and_application_rule_does_not_match_the_kind_alone", IneligibilityReasons.None,
            r => r.Application = "Excel", (e, _) => [Rule(e, kind: CaptureKind.Keystrokes, application: "Outlook")]),
        new("Kind_and_application_rule_does_not_match_the_application_alone", IneligibilityReasons.None,
            r => r.Kind = CaptureKind.Click, (e, _) => [Rule(e, kind: CaptureKind.Keystrokes, application: "Outlook")]),
        new("Kind_and_application_rule_matches_both", IneligibilityReasons.WithheldByRule,
            Rules: (e, _) => [Rule(e, kind: CaptureKind.Keystrokes, application: "Outlook")]),
        new("Site_rule_matches_a_record_on_that_site", IneligibilityReasons.WithheldByRule,
            r => r.Site = "jobs.example", (e, _) => [Rule(e, site: "jobs.example")]),
        new("Site_rule_does_not_match_a_record_without_a_site", IneligibilityReasons.None,
            Rules: (e, _) => [Rule(e, site: "jobs.example")]),
        new("Released_sensitive_record_is_eligible", IneligibilityReasons.None,
            r => { r.Sensitivity = SensitivityTags.Banking | SensitivityTags.Health; r.TrainingChoice = TrainingChoice.Released; }),
        new("Withheld_sensitive_record_reports_both_reasons", IneligibilityReasons.WithheldByRecord | IneligibilityReasons.SensitiveContext,
            r => { r.Sensitivity = SensitivityTags.Banking; r.TrainingChoice = TrainingChoice.Withheld; }),
        new("Released_record_stays_withheld_by_a_standing_rule", IneligibilityReasons.WithheldByRule,
            r => r.TrainingChoice = TrainingChoice.Released, (e, _) => [GlobalOptOut(e)]),
        new("Record_captured_at_the_retention_cutoff_is_eligible", IneligibilityReasons.None,
            r => r.CapturedAt = RetentionCutoff),
        new("Record_captured_just_before_the_retention_cutoff_is_outside_retention", IneligibilityReasons.OutsideRetention,
            r => r.CapturedAt = RetentionCutoff.AddSeconds(-1)),
        new("Record_feeding_training_among_other_purposes_is_eligible", IneligibilityReasons.None,
            r => r.Purposes = Purposes.Product | Purposes.ModelTraining),
        new("Record_failing_every_clause_reports_every_reason", Enum.GetValues<IneligibilityReasons>().Aggregate((a, b) => a | b),
            r =>
            {
                r.Purposes = Purposes.OperationalTelemetry;
                r.DeletedAt = r.RedactedAt = r.PurgedAt = TestData.Now.AddMinutes(-5);
                r.TrainingChoice = TrainingChoice.Withheld;
                r.HasOpenFlag = true;
                r.Sensitivity = SensitivityTags.PasswordField;
                r.CapturedAt = RetentionCutoff.AddDays(-1);
            },
            (e, _) => [GlobalOptOut(e)]),
    ];

    private static readonly IReadOnlyList<ClauseCase> AllCases = [.. SingleClauseCases, .. EdgeCases];
    private static readonly IReadOnlyDictionary<string, ClauseCase> ByName = AllCases.ToDictionary(c => c.Name);

    /// <summary>Each case's record belongs to its own employee, so one case's rules cannot reach another's record.</summary>
    private static string EmployeeOf(string caseName) => $"CL-{AllCases.Select(c => c.Name).ToList().IndexOf(caseName):000}";

    public static IEnumerable<TheoryDataRow<StoreProvider, string>> SingleClauseRows =>
        Rows(SingleClauseCases);

    public static IEnumerable<TheoryDataRow<StoreProvider, string>> EdgeRows =>
        Rows(EdgeCases);

    private static IEnumerable<TheoryDataRow<StoreProvider, string>> Rows(IEnumerable<ClauseCase> cases) =>
        from provider in TestStore.Providers.Select(row => row.Data)
        from c in cases
        select new TheoryDataRow<StoreProvider, string>(provider, c.Name);

    [Theory, MemberData(nameof(SingleClauseRows))]
    public Task Record_failing_one_clause_is_excluded_with_exactly_that_reason(StoreProvider provider, string @case) =>
        AssertCase(provider, @case);

    [Theory, MemberData(nameof(EdgeRows))]
    public Task Clause_edges_decide_as_the_rule_says(StoreProvider provider, string @case) =>
        AssertCase(provider, @case);

    [Fact]
    public void Every_clause_has_a_case_that_fails_only_that_clause()
    {
        var covered = SingleClauseCases.Select(c => c.Expected).ToHashSet();
        var missing = Enum.GetValues<IneligibilityReasons>().Where(r => !covered.Contains(r)).ToList();
        Assert.True(missing.Count == 0, $"No single-clause case for: {string.Join(", ", missing)}");
        Assert.All(SingleClauseCases, c => Assert.True(c.Expected.Each().Count() <= 1, $"{c.Name} expects more than one clause"));
    }

    private async Task AssertCase(StoreProvider provider, string caseName)
    {
        var expected = ByName[caseName].Expected;
        var employee = EmployeeOf(caseName);
        var store = await stores.ForAsync(provider);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        // The retention read first, and read inside the statement: the same clauses either way.
        foreach (var eligibility in new[] { await TrainingEligibility.ForAsync(db, TestData.Now, Ct), TrainingEligibility.InStatement(db, TestData.Now) })
        {
            var reasons = await db.CaptureRecords.Where(r => r.EmployeeId == employee).Select(eligibility.Reasons).SingleAsync(Ct);
            var eligible = await db.CaptureRecords.Where(r => r.EmployeeId == employee).Where(eligibility.IsEligible).CountAsync(Ct);

            Assert.Equal(expected, reasons);
            Assert.Equal(expected == IneligibilityReasons.None ? 1 : 0, eligible);
        }
    }

    /// <summary>Every case's employee and record, in one store per provider.</summary>
    public sealed class Stores : SeededStores
    {
        protected override async Task SeedAsync(TestStore store)
        {
            await TestData.AddEmployeesAsync(store, [Neighbour, .. AllCases.Select(c => EmployeeOf(c.Name))]);
            await using var db = await store.Contexts.CreateDbContextAsync();
            foreach (var c in AllCases)
            {
                var employee = EmployeeOf(c.Name);
                var record = TestData.Record(employee);
                c.Change?.Invoke(record);
                db.CaptureRecords.Add(record);
                db.StandingRules.AddRange(c.Rules?.Invoke(employee, Neighbour) ?? []);
            }
            await db.SaveChangesAsync();
        }
    }
}
