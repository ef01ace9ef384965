using Microsoft.EntityFrameworkCore;
using Transparency.Core.Rollups;
using Transparency.Core.EventStore;

namespace Transparency.Core.Reports;

/// <summary>One aggregate as the works council reports read it (before small cells are suppressed).</summary>
public sealed record UsageRow(string OrgUnitId, DateTime WeekStart, CaptureKind Kind, Purposes Purpose,
    int Records, int Employees, int TrainingEligible, int Withheld, int Deleted, int Flagged);

/// <summary>
/// Reads usage aggregates by org unit × capture kind × purpose × week from the rollup: the whole
/// organisation or one org unit with everything below it. Counts only, never a person.
/// </summary>
public sealed class UsageReportService(IDbContextFactory<TransparencyDbContext> contexts)
{
    /// <param name="orgUnitId">An org unit (its own and its descendants' cells), or null for the whole organisation.</param>
    /// <param name="from">First day of the period (UTC); the week holding it is the first week.</param>
    /// <param name="to">Last instant of the period (UTC, exclusive).</param>
    public async Task<IReadOnlyList<UsageRow>> UsageAsync(string? orgUnitId, DateTime from, DateTime to, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var first = UsageWeeks.StartOf(from);
        var cells = db.UsageCells.AsNoTracking().Where(c => c.WeekStart >= first && c.WeekStart < to);
        if (orgUnitId is not null)
        {
            var units = await SubtreeAsync(db, orgUnitId, ct);
            cells = cells.Where(c => units.Contains(c.OrgUnitId));
        }
        return await cells
            .OrderBy(c => c.OrgUnitId).ThenBy(c => c.WeekStart).ThenBy(c => c.Kind).ThenBy(c => c.Purpose)
            .Select(c => new UsageRow(c.OrgUnitId, c.WeekStart, c.Kind, c.Purpose, c.Records, c.Employees, c.TrainingEligible, c.Withheld, c.Deleted, c.Flagged))
            .ToListAsync(ct);
    }

    /// <summary>An org unit and every unit below it (the hierarchy is small: read whole, walked here).</summary>
    private static async Task<List<string>> SubtreeAsync(TransparencyDbContext db, string root, CancellationToken ct)
    {
        var children = (await db.OrgUnits.AsNoTracking().Select(o => new { o.Id, o.ParentId }).ToListAsync(ct))
            .Where(o => o.ParentId is not null)
            .ToLookup(o => o.ParentId!, o => o.Id);
        var subtree = new List<string> { root };
        for (var i = 0; i < subtree.Count; i++)
            subtree.AddRange(children[subtree[i]]);
        return subtree;
    }
}
