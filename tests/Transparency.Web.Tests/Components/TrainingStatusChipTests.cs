using Bunit;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Web.Components.Shared;

namespace Transparency.Web.Tests.Components;

/// <summary>The training-status chip: what a record's failing clauses read as on the records list and the record page.</summary>
public sealed class TrainingStatusChipTests : BunitContext
{
    [Theory]
    [InlineData(IneligibilityReasons.None, "eligible", "Used for training")]
    [InlineData(IneligibilityReasons.Deleted | IneligibilityReasons.NotForTraining | IneligibilityReasons.WithheldByRule, "deleted", "Deleted")]
    [InlineData(IneligibilityReasons.Redacted | IneligibilityReasons.Purged, "redacted", "Redacted")]
    [InlineData(IneligibilityReasons.Purged | IneligibilityReasons.NotForTraining, "purged", "Erased (retention)")]
    [InlineData(IneligibilityReasons.NotForTraining | IneligibilityReasons.Quarantined | IneligibilityReasons.WithheldByRecord, "not-training", "Not for training")]
    [InlineData(IneligibilityReasons.Quarantined | IneligibilityReasons.WithheldByRecord, "quarantined", "Quarantined")]
    [InlineData(IneligibilityReasons.WithheldByRecord | IneligibilityReasons.WithheldByRule, "withheld", "Withheld by you")]
    [InlineData(IneligibilityReasons.WithheldByRule | IneligibilityReasons.SensitiveContext, "withheld-rule", "Withheld by your rule")]
    [InlineData(IneligibilityReasons.SensitiveContext | IneligibilityReasons.OutsideRetention, "sensitive", "Sensitive: withheld")]
    [InlineData(IneligibilityReasons.OutsideRetention, "not-eligible", "Not used for training")]
    public void A_record_shows_the_first_of_its_failing_clauses_in_the_told_order(IneligibilityReasons reasons, string key, string text)
    {
        var cut = Render<TrainingStatusChip>(p => p.Add(c => c.Record, Row(reasons)).Add(c => c.Title, "Why"));

        var chip = cut.Find("[data-status]");
        Assert.Equal((key, text, "Why"), (chip.GetAttribute("data-status"), chip.TextContent, chip.GetAttribute("title")));
    }

    [Fact]
    public void Every_training_status_has_a_chip_of_its_own()
    {
        var chips = Enum.GetValues<TrainingStatus>().Select(s => TrainingStatusChip.Describe(Row(FirstReasonsOf(s)))).ToList();

        Assert.Equal(chips.Count, chips.Select(c => c.Key).Distinct().Count());
        Assert.Equal(chips.Count, chips.Select(c => c.Text).Distinct().Count());
    }

    /// <summary>The smallest set of failing clauses whose status is <paramref name="status"/>.</summary>
    private static IneligibilityReasons FirstReasonsOf(TrainingStatus status) =>
        Enumerable.Range(0, (int)TrainingStatusRule.EveryClause + 1).Select(i => (IneligibilityReasons)i).First(r => TrainingStatusRule.Of(r) == status);

    private static RecordRow Row(IneligibilityReasons reasons) => new(
        Guid.NewGuid(), new DateTime(2026, 11, 20, 10, 30, 0, DateTimeKind.Utc), CaptureKind.Keystrokes, "Outlook", null, "Keystrokes in Outlook",
        Purposes.ModelTraining, SensitivityTags.None, TrainingChoice.None, reasons.HasFlag(IneligibilityReasons.Quarantined),
        null, null, null, reasons);
}
