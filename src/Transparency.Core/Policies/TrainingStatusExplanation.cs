using Transparency.Core.EventStore;

namespace Transparency.Core.Policies;

/// <summary>One failing clause of the eligibility rule, in words the employee reads.</summary>
public sealed record EligibilityReason(IneligibilityReasons Clause, string Text);

/// <summary>Why a record is or is not training-eligible: every failing clause, and the rules behind a rule withholding.</summary>
public sealed record EligibilityExplanation(bool Eligible, IReadOnlyList<EligibilityReason> Reasons)
{
    public string Headline => Eligible
        ? "Eligible for model training"
        : Reasons.Count == 1 ? Reasons[0].Text : $"Not used for model training ({Reasons.Count} reasons)";
}

/// <summary>
/// A record's training status in words: the status's short name and stable key (the chip), and every clause the
/// record fails, each in a sentence (the record page). The words for <see cref="TrainingStatus"/> and for the
/// clauses live here, beside the rule that decides them.
/// </summary>
public static class TrainingStatusExplanation
{
    /// <summary>The status's stable name in markup and links, e.g. <c>withheld-rule</c>.</summary>
    public static string Key(TrainingStatus status) => status switch
    {
        TrainingStatus.Eligible => "eligible",
        TrainingStatus.Deleted => "deleted",
        TrainingStatus.Redacted => "redacted",
        TrainingStatus.Purged => "purged",
        TrainingStatus.NotForTraining => "not-training",
        TrainingStatus.Quarantined => "quarantined",
        TrainingStatus.WithheldByRecord => "withheld",
        TrainingStatus.WithheldByRule => "withheld-rule",
        TrainingStatus.SensitiveContext => "sensitive",
        TrainingStatus.OutsideRetention => "not-eligible",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a training status."),
    };

    /// <summary>The status in a few words, as its chip shows it.</summary>
    public static string Label(TrainingStatus status) => status switch
    {
        TrainingStatus.Eligible => "Used for training",
        TrainingStatus.Deleted => "Deleted",
        TrainingStatus.Redacted => "Redacted",
        TrainingStatus.Purged => "Erased (retention)",
        TrainingStatus.NotForTraining => "Not for training",
        TrainingStatus.Quarantined => "Quarantined",
        TrainingStatus.WithheldByRecord => "Withheld by you",
        TrainingStatus.WithheldByRule => "Withheld by your rule",
        TrainingStatus.SensitiveContext => "Sensitive: withheld",
        // Only the training retention is left: the short name says no more than that it is not used.
        TrainingStatus.OutsideRetention => "Not used for training",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a training status."),
    };

    /// <summary>
    /// Words for each clause the record fails. <paramref name="reasons"/> must come from <see cref="TrainingEligibility.Reasons"/>,
    /// and <paramref name="rules"/> are the active rules that cover the record (<see cref="TrainingEligibility.RulesMatching"/>).
    /// </summary>
    public static EligibilityExplanation Explain(CaptureRecord record, IneligibilityReasons reasons, IReadOnlyList<StandingRule> rules, DateTime retentionCutoff) =>
        new(reasons == IneligibilityReasons.None,
            reasons.Each().Select(clause => new EligibilityReason(clause, Describe(clause, record, rules, retentionCutoff))).ToList());

    private static string Describe(IneligibilityReasons clause, CaptureRecord r, IReadOnlyList<StandingRule> rules, DateTime cutoff) => clause switch
    {
        IneligibilityReasons.NotForTraining => "This record does not feed model training.",
        IneligibilityReasons.Deleted => $"Deleted on {r.DeletedAt:yyyy-MM-dd}: its content is erased and only a tombstone remains.",
        IneligibilityReasons.Redacted => $"The privacy officer redacted this record on {r.RedactedAt:yyyy-MM-dd}.",
        IneligibilityReasons.Purged => $"Its content was erased on {r.PurgedAt:yyyy-MM-dd} when its retention ran out.",
        IneligibilityReasons.WithheldByRecord => "Withheld by you.",
        IneligibilityReasons.WithheldByRule => rules.Any(s => s.IsGlobalOptOut)
            ? "You opted out of model training entirely."
            : "Withheld by your standing rule: " + string.Join("; ", rules.Select(DescribeRule)) + ".",
        IneligibilityReasons.Quarantined => "Quarantined: you flagged this record and the privacy officer has not resolved the flag yet.",
        IneligibilityReasons.SensitiveContext when (r.Sensitivity & SensitivityTagsExtensions.NeverReleasable) != 0 =>
            "Typed into a password field: never used for model training, not even if you release it, and its text is not kept.",
        IneligibilityReasons.SensitiveContext =>
            $"Captured in a sensitive context ({string.Join(", ", (r.Sensitivity & SensitivityTagsExtensions.WithholdByDefault).Each().Select(Words.Of))}), withheld by default.",
        IneligibilityReasons.OutsideRetention => $"Older than the training retention (captured before {cutoff:yyyy-MM-dd}).",
        _ => clause.ToString(),
    };

    /// <summary>A standing rule in words, e.g. "never train on Keystrokes in Outlook".</summary>
    public static string DescribeRule(StandingRule s)
    {
        if (s.IsGlobalOptOut)
            return "never train on anything";
        var parts = new List<string>();
        parts.Add(s.Kind is { } kind ? $"never train on {Words.Of(kind).ToLowerInvariant()}" : "never train on anything");
        if (s.Application is not null) parts.Add($"in {s.Application}");
        if (s.Site is not null) parts.Add($"on {s.Site}");
        if (s.CapturedFrom is not null) parts.Add($"captured from {s.CapturedFrom:yyyy-MM-dd}");
        if (s.CapturedBefore is not null) parts.Add($"captured before {s.CapturedBefore:yyyy-MM-dd}");
        return string.Join(" ", parts);
    }
}
