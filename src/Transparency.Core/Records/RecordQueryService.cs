using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Records;

/// <summary>The position after the last row of a page: newest first, id breaks ties.</summary>
public sealed record RecordCursor(DateTime CapturedAt, Guid Id)
{
    public string Encode() => $"{CapturedAt.Ticks.ToString(CultureInfo.InvariantCulture)}_{Id:N}";

    public static RecordCursor? TryDecode(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        var parts = text.Split('_');
        return parts.Length == 2
               && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
               && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks
               && Guid.TryParseExact(parts[1], "N", out var id)
            ? new RecordCursor(new DateTime(ticks, DateTimeKind.Utc), id)
            : null;
    }
}

/// <summary>One row of the employee's record list: metadata and state, never content.</summary>
public sealed record RecordRow(
    Guid Id,
    DateTime CapturedAt,
    CaptureKind Kind,
    string Application,
    string? Site,
    string? Summary,
    Purposes Purposes,
    SensitivityTags Sensitivity,
    TrainingChoice TrainingChoice,
    bool HasOpenFlag,
    DateTime? DeletedAt,
    DateTime? RedactedAt,
    DateTime? PurgedAt,
    IneligibilityReasons Reasons)
{
    public bool Eligible => Reasons == IneligibilityReasons.None;
    public bool ContentErased => DeletedAt is not null || RedactedAt is not null || PurgedAt is not null;
    public bool Withheld => (Reasons & (IneligibilityReasons.WithheldByRecord | IneligibilityReasons.WithheldByRule)) != 0;
}

public sealed record RecordPage(IReadOnlyList<RecordRow> Rows, RecordCursor? Next);

/// <summary>Counts for one filter, computed by the database from the same filter as the page.</summary>
public sealed record RecordCounts(int Total, int Eligible, int Withheld, int Quarantined, int Deleted)
{
    /// <summary>
    /// Adds up grouped counts. A deleted record counts as deleted only, not also as withheld or
    /// quarantined, so the figures describe what is still held.
    /// </summary>
    public static RecordCounts Tally(IEnumerable<(IneligibilityReasons Reasons, bool Flagged, bool Deleted, int Count)> groups)
    {
        var f = groups.Aggregate(default(SummaryFigures), (sum, g) => sum + SummaryFigures.Of(g.Reasons, g.Flagged, g.Deleted, g.Count));
        return new RecordCounts(f.Records, f.Eligible, f.Withheld, f.Quarantined, f.Deleted);
    }
}

/// <summary>The applications and sites an employee's records were captured in (for filter choices).</summary>
public sealed record RecordFacets(IReadOnlyList<string> Applications, IReadOnlyList<string> Sites);

/// <summary>Reads an employee's own records: keyset pages, counts and filter choices.</summary>
public sealed class RecordQueryService(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock)
{
    public const int MaxPageSize = 500;

