using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.AccessLog;

/// <summary>One access to the employee's data by someone else, as the employee reads it.</summary>
public sealed record AccessEntry(Guid Id, DateTime At, AccessChannel Channel, ActorRole ActorRole, string ActorId, string? Why, int RecordCount, Guid? ExportBatchId);

/// <summary>Which accesses to show.</summary>
public sealed record AccessFilter(AccessChannel? Channel = null, DateOnly? From = null, DateOnly? To = null);

public sealed record AccessPage(IReadOnlyList<AccessEntry> Entries, int Total);

/// <summary>The access log (DESIGN rule 7): appended whenever someone other than the employee reads their data; read by the employee.</summary>
public sealed class AccessLogService(IDbContextFactory<TransparencyDbContext> contexts)
{
    public const int MaxPageSize = 200;

    /// <summary>The employee's own access log, newest first.</summary>
    public async Task<AccessPage> ListAsync(EmployeeId employee, AccessFilter filter, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.AccessLogOf(employee).AsNoTracking();
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
            .Select(a => new AccessEntry(a.Id, a.At, a.Channel, a.ActorRole, a.ActorId, a.Why, a.RecordCount, a.ExportBatchId))
            .ToListAsync(ct);
        return new AccessPage(entries, total);
    }

    /// <summary>Appends an access by someone other than the employee. Callers write it in the same unit of work as the read where they can.</summary>
    public static AccessLogEntry Entry(string employeeId, DateTime at, string actorId, ActorRole role, AccessChannel channel, string? why,
        int recordCount = 0, Guid? exportBatchId = null) => new()
    {
        EmployeeId = employeeId, Id = Guid.CreateVersion7(at), At = at, ActorId = actorId, ActorRole = role, Channel = channel, Why = why,
        RecordCount = recordCount, ExportBatchId = exportBatchId,
    };
}
