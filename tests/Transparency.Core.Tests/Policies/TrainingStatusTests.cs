using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Tests.Policies;

/// <summary>
/// The training status, the figures and the act on one record, read in memory from every combination of failing
/// clauses: each status is exactly its predicate, and the act the record page offers is one the store would carry out.
/// </summary>
public sealed class TrainingStatusTests
{
    private static readonly IneligibilityReasons[] EverySet =
        Enumerable.Range(0, 1 << Enum.GetValues<IneligibilityReasons>().Count(r => r != IneligibilityReasons.None))
            .Select(i => (IneligibilityReasons)i).ToArray();

    private static readonly SensitivityTags[] EveryTagSet =
        Enumerable.Range(0, 1 << Enum.GetValues<SensitivityTags>().Count(t => t != SensitivityTags.None)).Select(i => (SensitivityTags)i).ToArray();

    [Fact]
    public void Every_clause_of_the_rule_has_a_status_and_only_an_eligible_record_is_eligible()
    {
        Assert.Equal(TrainingStatusRule.EveryClause, Enum.GetValues<IneligibilityReasons>().Aggregate((a, b) => a | b));
        foreach (var reasons in EverySet)
            Assert.Equal(reasons == IneligibilityReasons.None, TrainingStatusRule.Of(reasons) == TrainingStatus.Eligible);
    }

    [Fact]
    public void Each_status_predicate_holds_exactly_for_the_records_of_that_status()
    {
        foreach (var status in Enum.GetValues<TrainingStatus>())
        {
            var holds = TrainingStatusRule.Is(status).Compile();
            foreach (var reasons in EverySet)
                Assert.True(holds(new TrainingFacts(reasons)) == (TrainingStatusRule.Of(reasons) == status), $"{status} on {reasons}");
        }
    }

    [Theory]
    [InlineData(IneligibilityReasons.Quarantined | IneligibilityReasons.WithheldByRecord, TrainingStatus.Quarantined)]
    [InlineData(IneligibilityReasons.NotForTraining | IneligibilityReasons.WithheldByRecord | IneligibilityReasons.Quarantined, TrainingStatus.NotForTraining)]
    [InlineData(IneligibilityReasons.Deleted | IneligibilityReasons.NotForTraining, TrainingStatus.Deleted)]
    [InlineData(IneligibilityReasons.Redacted | IneligibilityReasons.Purged, TrainingStatus.Redacted)]
    [InlineData(IneligibilityReasons.WithheldByRecord | IneligibilityReasons.WithheldByRule, TrainingStatus.WithheldByRecord)]
    [InlineData(IneligibilityReasons.SensitiveContext | IneligibilityReasons.OutsideRetention, TrainingStatus.SensitiveContext)]
    [InlineData(IneligibilityReasons.OutsideRetention, TrainingStatus.OutsideRetention)]
    public void A_record_failing_several_clauses_shows_the_first_in_the_told_order(IneligibilityReasons reasons, TrainingStatus expected) =>
        Assert.Equal(expected, TrainingStatusRule.Of(reasons));

    [Fact]
    public void Every_status_counts_in_its_own_figure()
    {
        foreach (var reasons in EverySet)
        {
            var figure = TrainingStatusRule.Of(reasons) switch
            {
                TrainingStatus.Eligible => TrainingFigure.Eligible,
                TrainingStatus.Deleted => TrainingFigure.Deleted,
                TrainingStatus.Quarantined => TrainingFigure.Quarantined,
                TrainingStatus.WithheldByRecord or TrainingStatus.WithheldByRule => TrainingFigure.Withheld,
                _ => TrainingFigure.NotEligible,
            };
            Assert.True(TrainingStatusRule.Counts(figure, reasons), $"{reasons} is not counted as {figure}");
            Assert.NotEqual(TrainingStatusRule.Counts(TrainingFigure.Eligible, reasons), TrainingStatusRule.Counts(TrainingFigure.NotEligible, reasons));
        }
    }