    /// <summary>
    /// One page of the employee's records matching the filter, newest first. Keyset paging on
    /// (employee_id, captured_at, id): every page costs the same, however deep.
    /// </summary>
    public async Task<RecordPage> PageAsync(EmployeeId employee, RecordFilter filter, RecordCursor? after, int size, CancellationToken ct = default)
    {
        size = Math.Clamp(size, 1, MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(ct);
        // The retention is read by the page's own statement: one round trip per page, not two.
        var eligibility = TrainingEligibility.InStatement(db, clock.GetUtcNow().UtcDateTime);
        var query = Matching(db, employee, filter, eligibility);
        if (after is not null)
            // The first condition repeats what the second implies, as a plain bound the store can start its index
            // range at; without it the OR is a filter over every newer row, and deep pages get slower.
            query = query.Where(r => r.CapturedAt <= after.CapturedAt
                && (r.CapturedAt < after.CapturedAt || (r.CapturedAt == after.CapturedAt && r.Id.CompareTo(after.Id) < 0)));

        var rows = await query
            .OrderByDescending(r => r.CapturedAt).ThenByDescending(r => r.Id)
            .Take(size + 1)
            .Select(eligibility.Project((CaptureRecord r, IneligibilityReasons reasons) => new RecordRow(
                r.Id, r.CapturedAt, r.Kind, r.Application, r.Site, r.Summary, r.Purposes, r.Sensitivity, r.TrainingChoice,
                r.HasOpenFlag, r.DeletedAt, r.RedactedAt, r.PurgedAt, reasons)))
            .ToListAsync(ct);

        var next = rows.Count > size ? new RecordCursor(rows[size - 1].CapturedAt, rows[size - 1].Id) : null;
        return new RecordPage(rows.Take(size).ToList(), next);
    }

    /// <summary>How many of the employee's records match the filter, and their training status.</summary>
    public async Task<RecordCounts> CountAsync(EmployeeId employee, RecordFilter filter, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var eligibility = TrainingEligibility.InStatement(db, clock.GetUtcNow().UtcDateTime);
        var groups = await Matching(db, employee, filter, eligibility)
            .Select(eligibility.Project((CaptureRecord r, IneligibilityReasons reasons) => new
            {
                Reasons = reasons,
                r.HasOpenFlag,
                Deleted = r.DeletedAt != null,
            }))
            .GroupBy(x => new { x.Reasons, x.HasOpenFlag, x.Deleted })
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(ct);

        return RecordCounts.Tally(groups.Select(g => (g.Key.Reasons, g.Key.HasOpenFlag, g.Key.Deleted, g.Count)));
    }

    /// <summary>The distinct applications and sites among the employee's records.</summary>
    public async Task<RecordFacets> FacetsAsync(EmployeeId employee, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var applications = await db.RecordsOf(employee).Select(r => r.Application).Distinct().OrderBy(a => a).ToListAsync(ct);
        var sites = await db.RecordsOf(employee).Where(r => r.Site != null).Select(r => r.Site!).Distinct().OrderBy(s => s).ToListAsync(ct);
        return new RecordFacets(applications, sites);
    }

    /// <summary>
    /// The employee's records matching a filter. The one translation of <see cref="RecordFilter"/> into
    /// SQL: pages, counts and bulk acts all start here, so they always agree on what "matching" means.
    /// </summary>
    public static IQueryable<CaptureRecord> Matching(TransparencyDbContext db, EmployeeId employee, RecordFilter filter, TrainingEligibility eligibility)
    {
        var query = db.RecordsOf(employee);
        if (filter.Kinds.Count > 0)
        {
            var kinds = filter.Kinds.ToList();
            query = query.Where(r => kinds.Contains(r.Kind));
        }
        if (filter.Purposes != Purposes.None)
        {
            var purposes = filter.Purposes;
            query = query.Where(r => (r.Purposes & purposes) != 0);
        }
        if (!string.IsNullOrEmpty(filter.Application))
            query = query.Where(r => r.Application == filter.Application);
        if (!string.IsNullOrEmpty(filter.Site))
            query = query.Where(r => r.Site == filter.Site);
        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(r => r.CapturedAt >= start);
        }
        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(r => r.CapturedAt < end);
        }
        if (filter.Flagged is { } flagged)
            query = query.Where(r => r.HasOpenFlag == flagged);
        if (filter.Deleted is { } deleted)
            query = deleted ? query.Where(r => r.DeletedAt != null) : query.Where(r => r.DeletedAt == null);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var pattern = "%" + EscapeLike(filter.Text.Trim()) + "%";
            query = db.Database.IsNpgsql()
                ? query.Where(r => EF.Functions.ILike(r.Summary!, pattern, "\\"))
                : query.Where(r => EF.Functions.Like(r.Summary!, pattern, "\\"));
        }
        query = filter.Training switch
        {
            TrainingStatusFilter.Eligible => query.Where(eligibility.IsEligible),
            TrainingStatusFilter.NotEligible => query.Where(eligibility.IsNotEligible),
            // A deleted record lists as deleted only, as CountAsync counts it: a status filter lists what its count says.
            TrainingStatusFilter.Withheld => query.Where(r => r.DeletedAt == null)
                .Where(eligibility.FailsAny(IneligibilityReasons.WithheldByRecord | IneligibilityReasons.WithheldByRule)),
            TrainingStatusFilter.Quarantined => query.Where(r => r.HasOpenFlag && r.DeletedAt == null),
            _ => query,
        };
        return query;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
