using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Records;

/// <summary>One failing clause of the eligibility rule, in words the employee reads.</summary>
public sealed record EligibilityReason(IneligibilityReasons Clause, string Text);

/// <summary>Why a record is or is not training-eligible: every failing clause, and the rules behind a rule withholding.</summary>
public sealed record EligibilityExplanation(bool Eligible, IReadOnlyList<EligibilityReason> Reasons)
{
    public string Headline => Eligible
        ? "Eligible for model training"
        : Reasons.Count == 1 ? Reasons[0].Text : $"Not used for model training ({Reasons.Count} reasons)";
}

public sealed class EligibilityExplainer(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock)
{
    /// <summary>
    /// Explains one of the employee's own records; null when the employee has no record with that id
    /// (another employee's record is indistinguishable from a missing one).
    /// </summary>
    public async Task<EligibilityExplanation?> ExplainAsync(EmployeeId employee, Guid recordId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var eligibility = await TrainingEligibility.ForAsync(db, clock.GetUtcNow().UtcDateTime, ct);
        return await LoadAsync(db, employee, recordId, eligibility, ct) is { } loaded
            ? Explain(loaded.Record, loaded.Reasons, loaded.Rules, eligibility.RetentionCutoff)
            : null;
    }

    /// <summary>One of the employee's records with its failing clauses and, when a rule withholds it, those rules.</summary>
    internal static async Task<(CaptureRecord Record, IneligibilityReasons Reasons, List<StandingRule> Rules)?> LoadAsync(
        TransparencyDbContext db, EmployeeId employee, Guid recordId, TrainingEligibility eligibility, CancellationToken ct)
    {
        var row = await db.RecordsOf(employee).AsNoTracking()
            .Where(r => r.Id == recordId)
            .Select(eligibility.Project((CaptureRecord r, IneligibilityReasons reasons) => new { Record = r, Reasons = reasons }))
            .SingleOrDefaultAsync(ct);
        if (row is null)
            return null;
        var rules = row.Reasons.HasFlag(IneligibilityReasons.WithheldByRule)
            ? await TrainingEligibility.RulesMatching(db.RulesOf(employee), row.Record).AsNoTracking().ToListAsync(ct)
            : [];
        return (row.Record, row.Reasons, rules);
    }

    /// <summary>Words for each failing clause. <paramref name="reasons"/> must come from <see cref="TrainingEligibility.Reasons"/>.</summary>
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
