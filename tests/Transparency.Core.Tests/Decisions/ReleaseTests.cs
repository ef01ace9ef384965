using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Testing;
using static Transparency.Core.Tests.Decisions.ActScene;

namespace Transparency.Core.Tests.Decisions;

/// <summary>
/// Release means two things: on one sensitive record it is the employee's explicit consent; in bulk
/// it only lifts withholds. Neither overrides a standing rule.
/// </summary>
public sealed class ReleaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Releasing_one_sensitive_record_is_consent_and_makes_it_eligible(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var banking = TestData.Record(Ada.Value, sensitivity: SensitivityTags.Banking);
        var health = TestData.Record(Ada.Value, sensitivity: SensitivityTags.Health);
        await scene.AddAsync(banking, health);
        Assert.Empty(await scene.EligibleAsync());

        var result = await scene.Decisions.ReleaseAsync(Ada, ActTarget.One(banking.Id), Ct);

        Assert.NotNull(result.DecisionId);
        Assert.Equal(1, result.Changed);
        Assert.Equal(TrainingChoice.Released, (await scene.StatesAsync())[banking.Id].Choice);
        Assert.Equal([banking.Id], await scene.EligibleAsync());
        Assert.Equal(IneligibilityReasons.SensitiveContext, await scene.ReasonsAsync(health.Id));
        var decision = Assert.Single(await scene.DecisionsAsync());
        Assert.Equal((DecisionKind.Release, (Guid?)banking.Id, 1), (decision.Kind, decision.RecordId, decision.RecordCount));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Bulk_release_lifts_withholds_but_never_makes_sensitive_records_eligible(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var sensitive = TestData.Record(Ada.Value, sensitivity: SensitivityTags.Banking);
        var sensitiveWithheld = TestData.Record(Ada.Value, sensitivity: SensitivityTags.Health).With(r => r.TrainingChoice = TrainingChoice.Withheld);
        var plainWithheld = TestData.Record(Ada.Value).With(r => r.TrainingChoice = TrainingChoice.Withheld);
        var plain = TestData.Record(Ada.Value);
        await scene.AddAsync(sensitive, sensitiveWithheld, plainWithheld, plain);

        var byFilter = await scene.Decisions.ReleaseAsync(Ada, ActTarget.Matching(RecordFilter.All), Ct);
        var bySelection = await scene.Decisions.ReleaseAsync(Ada, ActTarget.Selection([sensitive.Id, plain.Id]), Ct);

        Assert.Equal(2, byFilter.Changed);
        Assert.Null(bySelection.DecisionId);
        Assert.Equal(0, bySelection.Changed);
        var states = await scene.StatesAsync();
        Assert.Equal(TrainingChoice.None, states[sensitiveWithheld.Id].Choice);
        Assert.Equal(TrainingChoice.None, states[sensitive.Id].Choice);
        Assert.Equal(IneligibilityReasons.SensitiveContext, await scene.ReasonsAsync(sensitiveWithheld.Id));
        Assert.Equal(IneligibilityReasons.SensitiveContext, await scene.ReasonsAsync(sensitive.Id));
        Assert.Equal(new HashSet<Guid> { plainWithheld.Id, plain.Id }, await scene.EligibleAsync());
        Assert.Equal(new HashSet<Guid> { sensitiveWithheld.Id, plainWithheld.Id }, await scene.RecordsOfDecisionAsync(byFilter.DecisionId!.Value));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Record_withheld_by_a_standing_rule_stays_withheld_after_a_record_release(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var withheldTwice = TestData.Record(Ada.Value).With(r => r.TrainingChoice = TrainingChoice.Withheld);
        var byRuleOnly = TestData.Record(Ada.Value);
        var sensitive = TestData.Record(Ada.Value, sensitivity: SensitivityTags.Banking);
        await scene.AddAsync(withheldTwice, byRuleOnly, sensitive);
        await scene.Rules.AddAsync(Ada, new RuleDraft(CaptureKind.Keystrokes, null, null, null, null), Ct);

        var lifted = await scene.Decisions.ReleaseAsync(Ada, ActTarget.One(withheldTwice.Id), Ct);
        var nothing = await scene.Decisions.ReleaseAsync(Ada, ActTarget.One(byRuleOnly.Id), Ct);
        var consent = await scene.Decisions.ReleaseAsync(Ada, ActTarget.One(sensitive.Id), Ct);

        Assert.Equal(1, lifted.Changed);
        Assert.Null(nothing.DecisionId);
        Assert.Equal(1, consent.Changed);
        Assert.Empty(await scene.EligibleAsync());
        foreach (var record in new[] { withheldTwice, byRuleOnly, sensitive })
            Assert.Equal(IneligibilityReasons.WithheldByRule, await scene.ReasonsAsync(record.Id));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Releasing_a_password_field_record_is_refused_and_a_release_made_before_does_not_make_it_eligible(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var password = TestData.Record(Ada.Value, sensitivity: SensitivityTags.PasswordField);
        var releasedBefore = TestData.Record(Ada.Value, sensitivity: SensitivityTags.PasswordField | SensitivityTags.Banking)
            .With(r => r.TrainingChoice = TrainingChoice.Released);
        var banking = TestData.Record(Ada.Value, sensitivity: SensitivityTags.Banking).With(r => r.TrainingChoice = TrainingChoice.Released);
        await scene.AddAsync(password, releasedBefore, banking);

        var refused = await Assert.ThrowsAsync<ActRefusedException>(() => scene.Decisions.ReleaseAsync(Ada, ActTarget.One(password.Id), Ct));
        var previewRefused = await Assert.ThrowsAsync<ActRefusedException>(
            () => scene.Decisions.PreviewAsync(Ada, DecisionKind.Release, ActTarget.One(password.Id), Ct));

        Assert.Equal(DecisionService.PasswordFieldRefusal, refused.Message);
        Assert.Equal(DecisionService.PasswordFieldRefusal, previewRefused.Message);
        Assert.Empty(await scene.DecisionsAsync());
        Assert.Equal(TrainingChoice.None, (await scene.StatesAsync())[password.Id].Choice);
        Assert.Equal(IneligibilityReasons.SensitiveContext, await scene.ReasonsAsync(password.Id));
        Assert.Equal(IneligibilityReasons.SensitiveContext, await scene.ReasonsAsync(releasedBefore.Id));
        Assert.Equal([banking.Id], await scene.EligibleAsync());
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Bulk_release_leaves_password_field_records_out_and_counts_them(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var password = TestData.Record(Ada.Value, sensitivity: SensitivityTags.PasswordField).With(r => r.TrainingChoice = TrainingChoice.Withheld);
        var passwordUntouched = TestData.Record(Ada.Value, sensitivity: SensitivityTags.PasswordField);
        var deleted = TestData.Record(Ada.Value, sensitivity: SensitivityTags.PasswordField).With(r => r.DeletedAt = r.CapturedAt);
        var plain = TestData.Record(Ada.Value).With(r => r.TrainingChoice = TrainingChoice.Withheld);
        await scene.AddAsync(password, passwordUntouched, deleted, plain);

        var preview = await scene.Decisions.PreviewAsync(Ada, DecisionKind.Release, ActTarget.Matching(RecordFilter.All), Ct);
        var byFilter = await scene.Decisions.ReleaseAsync(Ada, ActTarget.Matching(RecordFilter.All), Ct);
        var bySelection = await scene.Decisions.ReleaseAsync(Ada, ActTarget.Selection([password.Id, passwordUntouched.Id]), Ct);

        Assert.Equal((1, 2), (preview.WillChange, preview.Skipped));
        Assert.Equal((1, 2), (byFilter.Changed, byFilter.Skipped));
        Assert.Equal(new HashSet<Guid> { plain.Id }, await scene.RecordsOfDecisionAsync(byFilter.DecisionId!.Value));
        Assert.Null(bySelection.DecisionId);
        Assert.Equal(2, bySelection.Skipped);
        var states = await scene.StatesAsync();
        Assert.Equal(TrainingChoice.Withheld, states[password.Id].Choice);
        Assert.Equal(TrainingChoice.None, states[passwordUntouched.Id].Choice);
        Assert.Equal(new HashSet<Guid> { plain.Id }, await scene.EligibleAsync());
    }
}