    [Fact]
    public void A_deleted_record_counts_as_deleted_only()
    {
        var reasons = IneligibilityReasons.Deleted | IneligibilityReasons.WithheldByRule | IneligibilityReasons.Quarantined;
        Assert.True(TrainingStatusRule.Counts(TrainingFigure.Deleted, reasons));
        Assert.False(TrainingStatusRule.Counts(TrainingFigure.Withheld, reasons));
        Assert.False(TrainingStatusRule.Counts(TrainingFigure.Quarantined, reasons));
    }

    [Fact]
    public void The_act_offered_on_a_record_is_one_that_changes_it()
    {
        var withholdChanges = TrainingActs.WithholdChanges.Compile();
        var releaseChanges = TrainingActs.ReleaseOneChanges.Compile();
        foreach (var reasons in EverySet)
        foreach (var choice in Enum.GetValues<TrainingChoice>())
        foreach (var tags in EveryTagSet)
        {
            var facts = new TrainingFacts(reasons, choice, tags);
            var act = TrainingActs.For(facts);
            Assert.True(act.Kind is null != act.NoneBecause is null, $"{facts}: {act}");
            if (act.Kind == DecisionKind.Release)
                Assert.True(releaseChanges(facts), $"Release offered but changes nothing: {facts}");
            if (act.Kind == DecisionKind.Withhold)
                Assert.True(withholdChanges(facts) && !releaseChanges(facts), $"Withhold offered wrongly: {facts}");
        }
    }

    [Theory]
    [InlineData(IneligibilityReasons.Redacted, TrainingChoice.Withheld, SensitivityTags.None, null, NoTrainingAct.ContentErased)]
    [InlineData(IneligibilityReasons.NotForTraining, TrainingChoice.None, SensitivityTags.None, null, NoTrainingAct.NotForTraining)]
    [InlineData(IneligibilityReasons.SensitiveContext, TrainingChoice.None, SensitivityTags.PasswordField, null, NoTrainingAct.NeverReleasable)]
    [InlineData(IneligibilityReasons.SensitiveContext, TrainingChoice.None, SensitivityTags.Banking, DecisionKind.Release, null)]
    [InlineData(IneligibilityReasons.None, TrainingChoice.Released, SensitivityTags.Health, DecisionKind.Withhold, null)]
    [InlineData(IneligibilityReasons.WithheldByRecord, TrainingChoice.Withheld, SensitivityTags.None, DecisionKind.Release, null)]
    [InlineData(IneligibilityReasons.WithheldByRule, TrainingChoice.None, SensitivityTags.None, DecisionKind.Withhold, null)]
    public void The_record_page_offers_release_of_a_withholding_and_withhold_otherwise(
        IneligibilityReasons reasons, TrainingChoice choice, SensitivityTags tags, DecisionKind? expected, NoTrainingAct? none)
    {
        var act = TrainingActs.For(new TrainingFacts(reasons, choice, tags));
        Assert.Equal((expected, none), (act.Kind, act.NoneBecause));
    }

    [Theory]
    [InlineData(IneligibilityReasons.Quarantined | IneligibilityReasons.WithheldByRecord, IneligibilityReasons.WithheldByRecord)]
    [InlineData(IneligibilityReasons.Purged | IneligibilityReasons.Redacted, IneligibilityReasons.Purged)]
    [InlineData(IneligibilityReasons.Deleted | IneligibilityReasons.NotForTraining, IneligibilityReasons.Deleted)]
    [InlineData(IneligibilityReasons.OutsideRetention | IneligibilityReasons.SensitiveContext, IneligibilityReasons.SensitiveContext)]
    [InlineData(IneligibilityReasons.None, IneligibilityReasons.None)]
    public void A_revocation_keeps_the_most_lasting_clause_as_its_cause(IneligibilityReasons reasons, IneligibilityReasons cause) =>
        Assert.Equal(cause, TrainingStatusRule.RevocationCause(reasons));
}
