using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.TrainingExport;

/// <summary>Who is exporting: the registered API client the batch is charged to; the employee's access log names it.</summary>
public sealed record ExportClient(Guid ApiClientId);

/// <summary>
/// One export page, already recorded as a batch (<see cref="BatchId"/> is null when the page is empty) carrying
/// <see cref="RecordCount"/> records. <see cref="Next"/> is null on the last page; <see cref="Resume"/> is where to
/// poll from later (the last record taken, or the request's own cursor).
/// </summary>
public sealed record ExportPage(Guid? BatchId, int RecordCount, ExportCursor? Next, ExportCursor? Resume);

/// <summary>One record as the training pipeline receives it.</summary>
public sealed record ExportedRecord(
    Guid Id, string EmployeeId, DateTime CapturedAt, DateTime ReceivedAt, CaptureKind Kind, string DeviceId, string Application,
    string? Site, string SourceAgent, string? Summary, SensitivityTags Sensitivity, Purposes Purposes,
    string? ContentJson, byte[]? Snapshot, string? SnapshotMediaType);

/// <summary>
/// One entry of a client's revocation feed: a record that client took, in the export batch that carried it, is no
/// longer eligible, and the client purges its copy. Why is not told (<see cref="Reason"/>): a downstream pipeline
/// must not learn whether an employee withheld, opted out, flagged or deleted; whatever happened, the purge is the same.
/// </summary>
public sealed record RevokedRecord(
    long Sequence, Guid RecordId, string EmployeeId, Guid ExportBatchId, DateTime IneligibleSince, DateTime RecordedAt)
{
    /// <summary>The one reason every revocation gives: the record left training, purge the copy.</summary>
    public const string NoLongerEligible = "no_longer_eligible";

    /// <summary>Always <see cref="NoLongerEligible"/>.</summary>
    public string Reason => NoLongerEligible;
}

/// <summary>
/// One page of a client's revocation feed. <see cref="Next"/> is null on the last page; <see cref="Resume"/> is where
/// to poll from later.
/// </summary>
public sealed record RevocationPage(IReadOnlyList<RevokedRecord> Entries, long? Next, long Resume);

