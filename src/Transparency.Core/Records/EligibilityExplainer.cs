using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Records;

/// <summary>Loads one of the employee's records and explains its training status (<see cref="TrainingStatusExplanation"/>).</summary>
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
            ? TrainingStatusExplanation.Explain(loaded.Record, loaded.Reasons, loaded.Rules, eligibility.RetentionCutoff)
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
}
