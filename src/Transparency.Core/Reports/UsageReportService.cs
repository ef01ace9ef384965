using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.AccessLog;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Reports;

/// <summary>What the works council asks: an org unit (null for the whole organisation), a period, and one capture kind or all.</summary>
public sealed record UsageQuery(string? OrgUnitId, ReportPeriod Period, CaptureKind? Kind)
{
    /// <summary>The question in words the report-view log keeps: "OU-ENG, weeks 2026-W36 to 2026-W48, Keystrokes".</summary>
    public string Describe() =>
        $"{OrgUnitId ?? "whole organisation"}, {Period.Describe()}, {(Kind is { } kind ? kind.ToString() : "all kinds")}";
}

/// <summary>Every figure of one row of a report, each with whether it may be shown.</summary>
public sealed class FigureRow(IReadOnlyDictionary<UsageMeasure, PlannedCell> figures)
{
    /// <summary>A figure; people figures are summed over the period's weeks (divide by the weeks for a weekly average).</summary>
    public PlannedCell this[UsageMeasure measure] => figures.TryGetValue(measure, out var cell) ? cell
        : throw new ArgumentException($"{measure} is not a figure of this row.", nameof(measure));

    public bool Has(UsageMeasure measure) => figures.ContainsKey(measure);
}

public sealed record SubUnitRow(OrgUnit Unit, bool CanOpen, FigureRow Figures);

public sealed record KindRow(CaptureKind Kind, FigureRow Figures);

public sealed record BucketRow(ReportBucket Bucket, FigureRow Figures);

/// <summary>
/// A works council report: the unit's figures over the period, its sub-units', each kind's and each step of the trend.
/// Every figure comes with whether it may be shown; a suppressed one's value must not leave Core's callers
/// (pages and downloads print the reason instead).
/// </summary>
public sealed record UsageReport(
    OrgUnit Unit, IReadOnlyList<OrgUnit> Path, UsageQuery Query, int MinimumGroupSize, int Weeks,
    FigureRow Total, IReadOnlyList<SubUnitRow> SubUnits, IReadOnlyList<KindRow> Kinds, IReadOnlyList<BucketRow> Trend)
{
    /// <summary>Nothing was captured in the unit in the period (for the kind asked).</summary>
    public bool IsEmpty => Total[UsageMeasure.Records].Value == 0;
}

/// <summary>
/// Answers works council questions from the weekly usage cells. The minimum-group-size rules are applied here, before
/// any figure leaves Core: each week's cells are planned for the whole organisation at once
/// (<see cref="ReportSuppression.Plan"/>), so an answer hides exactly what every other answer about that week hides,
/// and a figure over several weeks is shown only where each week's is (ADR 0006). Counts only, never a person.
/// </summary>
public sealed class UsageReportService(IDbContextFactory<TransparencyDbContext> contexts, MinimumGroupSize minimum, TimeProvider clock)
{
    /// <summary>The id of the organisation as a whole where the hierarchy has several top units.</summary>
    public const string OrganisationId = "*";

    // A week's plan is reused until its cells or the hierarchy change.
    private readonly ConcurrentDictionary<DateTime, (string Stamp, WeekPlan Plan)> plans = new();

