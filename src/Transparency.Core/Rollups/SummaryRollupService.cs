using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Rollups;

/// <summary>What one summary rollup run did.</summary>
public sealed record SummaryRollupResult(int MarksRefreshed, int MarksLeft, bool Skipped);

/// <summary>
/// Keeps <see cref="SummaryCell"/>s current, so an employee's home summary reads a few hundred aggregates
/// instead of every record of the last 30 days (tens of thousands for the busiest employees). Two sources of
/// staleness, as for the usage rollup: records that arrived since the last run (found by received time through
/// the export's cursor index; the cells then hold exactly the records received up to
/// <see cref="SummaryRollupState.ReceivedUpTo"/>) and acts that marked days (<see cref="SummaryDays.MarkAsync"/>).
/// A marked range of days is recomputed whole from its records with the one eligibility rule.
/// </summary>
/// <remarks>
/// Runs on every instance on the usage rollup's schedule (<see cref="UsageRollupOptions"/>); a PostgreSQL advisory
/// lock (SQLite: the single writer) lets one work at a time. Correctness does not depend on how far behind it
/// is: the summary counts marked days and later arrivals from the records (<c>Records/RecordSummaryService</c>).
/// </remarks>
public sealed class SummaryRollupService(
    IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock, UsageRollupOptions options, ILogger<SummaryRollupService> logger)
{
    /// <summary>Marks refreshed per run at most; the rest wait for the next run.</summary>
    public const int DefaultMarksPerRun = 5000;

    /// <summary>PostgreSQL advisory lock key of the summary rollup ("SUMMAR" in ASCII).</summary>
    private const long RollupLock = 0x5355_4D4D_4152;

    /// <summary>Marks recomputed in one transaction, with one grouped query over all their days: far fewer round trips than one by one.</summary>
    private const int MarksPerBatch = 100;

    public async Task<SummaryRollupResult> RefreshAsync(int marksPerRun = DefaultMarksPerRun, CancellationToken ct = default)
    {
        if (!await MarkArrivalsAsync(ct))
            return new SummaryRollupResult(0, 0, Skipped: true);

        List<SummaryCellRefresh> stale;
        await using (var db = await contexts.CreateDbContextAsync(ct))
            stale = await db.SummaryCellRefreshes.AsNoTracking().OrderBy(m => m.MarkedAt).ThenBy(m => m.Id).Take(marksPerRun).ToListAsync(ct);
        var refreshed = 0;
        foreach (var batch in stale.Chunk(MarksPerBatch))
        {
            if (!await RefreshDaysAsync(batch, ct))
                return new SummaryRollupResult(refreshed, stale.Count - refreshed, Skipped: true);
            refreshed += batch.Length;
        }
        int left;
        await using (var db = await contexts.CreateDbContextAsync(ct))
            left = await db.SummaryCellRefreshes.CountAsync(ct);
        if (refreshed > 0)
            logger.LogInformation("Summary rollup refreshed {Marks} marked day ranges; {Left} still marked.", refreshed, left);
        return new SummaryRollupResult(refreshed, left, Skipped: false);
    }

    /// <summary>
    /// Marks the days of records received since the last run and moves the watermark past them, in one
    /// transaction: a summary read before it counts them as late arrivals, one read after it as marked days.
    /// False when another instance holds the lock.
    /// </summary>
    private async Task<bool> MarkArrivalsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Records received this recently may belong to a batch still committing: left for the next run.
        var upTo = now.AddSeconds(-options.SettleSeconds);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await StoreLocks.TryTakeAsync(db, RollupLock, ct))
            return false;
        var state = await db.SummaryRollupState.SingleOrDefaultAsync(s => s.Id == 1, ct);
        if (state is null)
            db.SummaryRollupState.Add(state = new SummaryRollupState { Id = 1, ReceivedUpTo = DateTime.MinValue });
        if (upTo > state.ReceivedUpTo)
        {
            var from = state.ReceivedUpTo;
            var arrivals = await db.CaptureRecords
                .Where(r => r.ReceivedAt > from && r.ReceivedAt <= upTo)
                .GroupBy(r => r.EmployeeId)
                .Select(g => new { EmployeeId = g.Key, First = g.Min(r => r.CapturedAt), Last = g.Max(r => r.CapturedAt) })
                .ToListAsync(ct);
            db.SummaryCellRefreshes.AddRange(arrivals.Select(a => SummaryDays.Mark(a.EmployeeId, a.First, a.Last, now)));
            state.ReceivedUpTo = upTo;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Recomputes the marked days of their employees from the records, and clears those marks. False when another instance holds the lock.</summary>
    private async Task<bool> RefreshDaysAsync(IReadOnlyList<SummaryCellRefresh> marks, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await StoreLocks.TryTakeAsync(db, RollupLock, ct))
            return false;
        // Under the lock the watermark stands still: the cells hold exactly the records received up to it.
        var upTo = await db.SummaryRollupState.Where(s => s.Id == 1).Select(s => s.ReceivedUpTo).SingleAsync(ct);
        // The one rule without its retention clause (a cutoff before every record): whether a day is inside the
        // training retention depends on when the summary is read, so the summary applies it then.
        var eligibility = new TrainingEligibility(db.StandingRules, DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc));
        // Each employee's marked ranges joined, so a day marked twice is counted once.
        var ranges = marks
            .GroupBy(m => m.EmployeeId)
            .SelectMany(g => SummaryDays.Merge(g.Select(m => (m.FirstDay, m.LastDay.AddDays(1)))).Select(r => new EmployeeDays(g.Key, r.From, r.To)))
            .ToList();

        var groups = await db.CaptureRecords
            // A tombstone no longer knows when it arrived; its erasure marked its day, so it is counted here.
            .Where(r => r.ReceivedAt == null || r.ReceivedAt <= upTo)
            .Where(Covering<CaptureRecord>(ranges, nameof(CaptureRecord.CapturedAt)))
            .Select(eligibility.Project((CaptureRecord r, IneligibilityReasons reasons) => new
            {
                r.EmployeeId,
                Day = r.CapturedAt.Date,
                r.Kind,
                r.Purposes,
                Reasons = reasons,
            }))
            // The reasons carry the flag and the deletion too: the figures are read from them alone.
            .GroupBy(x => new { x.EmployeeId, x.Day, x.Kind, x.Purposes, x.Reasons })
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(ct);

        var cells = groups
            .GroupBy(g => (g.Key.EmployeeId, Day: SummaryDays.StartOf(g.Key.Day), g.Key.Kind, g.Key.Purposes))
            .Select(cell => (cell.Key, Figures: cell.Aggregate(default(SummaryFigures),
                (sum, g) => sum + SummaryFigures.Of(g.Key.Reasons, g.Count))));

        await db.SummaryCells.Where(Covering<SummaryCell>(ranges, nameof(SummaryCell.Day))).ExecuteDeleteAsync(ct);
        // Past EF's change tracker (binary COPY on PostgreSQL): a first run over an existing store writes about
        // one cell per two records, and row by row that took longer than computing them.
        await using (var bulk = BulkWriter.For(db))
        {
            foreach (var (key, figures) in cells)
                await bulk.WriteAsync(new SummaryCellRow
                {
                    EmployeeId = key.EmployeeId, Day = key.Day, Kind = key.Kind, Purposes = key.Purposes, Records = figures.Records,
                    EligibleWithinRetention = figures.Eligible, Withheld = figures.Withheld, Quarantined = figures.Quarantined,
                    Deleted = figures.Deleted, RefreshedAt = now,
                }, ct);
            await bulk.CompleteAsync(ct);
        }
        // Only these marks: one set again meanwhile has its own id and stays for the next run.
        var ids = marks.Select(m => m.Id).ToList();
        await db.SummaryCellRefreshes.Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private sealed record EmployeeDays(string EmployeeId, DateTime From, DateTime To);

    /// <summary>
    /// Rows of one of the employees on one of their day ranges: each range its own bounds on the employee and the
    /// instant, so the database reads each through the employee's index; the bounds are parameters, not literals.
    /// </summary>
    private static Expression<Func<T, bool>> Covering<T>(IReadOnlyList<EmployeeDays> ranges, string instant)
    {
        var row = Expression.Parameter(typeof(T), "x");
        var employee = Expression.Property(row, nameof(SummaryCell.EmployeeId));
        var at = Expression.Property(row, instant);
        var any = ranges
            .Select(r => (Expression)Expression.AndAlso(
                Expression.Equal(employee, Expression.Property(Expression.Constant(r), nameof(EmployeeDays.EmployeeId))),
                SummaryDays.Between(at, r.From, r.To)))
            .DefaultIfEmpty(Expression.Constant(false))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<T, bool>>(any, row);
    }
}
