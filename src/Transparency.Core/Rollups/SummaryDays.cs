using System.Linq.Expressions;
using Transparency.Core.EventStore;

namespace Transparency.Core.Rollups;

/// <summary>
/// The days summary cells are kept for (00:00 UTC onwards), and the marks that make the home summary count an
/// employee's days from the records until the rollup has recomputed them.
/// </summary>
public static class SummaryDays
{
    /// <summary>The 00:00 UTC that starts the day holding <paramref name="at"/>.</summary>
    public static DateTime StartOf(DateTime at) => DateTime.SpecifyKind(at.Date, DateTimeKind.Utc);

    /// <summary>
    /// Marks the days an employee's changed records were captured on, within the caller's transaction: from its
    /// commit on, the employee's summary counts those days from the records, so it shows the act at once.
    /// </summary>
    public static async Task MarkAsync(TransparencyDbContext db, string employeeId, DateTime capturedFrom, DateTime capturedTo, DateTime now,
        CancellationToken ct)
    {
        db.SummaryCellRefreshes.Add(Mark(employeeId, capturedFrom, capturedTo, now));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A mark of the days from the one holding <paramref name="capturedFrom"/> to the one holding <paramref name="capturedTo"/>.</summary>
    public static SummaryCellRefresh Mark(string employeeId, DateTime capturedFrom, DateTime capturedTo, DateTime now) => new()
    {
        EmployeeId = employeeId, Id = Guid.CreateVersion7(now), FirstDay = StartOf(capturedFrom), LastDay = StartOf(capturedTo), MarkedAt = now,
    };

    /// <summary>Ranges sorted, with overlapping and touching ones joined.</summary>
    public static List<(DateTime From, DateTime To)> Merge(IEnumerable<(DateTime From, DateTime To)> ranges)
    {
        var merged = new List<(DateTime From, DateTime To)>();
        foreach (var range in ranges.Where(r => r.From < r.To).OrderBy(r => r.From))
        {
            if (merged.Count > 0 && range.From <= merged[^1].To)
                merged[^1] = (merged[^1].From, range.To > merged[^1].To ? range.To : merged[^1].To);
            else
                merged.Add(range);
        }
        return merged;
    }

    /// <summary>
    /// True when <paramref name="instant"/> lies in [<paramref name="from"/>, <paramref name="to"/>). The bounds are read
    /// from a constant object, so EF sends them as parameters rather than literals, and the database reads each range
    /// through the (employee, instant) index.
    /// </summary>
    internal static Expression Between(Expression instant, DateTime from, DateTime to)
    {
        var bounds = Expression.Constant(new Bounds(from, to));
        return Expression.AndAlso(
            Expression.GreaterThanOrEqual(instant, Expression.Property(bounds, nameof(Bounds.From))),
            Expression.LessThan(instant, Expression.Property(bounds, nameof(Bounds.To))));
    }

    private sealed record Bounds(DateTime From, DateTime To);
}
