using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Records;

/// <summary>How many records of one kind fed one purpose in the summary window.</summary>
public sealed record KindPurposeCount(CaptureKind Kind, Purposes Purpose, int Records);

/// <summary>The employee's home summary over the last <see cref="Days"/> days.</summary>
public sealed record RecordSummary(
    int Days,
    DateTime Since,
    int Records,
    int TrainingEligible,
    int Withheld,
    int Quarantined,
    int Deleted,
    IReadOnlyList<KindPurposeCount> ByKindAndPurpose);

public sealed class RecordSummaryService(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock)
{
    public const int DefaultDays = 30;

    /// <summary>
    /// Counts for the employee's own records captured in the window, with training status from the one
    /// eligibility rule. One grouped query: the database counts, the circuit never holds records.
    /// </summary>
    public async Task<RecordSummary> GetAsync(EmployeeId employee, int days = DefaultDays, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-days);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var eligibility = await TrainingEligibility.ForAsync(db, now, ct);

        var groups = await db.RecordsOf(employee)
            .Where(r => r.CapturedAt >= since)
            .Select(eligibility.Project((CaptureRecord r, IneligibilityReasons reasons) => new
            {
                r.Kind,
                r.Purposes,
                Reasons = reasons,
                r.HasOpenFlag,
                Deleted = r.DeletedAt != null,
            }))
            .GroupBy(x => new { x.Kind, x.Purposes, x.Reasons, x.HasOpenFlag, x.Deleted })
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(ct);

        var counts = RecordCounts.Tally(groups.Select(g => (g.Key.Reasons, g.Key.HasOpenFlag, g.Key.Deleted, g.Count)));
        var byKindAndPurpose = groups
            .SelectMany(g => g.Key.Purposes.Each().Select(p => (g.Key.Kind, Purpose: p, g.Count)))
            .GroupBy(x => (x.Kind, x.Purpose))
            .Select(x => new KindPurposeCount(x.Key.Kind, x.Key.Purpose, x.Sum(y => y.Count)))
            .OrderBy(x => x.Kind).ThenBy(x => x.Purpose)
            .ToList();

        return new RecordSummary(
            days,
            since,
            Records: counts.Total,
            TrainingEligible: counts.Eligible,
            Withheld: counts.Withheld,
            Quarantined: counts.Quarantined,
            Deleted: counts.Deleted,
            byKindAndPurpose);
    }
}