/// <summary>
/// The training pipeline's only way in (DESIGN rules 1, 2 and 7): pages of training-eligible records in
/// arrival order, each page recorded as an export batch with its receipts (which the employee reads as access-log
/// entries) before any content leaves, and the feed of exported records that are no longer eligible.
/// </summary>
public sealed class TrainingExportService(
    IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock, TrainingExportOptions options)
{
    /// <summary>Serializes revocation fills on PostgreSQL, so each fill numbers on from the last committed one.</summary>
    private const long RevocationFillLock = 0x7472_7276_6f6b_6501;

    /// <summary>
    /// Takes the next page of eligible records with their content and records it, in one transaction: the batch and
    /// one training receipt per record. The selection runs after everything that committed before this call, so a
    /// record withheld earlier is never taken (DESIGN rule 2). A record that becomes ineligible after it is listed
    /// by the revocation feed.
    /// </summary>
    /// <param name="carry">
    /// Receives each record of the page, in arrival order, while the page is selected and <b>before</b> the batch
    /// commits: the caller holds them (e.g. as the response's lines) and sends nothing until this method returns.
    /// Should it throw, the batch was not recorded: the caller discards what it received.
    /// </param>
    /// <remarks>
    /// The caller holds the page until the batch commits, so the page ends early once its content (the JSON's
    /// characters and the snapshots' as base64) passes <see cref="TrainingExportOptions.PageContentBytes"/>; it always
    /// carries at least one record.
    /// </remarks>
    public async Task<ExportPage> TakePageAsync(ExportClient client, ExportCursor? after, int limit, Action<ExportedRecord> carry,
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, TrainingExportOptions.MaxLimit);
        var now = clock.GetUtcNow().UtcDateTime;
        var settled = now.AddSeconds(-options.SettleSeconds);

        await using var db = await contexts.CreateDbContextAsync(ct);
        var eligibility = await TrainingEligibility.ForAsync(db, now, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await WalkArrivalIndexAsync(db, ct);

        var query = db.CaptureRecords.AsNoTracking().Where(eligibility.IsEligible).Where(r => r.ReceivedAt < settled);
        if (after is not null)
        {
            var (t, e, i) = (after.ReceivedAt, after.EmployeeId, after.Id);
            // The first condition is implied by the second, but only on its own does it bound the index range
            // (ix_capture_records_received) to start at the cursor rather than filter every earlier arrival.
            query = query.Where(r => r.ReceivedAt >= t).Where(r => r.ReceivedAt > t
                || (r.ReceivedAt == t && (string.Compare(r.EmployeeId, e) > 0 || (r.EmployeeId == e && r.Id > i))));
        }
        // The content is read by the selecting statement: reading the page's records again by key once the batch
        // had committed cost as much as finding them (docs/benchmarks.md).
        var selected = query.OrderBy(r => r.ReceivedAt).ThenBy(r => r.EmployeeId).ThenBy(r => r.Id)
            .Take(limit + 1)
            // Eligible records are never tombstones, so their context is always there.
            .Select(r => new ExportedRecord(
                r.Id, r.EmployeeId, r.CapturedAt, r.ReceivedAt!.Value, r.Kind, r.DeviceId!, r.Application!, r.Site, r.SourceAgent!, r.Summary,
                r.Sensitivity, r.Purposes, r.Content!.Json, r.Content.Snapshot, r.Content.SnapshotMediaType))
            .AsAsyncEnumerable();
        // Only the keys stay here (for the receipts and the cursor); the records themselves go to the caller.
        var taken = new List<(string EmployeeId, Guid Id)>(Math.Min(limit, 1_000));
        ExportCursor? last = null;
        var contentBytes = 0L;
        var more = false;
        await foreach (var record in selected.WithCancellation(ct))
        {
            if (taken.Count == limit || contentBytes >= options.PageContentBytes)
            {
                more = true;
                break;
            }
            carry(record);
            taken.Add((record.EmployeeId, record.Id));
            last = new ExportCursor(record.ReceivedAt, record.EmployeeId, record.Id);
            contentBytes += (record.ContentJson?.Length ?? 0) + (record.Snapshot is { } snapshot ? (snapshot.Length + 2) / 3 * 4 : 0);
        }
        if (last is null)
            return new ExportPage(null, 0, null, after);

        var batchId = Guid.CreateVersion7(now);
        db.ExportBatches.Add(new ExportBatch { Id = batchId, ApiClientId = client.ApiClientId, StartedAt = now, RecordCount = taken.Count });
        await db.SaveChangesAsync(ct);
        // One receipt per record, written in bulk. They are also the employee's access-log entry for this batch
        // (AccessLogService.AccessesOf): who took their records, when, and how many.
        await using (var bulk = BulkWriter.For(db))
        {
            // In key order: each receipt's index entries then land next to the previous one's.
            foreach (var (employeeId, id) in taken.OrderBy(r => r.EmployeeId, StringComparer.Ordinal).ThenBy(r => r.Id))
                await bulk.WriteAsync(new ExportReceiptRow(employeeId, id, batchId, now), ct);
            await bulk.CompleteAsync(ct);
        }
        await transaction.CommitAsync(ct);

        return new ExportPage(batchId, taken.Count, more ? last : null, last);
    }

    /// <summary>
    /// A page is the next few thousand eligible records in arrival order: walking ix_capture_records_received from
    /// the cursor finds them after reading about as many rows. PostgreSQL has no statistics for the rule's bit-mask
    /// clauses (<c>(sensitivity &amp; 15) = 0</c> is taken to hold for 0.5 % of rows), so it expects to walk the whole
    /// index for too few matches; instead it scans the whole table and sorts its eligible records for every page, and
    /// compiles the statement (JIT) for that imagined cost. For this transaction only: no sort where the index gives
    /// the order, no JIT. (Expression statistics on the two masks would let the planner find the walk by itself.)
    /// </summary>
    private static async Task WalkArrivalIndexAsync(TransparencyDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_sort = off; SET LOCAL jit = off", ct);
    }

    /// <summary>Marks the batch as handed over in full: every record of the page was written to the pipeline.</summary>
    public async Task CompleteBatchAsync(Guid batchId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.ExportBatches.Where(b => b.Id == batchId)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.CompletedAt, clock.GetUtcNow().UtcDateTime), ct);
    }

    /// <summary>
    /// Records the revocations that are due (exported records no longer eligible, not yet revoked for that
    /// export), then reads <paramref name="client"/>'s feed after <paramref name="after"/> in sequence order: only
    /// revocations of records that client's own export batches carried, so no client learns what another took or lost.
    /// </summary>
    /// <remarks>
    /// The sequence is shared by all clients (docs/decisions/0001-revocation-feed.md, "Revised"), so a client's
    /// entries are numbered with gaps. Once a client has read its last entry, its <see cref="RevocationPage.Resume"/>
    /// moves on to the highest sequence recorded so far: the next poll reads only what was recorded since, instead of
    /// walking every other client's revocations again. What a client can learn from that is how many revocations the
    /// store recorded in all, which its gaps tell anyway; never whose, for which client, or why.
    /// </remarks>
    public async Task<RevocationPage> RevocationsAsync(ExportClient client, long after, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, TrainingExportOptions.MaxLimit);
        await RecordDueRevocationsAsync(ct);

        await using var db = await contexts.CreateDbContextAsync(ct);
        // Read first: fills are serialized and number on from the highest committed sequence, so every number up to this
        // one is final, and anything recorded after this read is numbered above it and read by the next poll.
        var recorded = await db.Revocations.MaxAsync(v => (long?)v.Sequence, ct) ?? 0;
        // The batch names the client that took the record; the feed answers only for that client's batches.
        var rows = await (
                from v in db.Revocations
                join b in db.ExportBatches on v.ExportBatchId equals b.Id
                where b.ApiClientId == client.ApiClientId && v.Sequence > after && v.Sequence <= recorded
                orderby v.Sequence
                select new RevokedRecord(v.Sequence, v.RecordId, v.EmployeeId, v.ExportBatchId, v.IneligibleSince, v.RecordedAt))
            .Take(limit + 1)
            .ToListAsync(ct);
        if (rows.Count > limit)
        {
            var page = rows.Take(limit).ToList();
            return new RevocationPage(page, page[^1].Sequence, page[^1].Sequence);
        }
        return new RevocationPage(rows, null, Math.Max(after, recorded));
    }

    /// <summary>
    /// Receipts × current eligibility, set-based: every receipt whose record is now ineligible and that has
    /// no revocation yet becomes one. Fills run one at a time and number on from the highest committed
    /// sequence, so numbers become visible in order and a reader's cursor never passes one that commits later.
    /// </summary>
    public async Task<int> RecordDueRevocationsAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var eligibility = await TrainingEligibility.ForAsync(db, now, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await StoreLocks.TakeAsync(db, RevocationFillLock, ct);

        var ineligible = db.CaptureRecords.Where(eligibility.IsNotEligible).Select(eligibility.Project((r, reasons) => new
        {
            r.EmployeeId, r.Id, Reasons = reasons, r.CapturedAt, r.Kind, r.Application, r.Site,
            r.DeletedAt, r.RedactedAt, r.PurgedAt, r.LastDecisionId,
        }));
        var due = await (
                from x in db.ExportReceipts
                join r in ineligible on new { x.EmployeeId, RecordId = x.RecordId } equals new { r.EmployeeId, RecordId = r.Id }
                where !db.Revocations.Any(v => v.EmployeeId == x.EmployeeId && v.RecordId == x.RecordId && v.ExportBatchId == x.ExportBatchId)
                orderby x.ExportedAt, x.EmployeeId, x.RecordId
                select new
                {
                    x.ExportBatchId, r.EmployeeId, r.Id, r.Reasons, r.CapturedAt, r.Kind, r.Application, r.Site,
                    r.DeletedAt, r.RedactedAt, r.PurgedAt,
                    DecidedAt = db.Decisions.Where(d => d.EmployeeId == r.EmployeeId && d.Id == r.LastDecisionId)
                        .Select(d => (DateTime?)d.At).FirstOrDefault(),
                })
            .Take(options.MaxRevocationsPerFill)
            .ToListAsync(ct);
        if (due.Count == 0)
            return 0;

        var ruleEmployees = due.Where(d => d.Reasons.HasFlag(IneligibilityReasons.WithheldByRule)).Select(d => d.EmployeeId).Distinct().ToList();
        var rules = (await db.StandingRules.AsNoTracking()
                .Where(s => s.RemovedAt == null && ruleEmployees.Contains(s.EmployeeId))
                .ToListAsync(ct))
            .Select(s => (Rule: s, Covers: TrainingEligibility.CoveredBy(s).Compile()))
            .ToLookup(s => s.Rule.EmployeeId);
        var retention = now - eligibility.RetentionCutoff;
        // An exported record stops feeding training only when model training stops taking its kind: the latest change to
        // that purpose is the earliest the record can have become "not for training" (a later, unrelated change dates it late,
        // never early).
        var trainingChangedAt = await db.RegisterChanges
            .Where(c => c.Subject == RegisterSubject.Purpose && c.Purpose == Purposes.ModelTraining)
            .MaxAsync(c => (DateTime?)c.At, ct);
        var sequence = await db.Revocations.MaxAsync(v => (long?)v.Sequence, ct) ?? 0;

        foreach (var d in due)
        {
            var record = new CaptureRecord
            {
                EmployeeId = d.EmployeeId, Id = d.Id, CapturedAt = d.CapturedAt, Kind = d.Kind, Application = d.Application, Site = d.Site,
            };
            var matching = rules[d.EmployeeId].Where(s => s.Covers(record)).Select(s => s.Rule).ToList();
            var (reasonClass, since) = Classify(d.Reasons, d.DeletedAt, d.RedactedAt, d.PurgedAt, d.DecidedAt, matching, d.CapturedAt + retention,
                trainingChangedAt);
            db.Revocations.Add(new Revocation
            {
                Sequence = ++sequence,
                EmployeeId = d.EmployeeId, RecordId = d.Id, ExportBatchId = d.ExportBatchId, Reasons = (int)d.Reasons,
                ReasonClass = reasonClass, IneligibleSince = since ?? now, RecordedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return due.Count;
    }

    /// <summary>
    /// The reason kept with the revocation for the store's own audit (the feed never shows it): the training-status
    /// rule's most lasting clause (<see cref="TrainingStatusRule.RevocationCause"/>), and the best-known time it took
    /// effect: the erasure time, the latest decision on the record, the newest standing rule that covers it, the day it
    /// left the training retention, or the latest change to model training in the register.
    /// </summary>
    private static (string ReasonClass, DateTime? Since) Classify(IneligibilityReasons reasons, DateTime? deletedAt, DateTime? redactedAt,
        DateTime? purgedAt, DateTime? decidedAt, List<StandingRule> rules, DateTime leftRetentionAt, DateTime? trainingChangedAt) =>
        TrainingStatusRule.RevocationCause(reasons) switch
    {
        IneligibilityReasons.Deleted => ("deleted", deletedAt),
        IneligibilityReasons.Purged => ("retention", purgedAt),
        IneligibilityReasons.Redacted => ("redacted", redactedAt),
        IneligibilityReasons.WithheldByRecord => ("withheld", decidedAt),
        IneligibilityReasons.WithheldByRule => (rules.Any(s => s.IsGlobalOptOut) ? "opted_out" : "rule",
            rules.OrderByDescending(s => s.CreatedAt).FirstOrDefault()?.CreatedAt),
        IneligibilityReasons.Quarantined => ("flagged", decidedAt),
        IneligibilityReasons.SensitiveContext => ("sensitive", decidedAt),
        IneligibilityReasons.OutsideRetention => ("retention", leftRetentionAt),
        _ => ("not_for_training", trainingChangedAt),
    };
}
