using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;

namespace Transparency.Core.Rollups;

/// <summary>
/// Marks both rollups stale for records an act changed, within the act's transaction: the works council's usage
/// weeks (in the org units the employee belonged to then) and the employee's summary days. Every act that changes
/// what a record counts as (a decision, a standing rule, a purge) marks through here, so neither rollup is forgotten.
/// </summary>
public static class RollupMarks
{
    /// <summary>Marks the days and weeks from <paramref name="capturedFrom"/> to <paramref name="capturedTo"/> of one employee.</summary>
    public static async Task MarkAsync(TransparencyDbContext db, string employeeId, DateTime capturedFrom, DateTime capturedTo, DateTime now,
        CancellationToken ct)
    {
        await UsageWeeks.MarkAsync(db, employeeId, capturedFrom, capturedTo, now, ct);
        // The employee's home summary counts these days from the records until the rollup has caught up.
        await SummaryDays.MarkAsync(db, employeeId, capturedFrom, capturedTo, now, ct);
    }

    /// <summary>Marks the span of one employee's <paramref name="changed"/> records; nothing when there are none.</summary>
    public static async Task MarkAsync(TransparencyDbContext db, string employeeId, IQueryable<CaptureRecord> changed, DateTime now, CancellationToken ct)
    {
        var span = await changed.Where(r => r.EmployeeId == employeeId)
            .GroupBy(r => r.EmployeeId)
            .Select(g => new { First = g.Min(r => r.CapturedAt), Last = g.Max(r => r.CapturedAt) })
            .SingleOrDefaultAsync(ct);
        if (span is not null)
            await MarkAsync(db, employeeId, span.First, span.Last, now, ct);
    }
}
