using Microsoft.EntityFrameworkCore;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Testing;
using static Transparency.Core.Tests.Decisions.ActScene;

namespace Transparency.Core.Tests.Decisions;

/// <summary>Standing rules withhold what they match, present and future, and release on removal only what they alone withheld.</summary>
public sealed class StandingRuleServiceTests
{
    private static readonly RuleDraft KeystrokesInOutlook = new(CaptureKind.Keystrokes, "Outlook", null, null, null);
    private static readonly RuleDraft Keystrokes = new(CaptureKind.Keystrokes, null, null, null, null);
    private static readonly RuleDraft InOutlook = new(null, "Outlook", null, null, null);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Rule_binds_records_captured_after_it_was_made(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        await scene.Rules.AddAsync(Ada, KeystrokesInOutlook, Ct);
        scene.Clock.Advance(TimeSpan.FromDays(1));

        var later = TestData.Record(Ada.Value, scene.Now);
        var otherKind = TestData.Record(Ada.Value, scene.Now, CaptureKind.Click);
        var otherApplication = TestData.Record(Ada.Value, scene.Now, application: "Excel");
        var bens = TestData.Record(Ben.Value, scene.Now);
        await scene.AddAsync(later, otherKind, otherApplication, bens);

        Assert.Equal(IneligibilityReasons.WithheldByRule, await scene.ReasonsAsync(later.Id));
        Assert.Equal(new HashSet<Guid> { otherKind.Id, otherApplication.Id, bens.Id }, await scene.EligibleAsync());
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Preview_counts_what_adding_the_rule_then_reports(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var ada = Ada.Value;
        var eligible = new[] { TestData.Record(ada), TestData.Record(ada, TestData.Now.AddDays(-20)) };
        await scene.AddAsync(eligible);
        await scene.AddAsync(
            TestData.Record(ada).With(r => r.TrainingChoice = TrainingChoice.Withheld),
            TestData.Record(ada).With(r => r.HasOpenFlag = true),
            TestData.Record(ada, sensitivity: SensitivityTags.Banking),
            TestData.Record(ada, TestData.Now.AddDays(-400)),
            // Not counted: deleted, another kind, another employee.
            TestData.Record(ada).With(r => r.DeletedAt = TestData.Now.AddDays(-1)),
            TestData.Record(ada, kind: CaptureKind.Click),
            TestData.Record(Ben.Value));
        var eligibleBefore = await scene.EligibleAsync();

        var preview = await scene.Rules.PreviewAsync(Ada, KeystrokesInOutlook, Ct);
        var added = await scene.Rules.AddAsync(Ada, KeystrokesInOutlook, Ct);
        var listed = Assert.Single(await scene.Rules.ListAsync(Ada, Ct));

        Assert.Equal("never train on keystrokes in Outlook", preview.Description);
        Assert.Equal((6, 2), (preview.Covers, preview.NewlyWithheld));
        Assert.Equal((preview.Description, preview.Covers, preview.NewlyWithheld), (added.Description, added.Covers, added.WithheldOnlyByThis));
        Assert.Equal((added.Rule.Id, added.Covers, added.WithheldOnlyByThis), (listed.Rule.Id, listed.Covers, listed.WithheldOnlyByThis));
        Assert.Equal(eligible.Select(r => r.Id).ToHashSet(), eligibleBefore.Except(await scene.EligibleAsync()).ToHashSet());

        var decision = Assert.Single(await scene.DecisionsAsync());
        Assert.Equal((DecisionKind.Withhold, (Guid?)added.Rule.Id, 6, Ada.Value), (decision.Kind, decision.StandingRuleId, decision.RecordCount, decision.EmployeeId));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Removing_a_rule_releases_only_the_records_it_alone_withheld(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var ada = Ada.Value;
        var bothRules = TestData.Record(ada, application: "Outlook");
        var onlyKeystrokes = TestData.Record(ada, application: "Excel");
        var alsoWithheldByRecord = TestData.Record(ada, application: "Excel").With(r => r.TrainingChoice = TrainingChoice.Withheld);
        var alsoSensitive = TestData.Record(ada, application: "Excel", sensitivity: SensitivityTags.Health);
        var deleted = TestData.Record(ada, application: "Excel").With(r => r.DeletedAt = TestData.Now.AddDays(-1));
        var onlyOutlook = TestData.Record(ada, kind: CaptureKind.Click, application: "Outlook");
        var neither = TestData.Record(ada, kind: CaptureKind.Click, application: "Excel");
        await scene.AddAsync(bothRules, onlyKeystrokes, alsoWithheldByRecord, alsoSensitive, deleted, onlyOutlook, neither);
        var keystrokes = await scene.Rules.AddAsync(Ada, Keystrokes, Ct);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var outlook = await scene.Rules.AddAsync(Ada, InOutlook, Ct);
        var bensRule = await scene.Rules.AddAsync(Ben, InOutlook, Ct);
        var eligibleBefore = await scene.EligibleAsync();

        var listed = await scene.Rules.ListAsync(Ada, Ct);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var removed = await scene.Rules.RemoveAsync(Ada, keystrokes.Rule.Id, Ct);

        Assert.Equal([(keystrokes.Rule.Id, 4, 1), (outlook.Rule.Id, 2, 1)], listed.Select(s => (s.Rule.Id, s.Covers, s.WithheldOnlyByThis)));
        Assert.Equal(new HashSet<Guid> { neither.Id }, eligibleBefore);
        Assert.Equal(new HashSet<Guid> { neither.Id, onlyKeystrokes.Id }, await scene.EligibleAsync());
        Assert.Equal(IneligibilityReasons.WithheldByRule, await scene.ReasonsAsync(bothRules.Id));
        Assert.Equal(IneligibilityReasons.WithheldByRecord, await scene.ReasonsAsync(alsoWithheldByRecord.Id));
        Assert.Equal(IneligibilityReasons.SensitiveContext, await scene.ReasonsAsync(alsoSensitive.Id));
        Assert.Equal(4, removed);

        var decision = (await scene.DecisionsAsync())[^1];
        Assert.Equal((DecisionKind.Release, (Guid?)keystrokes.Rule.Id, 4, scene.Now), (decision.Kind, decision.StandingRuleId, decision.RecordCount, decision.At));
        var remaining = Assert.Single(await scene.Rules.ListAsync(Ada, Ct));
        Assert.Equal((outlook.Rule.Id, 2, 2), (remaining.Rule.Id, remaining.Covers, remaining.WithheldOnlyByThis));

        await Assert.ThrowsAsync<ActRefusedException>(() => scene.Rules.RemoveAsync(Ada, keystrokes.Rule.Id, Ct));
        await Assert.ThrowsAsync<ActRefusedException>(() => scene.Rules.RemoveAsync(Ada, bensRule.Rule.Id, Ct));
        Assert.Single(await scene.Rules.ListAsync(Ben, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Duplicate_rule_is_refused_until_the_first_is_removed(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var first = await scene.Rules.AddAsync(Ada, KeystrokesInOutlook, Ct);

        var duplicate = await Assert.ThrowsAsync<ActRefusedException>(() =>
            scene.Rules.AddAsync(Ada, KeystrokesInOutlook with { Application = "  Outlook " }, Ct));
        var bens = await scene.Rules.AddAsync(Ben, KeystrokesInOutlook, Ct);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var narrower = await scene.Rules.AddAsync(Ada, KeystrokesInOutlook with { Site = "mail.example" }, Ct);

        Assert.Equal("You already have this rule.", duplicate.Message);
        Assert.Equal([first.Rule.Id, narrower.Rule.Id], (await scene.Rules.ListAsync(Ada, Ct)).Select(s => s.Rule.Id));
        Assert.Equal(3, (await scene.DecisionsAsync()).Count);

        await scene.Rules.RemoveAsync(Ada, first.Rule.Id, Ct);
        var again = await scene.Rules.AddAsync(Ada, KeystrokesInOutlook, Ct);
        Assert.NotEqual(first.Rule.Id, again.Rule.Id);
        Assert.Equal(bens.Rule.Id, Assert.Single(await scene.Rules.ListAsync(Ben, Ct)).Rule.Id);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Invalid_drafts_are_refused_with_a_message_and_store_nothing(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var day = new DateOnly(2026, 11, 1);
        RuleDraft[] drafts =
        [
            new(null, null, null, day, day),
            new(null, null, null, day.AddDays(1), day),
            new((CaptureKind)99, null, null, null, null),
            new(null, new string('a', 201), null, null, null),
        ];
        string[] messages = ["\"Captured from\" must be before", "\"Captured from\" must be before", "capture kind", "application name"];

        foreach (var (draft, message) in drafts.Zip(messages))
        {
            var added = await Assert.ThrowsAsync<ActRefusedException>(() => scene.Rules.AddAsync(Ada, draft, Ct));
            var previewed = await Assert.ThrowsAsync<ActRefusedException>(() => scene.Rules.PreviewAsync(Ada, draft, Ct));
            Assert.Contains(message, added.Message);
            Assert.Equal(added.Message, previewed.Message);
        }
        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        Assert.False(await db.StandingRules.AnyAsync(Ct));
        Assert.Empty(await scene.DecisionsAsync());
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Global_opt_out_withholds_everything_of_the_employee_and_nothing_of_others(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var ada = Ada.Value;
        await scene.AddAsync(
            TestData.Record(ada),
            TestData.Record(ada, kind: CaptureKind.ScreenSnapshot, application: "Chrome", site: "intranet.example"),
            TestData.Record(ada, kind: CaptureKind.Click, sensitivity: SensitivityTags.Banking).With(r => r.TrainingChoice = TrainingChoice.Released),
            TestData.Record(ada).With(r => r.DeletedAt = TestData.Now.AddDays(-2)));
        var bens = await scene.AddAsync(TestData.Record(Ben.Value), TestData.Record(Ben.Value, kind: CaptureKind.AppFocus));
        Assert.Equal(5, (await scene.EligibleAsync()).Count);

        var optOut = await scene.Rules.AddAsync(Ada, RuleDraft.Everything, Ct);
        scene.Clock.Advance(TimeSpan.FromDays(1));
        var later = (await scene.AddAsync(TestData.Record(ada, scene.Now, CaptureKind.AppFocus, application: "Teams")))[0];

        Assert.True(optOut.Rule.IsGlobalOptOut);
        Assert.Equal(("never train on anything", 3), (optOut.Description, optOut.Covers));
        Assert.Equal(bens.Select(r => r.Id).ToHashSet(), await scene.EligibleAsync());
        Assert.Equal(IneligibilityReasons.WithheldByRule, await scene.ReasonsAsync(later.Id));
        var listed = Assert.Single(await scene.Rules.ListAsync(Ada, Ct));
        Assert.Equal((4, 4), (listed.Covers, listed.WithheldOnlyByThis));
    }
}
