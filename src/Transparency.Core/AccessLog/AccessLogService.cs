using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.AccessLog;

/// <summary>One access to the employee's data by someone else, as the employee reads it.</summary>
public sealed record AccessEntry
{
    public required Guid Id { get; init; }
    public required DateTime At { get; init; }
    public required AccessChannel Channel { get; init; }
    public required ActorRole ActorRole { get; init; }
    public required string ActorId { get; init; }
    public string? Why { get; init; }
    public int RecordCount { get; init; }
    public Guid? ExportBatchId { get; init; }
}

/// <summary>Which accesses to show.</summary>
public sealed record AccessFilter(AccessChannel? Channel = null, DateOnly? From = null, DateOnly? To = null);

public sealed record AccessPage(IReadOnlyList<AccessEntry> Entries, int Total);

/// <summary>Who opens an aggregate report, and in what form.</summary>
public sealed record ReportViewer(string ActorId, ActorRole ActorRole, ReportFormat Format);

/// <summary>
/// One read of an employee's data by someone else, to be logged: who (their id and role), through what, why (in words
/// the employee reads), and how many of their records it covered.
/// </summary>
public sealed record AccessRecord(string ActorId, ActorRole ActorRole, AccessChannel Channel, string Why, int RecordCount);

/// <summary>
/// The access log (DESIGN rule 7), as the employee reads it: the <c>access_log</c> rows appended whenever someone
/// other than the employee reads their data, and one entry per training-export batch that carried their records,
/// read from that batch's training receipts (see docs/decisions/0002-training-exports-in-the-access-log.md).
/// </summary>
public sealed class AccessLogService(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    /// <summary>
    /// Logs a read of the employee's data and commits it. Call it before what was read is handed out (a disclosure
    /// download, an officer's review), so no read goes unlogged: a read whose logging failed is not served.
    /// </summary>
    /// <exception cref="ArgumentException">The access is not one to log this way (see <see cref="Append"/>).</exception>
    public async Task<Guid> RecordAsync(EmployeeId employee, AccessRecord access, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var entry = Append(db, employee, access, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return entry.Id;
    }

    /// <summary>
    /// Adds the log entry of a read to <paramref name="db"/>, for a caller that logs in the same transaction as it
    /// reads. Training exports are not logged this way: their entries are their batches' receipts (ADR 0002).
    /// </summary>
    /// <exception cref="ArgumentException">A training export, a missing actor or reason, or a negative record count.</exception>
    public static AccessLogEntry Append(TransparencyDbContext db, EmployeeId employee, AccessRecord access, DateTime at)
    {
        if (access.Channel == AccessChannel.TrainingExport)
            throw new ArgumentException("A training export is logged by its receipts, not as an access log row.", nameof(access));
        if (!Enum.IsDefined(access.Channel))
            throw new ArgumentException($"Unknown access channel {access.Channel}.", nameof(access));
        if (string.IsNullOrWhiteSpace(access.ActorId))
            throw new ArgumentException("An access needs the id of whoever read the data.", nameof(access));
        if (string.IsNullOrWhiteSpace(access.Why))
            throw new ArgumentException("An access needs a reason the employee can read.", nameof(access));
        if (access.RecordCount < 0)
            throw new ArgumentException("An access cannot cover fewer than no records.", nameof(access));
        var entry = new AccessLogEntry
        {
            EmployeeId = employee.Value, Id = Guid.CreateVersion7(at), At = at, ActorId = access.ActorId, ActorRole = access.ActorRole,
            Channel = access.Channel, Why = access.Why.Trim(), RecordCount = access.RecordCount,
        };
        db.AccessLog.Add(entry);
        return entry;
    }

    /// <summary>What the employee is told about why a training export read their records.</summary>
    /// <summary>
    /// Writes that someone opened or downloaded an aggregate report. It names no employee, so it goes to its own log
    /// (<see cref="ReportView"/>) rather than to anyone's access page.
    /// </summary>
    public static ReportView AppendReportView(TransparencyDbContext db, ReportViewer viewer, string? orgUnitId, string query, DateTime at)
    {
        if (string.IsNullOrWhiteSpace(viewer.ActorId))
            throw new ArgumentException("A report view names who opened the report.", nameof(viewer));
        var view = new ReportView
        {
            Id = Guid.CreateVersion7(at), At = at, ActorId = viewer.ActorId, ActorRole = viewer.ActorRole, Format = viewer.Format,
            OrgUnitId = orgUnitId, Query = query.Length <= 512 ? query : query[..512],
        };
        db.ReportViews.Add(view);
        return view;
    }

    public const string TrainingExportWhy = "Training export: records released for model training";

    /// <summary>The employee's own access log, newest first.</summary>
    public async Task<AccessPage> ListAsync(EmployeeId employee, AccessFilter filter, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = AccessesOf(db, employee);
        if (filter.Channel is { } channel)
            query = query.Where(a => a.Channel == channel);
        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(a => a.At >= start);
        }
        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(a => a.At < end);
        }
        var total = await query.CountAsync(ct);
        var entries = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize))
            .ToListAsync(ct);
        return new AccessPage(entries, total);
    }

    /// <summary>
    /// Every access to the employee's data by someone else. A training export's entry is its batch: when it
    /// started, the client it was charged to, and how many of the employee's records it carried. The receipts
    /// are written with the batch before any content leaves, so the entry exists whenever the export happened.
    /// </summary>
    public static IQueryable<AccessEntry> AccessesOf(TransparencyDbContext db, EmployeeId employee)
    {
        var logged = db.AccessLogOf(employee).AsNoTracking()
            // Exports recorded as access-log rows before receipts became the log's entry for them: the receipts say the same.
            .Where(a => a.Channel != AccessChannel.TrainingExport)
            .Select(a => new AccessEntry
            {
                Id = a.Id, At = a.At, Channel = a.Channel, ActorRole = a.ActorRole, ActorId = a.ActorId, Why = a.Why,
                RecordCount = a.RecordCount, ExportBatchId = a.ExportBatchId,
            });
        var exported =
            from carried in db.ExportReceipts.Where(x => x.EmployeeId == employee.Value)
                .GroupBy(x => x.ExportBatchId)
                .Select(g => new { BatchId = g.Key, Count = g.Count() })
            join batch in db.ExportBatches on carried.BatchId equals batch.Id
            join client in db.ApiClients on batch.ApiClientId equals client.Id
            select new AccessEntry
            {
                Id = batch.Id, At = batch.StartedAt, Channel = AccessChannel.TrainingExport, ActorRole = ActorRole.Service,
                ActorId = client.Name, Why = TrainingExportWhy, RecordCount = carried.Count, ExportBatchId = batch.Id,
            };
        return logged.Concat(exported);
    }

    /// <summary>Appends an access by someone other than the employee. Callers write it in the same unit of work as the read where they can.</summary>
    public static AccessLogEntry Entry(string employeeId, DateTime at, string actorId, ActorRole role, AccessChannel channel, string? why,
        int recordCount = 0, Guid? exportBatchId = null) => new()
    {
        EmployeeId = employeeId, Id = Guid.CreateVersion7(at), At = at, ActorId = actorId, ActorRole = role, Channel = channel, Why = why,
        RecordCount = recordCount, ExportBatchId = exportBatchId,
    };
}