    /// <summary>
    /// The report, or null when the org unit does not exist. Each report given is written to the report-view log with
    /// who asked, in the same call, so no path shows one unlogged.
    /// </summary>
    public async Task<UsageReport?> ReportAsync(UsageQuery query, ReportViewer viewer, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var units = await HierarchyAsync(db, ct);
        var root = units.Single(u => u.ParentId is null);
        var unit = query.OrgUnitId is null ? root : units.SingleOrDefault(u => u.Id == query.OrgUnitId);
        if (unit is null)
            return null;
        AccessLogService.AppendReportView(db, viewer, query.OrgUnitId, query.Describe(), clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);

        var buckets = query.Period.Buckets();
        var weeks = buckets.SelectMany(b => b.WeekStarts).ToList();
        var weekPlans = await PlansAsync(db, units, weeks, ct);
        var slice = query.Kind;

        FigureRow Row(string unitId, CaptureKind? kind, IEnumerable<DateTime> of)
        {
            var of2 = of.ToList();
            return new FigureRow(UsageMeasures.All
                .Where(m => !UsageMeasures.IsNeverShown(m) && (kind is null || !UsageMeasures.ForAllKindsOnly(m)))
                .ToDictionary(m => m, m => ReportSuppression.Combine(of2.Select(w => weekPlans[w][unitId, kind, m]))));
        }

        var total = Row(unit.Id, slice, weeks);
        var subUnits = units.Where(u => u.ParentId == unit.Id).OrderBy(u => u.Name, StringComparer.CurrentCulture)
            .Select(u =>
            {
                // A unit opens where its people (of every kind: a kind's people are not counted) may be shown.
                var people = ReportSuppression.Combine(weeks.Select(w => weekPlans[w][u.Id, null, UsageMeasure.EmployeesCovered]));
                return new SubUnitRow(u, people is { Shown: true, Value: > 0 }, Row(u.Id, slice, weeks));
            })
            .ToList();
        var kinds = slice is null
            ? Enum.GetValues<CaptureKind>().Select(k => new KindRow(k, Row(unit.Id, k, weeks))).ToList()
            : [];
        var trend = buckets.Select(b => new BucketRow(b, Row(unit.Id, slice, b.WeekStarts))).ToList();

        var path = new List<OrgUnit>();
        for (var at = unit; at is not null; at = units.SingleOrDefault(u => u.Id == at.ParentId))
            path.Insert(0, at);
        return new UsageReport(unit, path, query, minimum.K, weeks.Count, total, subUnits, kinds, trend);
    }

    /// <summary>The org units, under one organisation: a single top unit, or one made up above several.</summary>
    public async Task<IReadOnlyList<OrgUnit>> HierarchyAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await HierarchyAsync(db, ct);
    }

    private static async Task<List<OrgUnit>> HierarchyAsync(TransparencyDbContext db, CancellationToken ct)
    {
        var units = await db.OrgUnits.AsNoTracking().Select(u => new OrgUnit { Id = u.Id, Name = u.Name, ParentId = u.ParentId }).ToListAsync(ct);
        var tops = units.Where(u => u.ParentId is null).ToList();
        if (tops.Count == 1)
            return units;
        foreach (var top in tops)
            top.ParentId = OrganisationId;
        units.Add(new OrgUnit { Id = OrganisationId, Name = "Whole organisation" });
        return units;
    }

    private async Task<Dictionary<DateTime, WeekPlan>> PlansAsync(TransparencyDbContext db, List<OrgUnit> units, List<DateTime> weeks, CancellationToken ct)
    {
        var (first, last) = (weeks.Min(), weeks.Max());
        var stamps = (await db.UsageCells.Where(c => c.WeekStart >= first && c.WeekStart <= last)
                .GroupBy(c => c.WeekStart)
                .Select(g => new { Week = g.Key, Cells = g.Count(), Last = g.Max(c => c.RefreshedAt) })
                .ToListAsync(ct))
            .ToDictionary(s => s.Week);
        var hierarchy = string.Join(';', units.OrderBy(u => u.Id, StringComparer.Ordinal).Select(u => $"{u.Id}<{u.ParentId}"));
        string Stamp(DateTime week) => stamps.TryGetValue(week, out var s) ? $"{s.Cells}|{s.Last:O}|{hierarchy}" : $"0|{hierarchy}";

        var stale = weeks.Where(w => !plans.TryGetValue(w, out var cached) || cached.Stamp != Stamp(w)).ToList();
        if (stale.Count > 0)
        {
            var cells = await db.UsageCells.AsNoTracking().Where(c => stale.Contains(c.WeekStart)).ToListAsync(ct);
            var byWeek = cells.ToLookup(c => c.WeekStart);
            foreach (var week in stale)
            {
                var figures = byWeek[week].Select(c => new OwnFigures
                {
                    OrgUnitId = c.OrgUnitId, Kind = c.Kind == UsageCell.AllKinds ? null : c.Kind, Movers = c.Movers,
                    Values = Fit(c.Values), People = Fit(c.People),
                });
                plans[week] = (Stamp(week), ReportSuppression.Plan(units, figures, minimum));
            }
        }
        return weeks.ToDictionary(w => w, w => plans[w].Plan);
    }

    /// <summary>A cell stored before a measure was added holds fewer numbers: the missing ones are zero until it is recomputed.</summary>
    private static int[] Fit(int[] stored) =>
        stored.Length == UsageMeasures.Count ? stored : [.. stored.Take(UsageMeasures.Count), .. new int[Math.Max(0, UsageMeasures.Count - stored.Length)]];
}
