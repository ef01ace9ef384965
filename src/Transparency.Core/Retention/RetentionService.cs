using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Transparency.Core.Rollups;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Retention;

/// <summary>What one purge run did.</summary>
/// <param name="Purged">Records whose content this run erased.</param>
/// <param name="Held">Records past their retention that a legal hold keeps.</param>
/// <param name="Skipped">True when another instance was purging, so this one left the work to it.</param>
public sealed record RetentionPurgeResult(int Purged, int Held, bool Skipped);

/// <summary>
/// The retention purge (DESIGN rule 3): erases the content of records past every purpose's retention —
/// the content row (payload, snapshot bytes) and the summary — and leaves the record row as the
/// tombstone, stamped with <see cref="CaptureRecord.PurgedAt"/>. Legal holds keep what they cover.
/// Runs are logged in <see cref="RetentionPurge"/>.
/// </summary>
/// <remarks>
/// Safe on several instances at once: each batch picks and erases its records inside one transaction
/// that holds the purge lock (a PostgreSQL advisory lock; SQLite's single writer), and every statement
/// re-checks the record is still un-erased and expired, so no record is counted or erased twice and a
/// concurrent deletion, legal hold or ingestion is never overwritten.
/// </remarks>
public sealed class RetentionService(
    IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock, RetentionOptions options, ErasureSweep erasure,
    ILogger<RetentionService> logger)
{
    /// <summary>PostgreSQL advisory lock key of the purge ("RETAIN" in ASCII).</summary>
    private const long PurgeLock = 0x5245_5441_494E;

    public async Task<RetentionPurgeResult> PurgeAsync(CancellationToken ct = default)
    {
        var startedAt = clock.GetUtcNow().UtcDateTime;
        ContentRetention retention;
        await using (var db = await contexts.CreateDbContextAsync(ct))
            retention = await ContentRetention.ForAsync(db, startedAt, ct);

        var purged = 0;
        DateTime? oldest = null, newest = null;
        foreach (var set in ContentRetention.PurposeSets)
        {
            var cutoff = retention.CutoffFor(set);
            var from = DateTime.MinValue;
            while (true)
            {
                var batch = await PurgeBatchAsync(set, from, cutoff, startedAt, ct);
                if (batch is null)
                {
                    logger.LogInformation("Retention purge skipped: another instance is purging.");
                    return await FinishAsync(startedAt, retention, purged, oldest, newest, skipped: true, ct);
                }
                if (batch.Picked == 0)
                    break;
                purged += batch.Erased;
                oldest = Min(oldest, batch.Oldest);
                newest = Max(newest, batch.Newest);
                // Keyset over capture time: held records stay behind in the range and are passed only once a run.
                from = batch.Newest;
                if (batch.Picked < options.PurgeBatchSize)
                    break;
            }
        }
        return await FinishAsync(startedAt, retention, purged, oldest, newest, skipped: false, ct);
    }

    private sealed record Batch(int Picked, int Erased, DateTime Oldest, DateTime Newest);

    /// <summary>One transaction: pick up to a batch of expired, un-held records of one purpose set and erase them. Null when the lock is taken.</summary>
    private async Task<Batch?> PurgeBatchAsync(Purposes set, DateTime from, DateTime cutoff, DateTime stamp, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await StoreLocks.TryTakeAsync(db, PurgeLock, ct))
            return null;

        var expired = db.CaptureRecords
            .Where(r => r.Purposes == set && r.CapturedAt >= from && r.CapturedAt < cutoff && r.PurgedAt == null && r.DeletedAt == null)
            .Where(LegalHolds.Free(db.LegalHolds));
        var picked = await expired.OrderBy(r => r.CapturedAt).Take(options.PurgeBatchSize)
            .Select(r => new { r.EmployeeId, r.Id, r.CapturedAt })
            .ToListAsync(ct);
        if (picked.Count == 0)
            return new Batch(0, 0, from, from);

        // A superset key match (any picked employee × any picked id) is harmless: whatever it adds is expired too.
        var ids = picked.Select(p => p.Id).Distinct().ToList();
        var employees = picked.Select(p => p.EmployeeId).Distinct().ToList();
        var erased = await expired.Where(r => ids.Contains(r.Id) && employees.Contains(r.EmployeeId))
            .ExecuteUpdateAsync(s => s.Erase().SetProperty(r => r.PurgedAt, stamp).SetProperty(r => r.LastDecisionId, (Guid?)null), ct);
        await db.CaptureContents
            .Where(c => ids.Contains(c.RecordId) && employees.Contains(c.EmployeeId))
            .Where(c => db.CaptureRecords.Any(r => r.EmployeeId == c.EmployeeId && r.Id == c.RecordId && r.PurgedAt == stamp))
            .ExecuteDeleteAsync(ct);
        // A tombstone feeds no purpose any more: the summaries and usage reports count these days and weeks again.
        foreach (var employee in picked.GroupBy(p => p.EmployeeId))
        {
            var (first, last) = (employee.Min(p => p.CapturedAt), employee.Max(p => p.CapturedAt));
            await RollupMarks.MarkAsync(db, employee.Key, first, last, stamp, ct);
        }
        await transaction.CommitAsync(ct);
        await erasure.AfterErasureAsync();
        return new Batch(picked.Count, erased, picked[0].CapturedAt, picked[^1].CapturedAt);
    }

    private async Task<RetentionPurgeResult> FinishAsync(DateTime startedAt, ContentRetention retention, int purged,
        DateTime? oldest, DateTime? newest, bool skipped, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var held = await db.CaptureRecords
            .Where(r => r.PurgedAt == null && r.DeletedAt == null)
            .Where(retention.IsExpired)
            .Where(LegalHolds.Covers(db.LegalHolds))
            .CountAsync(ct);
        if (purged > 0 || held > 0)
        {
            db.RetentionPurges.Add(new RetentionPurge
            {
                Id = Guid.CreateVersion7(),
                StartedAt = startedAt,
                FinishedAt = clock.GetUtcNow().UtcDateTime,
                Instance = $"{Environment.MachineName}/{Environment.ProcessId}",
                RecordsPurged = purged,
                RecordsHeld = held,
                OldestCapturedAt = oldest,
                NewestCapturedAt = newest,
                Retention = retention.Describe(),
            });
            await db.SaveChangesAsync(ct);
        }
        if (purged > 0 || held > 0)
            logger.LogInformation(
                "Retention purge erased the content of {Purged} records captured {Oldest:u} to {Newest:u}; {Held} past retention kept by legal holds ({Retention}).",
                purged, oldest, newest, held, retention.Describe());
        return new RetentionPurgeResult(purged, held, skipped);
    }

    private static DateTime? Min(DateTime? a, DateTime b) => a is null || b < a ? b : a;
    private static DateTime? Max(DateTime? a, DateTime b) => a is null || b > a ? b : a;
}
