using Microsoft.Extensions.Time.Testing;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Testing;
using static Transparency.Core.Tests.Policies.Rules;

namespace Transparency.Core.Tests.Records;

public sealed class EligibilityExplainerTests(EligibilityExplainerTests.Stores stores) : IClassFixture<EligibilityExplainerTests.Stores>
{
    private static readonly EmployeeId Ada = new("EXP-ADA");
    private static readonly EmployeeId Ben = new("EXP-BEN");
    private static readonly EmployeeId Olga = new("EXP-OLGA");

    private static readonly Guid Eligible = new("00000000-0000-0000-0000-00000000e001");
    private static readonly Guid RuleWithheld = new("00000000-0000-0000-0000-00000000e002");
    private static readonly Guid WithheldSensitive = new("00000000-0000-0000-0000-00000000e003");
    private static readonly Guid Old = new("00000000-0000-0000-0000-00000000e004");
    private static readonly Guid Flagged = new("00000000-0000-0000-0000-00000000e005");
    private static readonly Guid OptedOut = new("00000000-0000-0000-0000-00000000e006");
    private static readonly Guid BensRecord = new("00000000-0000-0000-0000-00000000e007");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Eligible_record_is_explained_as_eligible(StoreProvider provider)
    {
        var explanation = await ExplainAsync(provider, Ada, Eligible);

        Assert.NotNull(explanation);
        Assert.True(explanation.Eligible);
        Assert.Empty(explanation.Reasons);
        Assert.Equal("Eligible for model training", explanation.Headline);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Explanation_names_the_active_standing_rule_that_withholds_the_record(StoreProvider provider)
    {
        var explanation = await ExplainAsync(provider, Ada, RuleWithheld);

        Assert.NotNull(explanation);
        Assert.False(explanation.Eligible);
        var reason = Assert.Single(explanation.Reasons);
        Assert.Equal(IneligibilityReasons.WithheldByRule, reason.Clause);
        // Neither the removed keystroke rule nor the screen-snapshot rule is named.
        Assert.Equal("Withheld by your standing rule: never train on keystrokes in Outlook.", reason.Text);
        Assert.Equal(reason.Text, explanation.Headline);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Explanation_says_opted_out_for_a_global_opt_out(StoreProvider provider)
    {
        var explanation = await ExplainAsync(provider, Olga, OptedOut);

        Assert.NotNull(explanation);
        var reason = Assert.Single(explanation.Reasons);
        Assert.Equal(IneligibilityReasons.WithheldByRule, reason.Clause);
        Assert.Contains("opted out", reason.Text);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Explanation_gives_every_failing_clause_in_words(StoreProvider provider)
    {
        var explanation = await ExplainAsync(provider, Ada, WithheldSensitive);

        Assert.NotNull(explanation);
        Assert.False(explanation.Eligible);
        Assert.Equal([IneligibilityReasons.WithheldByRecord, IneligibilityReasons.SensitiveContext], explanation.Reasons.Select(r => r.Clause));
        Assert.Equal("Withheld by you.", explanation.Reasons[0].Text);
        Assert.Equal("Captured in a sensitive context (banking), withheld by default.", explanation.Reasons[1].Text);
        Assert.Equal("Not used for model training (2 reasons)", explanation.Headline);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Explanation_dates_the_retention_cutoff_and_explains_quarantine(StoreProvider provider)
    {
        var old = await ExplainAsync(provider, Ada, Old);
        var flagged = await ExplainAsync(provider, Ada, Flagged);

        Assert.Equal("Older than the training retention (captured before 2025-11-20).", Assert.Single(old!.Reasons).Text);
        var quarantine = Assert.Single(flagged!.Reasons);
        Assert.Equal(IneligibilityReasons.Quarantined, quarantine.Clause);
        Assert.Contains("flagged", quarantine.Text);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Another_employees_record_cannot_be_explained(StoreProvider provider)
    {
        Assert.Null(await ExplainAsync(provider, Ada, BensRecord));
        Assert.Null(await ExplainAsync(provider, Ada, Guid.NewGuid()));
        Assert.NotNull(await ExplainAsync(provider, Ben, BensRecord));
    }

    private async Task<EligibilityExplanation?> ExplainAsync(StoreProvider provider, EmployeeId employee, Guid record)
    {
        var store = await stores.ForAsync(provider);
        var explainer = new EligibilityExplainer(store.Contexts, new FakeTimeProvider(new DateTimeOffset(TestData.Now)));
        return await explainer.ExplainAsync(employee, record, Ct);
    }

    public sealed class Stores : SeededStores
    {
        protected override async Task SeedAsync(TestStore store)
        {
            await TestData.AddEmployeesAsync(store, Ada.Value, Ben.Value, Olga.Value);
            var (ada, ben, olga) = (Ada.Value, Ben.Value, Olga.Value);
            await using var db = await store.Contexts.CreateDbContextAsync();
            db.CaptureRecords.AddRange(
                TestData.Record(ada, kind: CaptureKind.Click, application: "Excel").With(r => r.Id = Eligible),
                TestData.Record(ada, kind: CaptureKind.Keystrokes, application: "Outlook").With(r => r.Id = RuleWithheld),
                TestData.Record(ada, kind: CaptureKind.Click, application: "Excel", sensitivity: SensitivityTags.Banking)
                    .With(r => { r.Id = WithheldSensitive; r.TrainingChoice = TrainingChoice.Withheld; }),
                TestData.Record(ada, TestData.Now.AddDays(-400), CaptureKind.Click, application: "Excel").With(r => r.Id = Old),
                TestData.Record(ada, kind: CaptureKind.Click, application: "Excel").With(r => { r.Id = Flagged; r.HasOpenFlag = true; }),
                TestData.Record(olga).With(r => r.Id = OptedOut),
                TestData.Record(ben, kind: CaptureKind.Click).With(r => r.Id = BensRecord));
            db.StandingRules.AddRange(
                Rule(ada, kind: CaptureKind.Keystrokes, application: "Outlook"),
                Rule(ada, kind: CaptureKind.Keystrokes, removedAt: TestData.Now.AddDays(-3)),
                Rule(ada, kind: CaptureKind.ScreenSnapshot),
                GlobalOptOut(olga),
                GlobalOptOut(ben));
            await db.SaveChangesAsync();
        }
    }
}
