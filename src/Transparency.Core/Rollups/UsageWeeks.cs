using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;

namespace Transparency.Core.Rollups;

/// <summary>
/// The weeks usage cells are kept for (ISO weeks: Monday 00:00 UTC onwards), and the marks that send an
/// org unit's weeks to be recomputed after an act changed its records.
/// </summary>
public static class UsageWeeks
{
    /// <summary>The Monday 00:00 UTC that starts the week holding <paramref name="at"/>.</summary>
    public static DateTime StartOf(DateTime at)
    {
        var day = at.Date;
        var sinceMonday = ((int)day.DayOfWeek + 6) % 7;
        return DateTime.SpecifyKind(day.AddDays(-sinceMonday), DateTimeKind.Utc);
    }

    /// <summary>Every week start from the week holding <paramref name="from"/> to the one holding <paramref name="to"/>.</summary>
    public static IEnumerable<DateTime> Between(DateTime from, DateTime to)
    {
        for (var week = StartOf(from); week <= to; week = week.AddDays(7))
            yield return week;
    }

    /// <summary>
    /// Marks the weeks an employee's changed records were captured in, within the caller's transaction, so
    /// the reports follow an act as soon as the rollup next runs. The range is one employee's: a few weeks
    /// for one record, the span of their data for a standing rule. Each week is marked in the org unit the
    /// employee belonged to when its records were captured (<see cref="PastMembership"/>); the week of a move
    /// is marked in both units.
    /// </summary>
    public static async Task MarkAsync(TransparencyDbContext db, string employeeId, DateTime capturedFrom, DateTime capturedTo,
        DateTime now, CancellationToken ct)
    {
        var unit = await db.Employees.Where(e => e.Id == employeeId).Select(e => e.OrgUnitId).SingleAsync(ct);
        var moves = await db.PastMemberships.Where(m => m.EmployeeId == employeeId && m.Until > capturedFrom)
            .OrderBy(m => m.Until).Select(m => new { m.OrgUnitId, m.Until }).ToListAsync(ct);
        var from = capturedFrom;
        foreach (var move in moves)
        {
            if (from > capturedTo)
                return;
            await MarkAsync(db, move.OrgUnitId, Between(from, move.Until < capturedTo ? move.Until : capturedTo), now, ct);
            from = move.Until;
        }
        if (from <= capturedTo)
            await MarkAsync(db, unit, Between(from, capturedTo), now, ct);
    }

    /// <summary>Marks the given weeks of one org unit stale (an upsert, so concurrent marks never conflict).</summary>
    public static async Task MarkAsync(TransparencyDbContext db, string orgUnitId, IEnumerable<DateTime> weeks, DateTime now, CancellationToken ct)
    {
        foreach (var week in weeks)
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO usage_cell_refreshes (org_unit_id, week_start, marked_at, version) VALUES ({orgUnitId}, {week}, {now}, {Guid.NewGuid()})
                ON CONFLICT (org_unit_id, week_start) DO UPDATE SET marked_at = excluded.marked_at, version = excluded.version
                """,
                ct);
    }
}
