using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Notices;

public sealed record NoticeItem(Guid Id, DateTime At, NoticeKind Kind, string Text, string? Link, bool Read);

/// <summary>In-app notices about what happened to the employee's data: resolved flags, new purposes or kinds, disclosures.</summary>
public sealed class NoticeService(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<NoticeItem>> RecentAsync(EmployeeId employee, int take = 20, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Notices.AsNoTracking()
            .Where(n => n.EmployeeId == employee.Value)
            .OrderByDescending(n => n.At)
            .Take(Math.Clamp(take, 1, 100))
            .Select(n => new NoticeItem(n.Id, n.At, n.Kind, n.Text, n.Link, n.ReadAt != null))
            .ToListAsync(ct);
    }

    public async Task<int> UnreadCountAsync(EmployeeId employee, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Notices.CountAsync(n => n.EmployeeId == employee.Value && n.ReadAt == null, ct);
    }

    public async Task MarkAllReadAsync(EmployeeId employee, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Notices.Where(n => n.EmployeeId == employee.Value && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    /// <summary>A notice to add in the caller's unit of work.</summary>
    public static Notice Create(string employeeId, DateTime at, NoticeKind kind, string text, string? link = null) => new()
    {
        EmployeeId = employeeId, Id = Guid.CreateVersion7(at), At = at, Kind = kind, Text = text, Link = link,
    };
}
