using System.Data;
using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.Rollups;
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
    /// eligibility rule: exactly what one grouped query over the window's records gives, read mostly from the
    /// employee's <see cref="SummaryCell"/>s. Counted from the records themselves: the window's first, partial
    /// day; days an act or an arrival marked and the rollup has not recomputed yet (so an act shows at once);
    /// the day the training retention ends on, if it falls in the window; and records received after the
    /// rollup's watermark. Days wholly before the retention cutoff count no record as eligible. When less than half
    /// of the first day lies before the window, that day is its cell less the records before the window instead.
    /// </summary>
    public async Task<RecordSummary> GetAsync(EmployeeId employee, int days = DefaultDays, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-days);
        var headDay = SummaryDays.StartOf(since);
        var firstDay = headDay.AddDays(1);
        await using var db = await contexts.CreateDbContextAsync(ct);
        // One snapshot for the watermark, the marks, the cells and the records: a rollup run or an act
        // committing meanwhile is either wholly seen or not at all, so nothing is counted twice or missed.
        await using var snapshot = await BeginSnapshotAsync(db, ct);
        var eligibility = await TrainingEligibility.ForAsync(db, now, ct);
        var receivedUpTo = await db.SummaryRollupState.Where(s => s.Id == 1).Select(s => (DateTime?)s.ReceivedUpTo).SingleOrDefaultAsync(ct)
            ?? DateTime.MinValue;
        var marks = await db.SummaryCellRefreshes
            .Where(m => m.EmployeeId == employee.Value && m.LastDay >= headDay)
            .Select(m => new { m.FirstDay, m.LastDay })
            .ToListAsync(ct);
        var cutoff = eligibility.RetentionCutoff;

        // The window's first day is partial. When less than half of it lies before the window, its cell less the
        // records before the window is cheaper than counting the rest; either way the result is the same.
        var headFromCell = since - headDay < TimeSpan.FromHours(12) && cutoff <= headDay
                           && !marks.Any(m => m.FirstDay <= headDay && m.LastDay >= headDay);
        var cellsFrom = headFromCell ? headDay : firstDay;

        var counted = new List<(DateTime From, DateTime To)>();
        if (!headFromCell)
            counted.Add((since, firstDay));
        counted.AddRange(marks.Select(m => (m.FirstDay < firstDay ? firstDay : m.FirstDay, m.LastDay.AddDays(1))));
        var cutoffDay = SummaryDays.StartOf(cutoff);
        if (cutoff != cutoffDay && cutoffDay >= firstDay)
            counted.Add((cutoffDay, cutoffDay.AddDays(1)));
        var ranges = SummaryDays.Merge(counted);

        var fromRecords = ranges.Count == 0 ? [] : await CountAsync(db.RecordsOf(employee)
            .Where(r => r.CapturedAt >= since)
            .Where(Within<CaptureRecord>(r => r.CapturedAt, ranges)), eligibility, ct);
        // Records the cells do not hold yet, on the days read from the cells.
        var late = await CountAsync(db.RecordsOf(employee)
            .Where(r => r.ReceivedAt > receivedUpTo && r.CapturedAt >= since && r.CapturedAt >= cellsFrom)
            .Where(Outside<CaptureRecord>(r => r.CapturedAt, ranges)), eligibility, ct);
        // The first day's records before the window that its cell holds, counted as the cell counts them.
        var beforeWindow = !headFromCell ? [] : await CountAsync(db.RecordsOf(employee)
            .Where(r => r.CapturedAt >= headDay && r.CapturedAt < since && (r.ReceivedAt == null || r.ReceivedAt <= receivedUpTo)),
            new TrainingEligibility(db.StandingRules, DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)), ct);
        var fromCells = await db.SummaryCells
            .Where(c => c.EmployeeId == employee.Value && c.Day >= cellsFrom)
            .Where(Outside<SummaryCell>(c => c.Day, ranges))
            .GroupBy(c => new { c.Kind, c.Purposes })
            .Select(g => new
            {
                g.Key.Kind,
                g.Key.Purposes,
                Records = g.Sum(c => c.Records),
                // The cutoff's own day is counted from the records: every other day is wholly inside or outside.
                Eligible = g.Sum(c => c.Day >= cutoff ? c.EligibleWithinRetention : 0),
                Withheld = g.Sum(c => c.Withheld),
                Quarantined = g.Sum(c => c.Quarantined),
                Deleted = g.Sum(c => c.Deleted),
            })
            .ToListAsync(ct);
        await snapshot.CommitAsync(ct);

        var groups = fromRecords.Concat(late)
            .Concat(fromCells.Select(c => (c.Kind, c.Purposes, Figures: new SummaryFigures(c.Records, c.Eligible, c.Withheld, c.Quarantined, c.Deleted))))
            .Concat(beforeWindow.Select(g => (g.Kind, g.Purposes, Figures: -g.Figures)))
            .ToList();
        var total = groups.Aggregate(default(SummaryFigures), (sum, g) => sum + g.Figures);
        var byKindAndPurpose = groups
            .SelectMany(g => g.Purposes.Each().Select(p => (g.Kind, Purpose: p, g.Figures.Records)))
            .GroupBy(x => (x.Kind, x.Purpose))
            .Select(x => new KindPurposeCount(x.Key.Kind, x.Key.Purpose, x.Sum(y => y.Records)))
            .Where(x => x.Records > 0)
            .OrderBy(x => x.Kind).ThenBy(x => x.Purpose)
            .ToList();

        return new RecordSummary(
            days,
            since,
            Records: total.Records,
            TrainingEligible: total.Eligible,
            Withheld: total.Withheld,
            Quarantined: total.Quarantined,
            Deleted: total.Deleted,
            byKindAndPurpose);
    }

    /// <summary>The records' figures by kind and purpose set, from one grouped query with the eligibility rule.</summary>
    private static async Task<List<(CaptureKind Kind, Purposes Purposes, SummaryFigures Figures)>> CountAsync(
        IQueryable<CaptureRecord> records, TrainingEligibility eligibility, CancellationToken ct)
    {
        var groups = await records
            .Select(eligibility.Project((CaptureRecord r, IneligibilityReasons reasons) => new
            {
                r.Kind,
                r.Purposes,
                Reasons = reasons,
            }))
            .GroupBy(x => new { x.Kind, x.Purposes, x.Reasons })
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return groups.Select(g => (g.Key.Kind, g.Key.Purposes, SummaryFigures.Of(g.Key.Reasons, g.Count))).ToList();
    }

    private static async Task<Snapshot> BeginSnapshotAsync(TransparencyDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            return new Snapshot(await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct), null);
        // SQLite: a deferred transaction reads one snapshot without taking the write lock, so writers are not held up.
        await db.Database.OpenConnectionAsync(ct);
        var sqlite = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        return new Snapshot(await db.Database.UseTransactionAsync(sqlite, ct) ?? throw new InvalidOperationException("The store did not take the transaction."), sqlite);
    }

    /// <summary>True when the instant lies in one of the ranges (each its own bounds: <see cref="SummaryDays.Between"/>).</summary>
    private static Expression<Func<T, bool>> Within<T>(Expression<Func<T, DateTime>> at, IReadOnlyList<(DateTime From, DateTime To)> ranges)
    {
        var any = ranges
            .Select(r => SummaryDays.Between(at.Body, r.From, r.To))
            .DefaultIfEmpty(Expression.Constant(false))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<T, bool>>(any, at.Parameters);
    }

    private static Expression<Func<T, bool>> Outside<T>(Expression<Func<T, DateTime>> at, IReadOnlyList<(DateTime From, DateTime To)> ranges)
    {
        var within = Within(at, ranges);
        return Expression.Lambda<Func<T, bool>>(Expression.Not(within.Body), within.Parameters);
    }

    /// <summary>The snapshot's transaction, with SQLite's own transaction object where EF only borrows it.</summary>
    private sealed class Snapshot(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, SqliteTransaction? owned)
        : IAsyncDisposable
    {
        public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            if (owned is not null)
                await owned.DisposeAsync();
        }
    }
}
