using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;

namespace Transparency.Core.Review;

/// <summary>Which open flags the privacy officer's queue shows: each criterion left empty matches every flag.</summary>
public sealed record FlagQueueFilter(FlagCategory? Category = null, CaptureKind? Kind = null, int? OlderThanDays = null, string? OrgUnitId = null)
{
    public IReadOnlyList<string> Validate() =>
    [
        .. Category is { } c && !Enum.IsDefined(c) ? ["There is no such flag category."] : Array.Empty<string>(),
        .. Kind is { } k && !Enum.IsDefined(k) ? ["There is no such capture kind."] : Array.Empty<string>(),
        .. OlderThanDays is < 0 or > 3650 ? ["The age is a number of days from 0 to 3,650."] : Array.Empty<string>(),
    ];
}

/// <summary>
/// One open flag as the queue lists it: who raised it (their org unit, not their records), when, why, and for a flag on one
/// record its kind and application. No content: the officer opens a flag to see its records, and that read is logged.
/// </summary>
public sealed record QueuedFlag(
    Guid Id, string EmployeeId, string EmployeeName, string OrgUnitName, DateTime RaisedAt, FlagCategory Category, string? Note,
    int RecordCount, CaptureKind? Kind, string? Application);

public sealed record FlagQueuePage(IReadOnlyList<QueuedFlag> Flags, int Total);

/// <summary>The privacy officer's review of employees' flags.</summary>
public sealed class ReviewService(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    /// <summary>
    /// Open flags, oldest first (the order they are owed an answer in), a page at a time. A flag's kind is its record's; a flag
    /// on several records has none, and a kind filter leaves it out. The org unit filter takes the unit and every unit below it.
    /// </summary>
    /// <exception cref="ArgumentException">The filter names no category, kind or age that exists.</exception>
    public async Task<FlagQueuePage> QueueAsync(FlagQueueFilter filter, int skip, int take, CancellationToken ct = default)
    {
        if (filter.Validate() is { Count: > 0 } problems)
            throw new ArgumentException(string.Join(" ", problems), nameof(filter));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows =
            from f in db.Flags.AsNoTracking()
            where f.ReviewState == FlagReviewState.Open
            join e in db.Employees on f.EmployeeId equals e.Id
            from r in db.CaptureRecords.Where(r => r.EmployeeId == f.EmployeeId && r.Id == f.RecordId).DefaultIfEmpty()
            select new { Flag = f, Employee = e.DisplayName, e.OrgUnitId, OrgUnit = e.OrgUnit!.Name, Kind = (CaptureKind?)r.Kind, Application = r.Application };
        if (filter.Category is { } category)
            rows = rows.Where(x => x.Flag.Category == category);
        if (filter.Kind is { } kind)
            rows = rows.Where(x => x.Kind == kind);
        if (filter.OlderThanDays is { } days)
        {
            var before = clock.GetUtcNow().UtcDateTime.AddDays(-days);
            rows = rows.Where(x => x.Flag.RaisedAt < before);
        }
        if (filter.OrgUnitId is { } unit)
        {
            var units = await SubtreeAsync(db, unit, ct);
            rows = rows.Where(x => units.Contains(x.OrgUnitId));
        }

        var total = await rows.CountAsync(ct);
        var page = await rows.OrderBy(x => x.Flag.RaisedAt).ThenBy(x => x.Flag.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize))
            .ToListAsync(ct);
        return new FlagQueuePage(
            page.Select(x => new QueuedFlag(x.Flag.Id, x.Flag.EmployeeId, x.Employee, x.OrgUnit, x.Flag.RaisedAt, x.Flag.Category, x.Flag.Note,
                x.Flag.RecordCount, x.Kind, x.Application)).ToList(),
            total);
    }

    private static async Task<List<string>> SubtreeAsync(TransparencyDbContext db, string unit, CancellationToken ct)
    {
        var all = await db.OrgUnits.AsNoTracking().Select(u => new { u.Id, u.ParentId }).ToListAsync(ct);
        var found = new List<string> { unit };
        for (var i = 0; i < found.Count; i++)
            found.AddRange(all.Where(u => u.ParentId == found[i]).Select(u => u.Id));
        return found;
    }
}
