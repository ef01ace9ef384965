using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Tests.Policies;
using Transparency.Testing;

namespace Transparency.Core.Tests.Reports;

/// <summary>
/// The works council's figures counted record by record, flag by flag, in C#, with the test suite's own eligibility
/// reference and nothing of the rollup's: per org unit (its own members at the time), ISO week and capture kind (and
/// all kinds), each measure's value and the employees behind it. Each record feeding training and not eligible counts
/// under the first reason in the report's order.
/// </summary>
internal sealed class ReferenceUsage
{
    public sealed class Cell
    {
        public int[] Values { get; } = new int[UsageMeasures.Count];
        public HashSet<string>[] People { get; } = Enumerable.Range(0, UsageMeasures.Count).Select(_ => new HashSet<string>()).ToArray();
    }

    public Dictionary<(string Unit, DateTime Week, CaptureKind Kind), Cell> Cells { get; } = [];

    public Cell? Find(string unit, DateTime week, CaptureKind kind) => Cells.GetValueOrDefault((unit, week, kind));

    public static async Task<ReferenceUsage> CountAsync(TestStore store, DateTime now, CancellationToken ct)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(ct);
        var records = await db.CaptureRecords.AsNoTracking().ToListAsync(ct);
        var rules = await db.StandingRules.AsNoTracking().ToListAsync(ct);
        var flags = await db.Flags.AsNoTracking().ToListAsync(ct);
        var downloads = await db.OwnDownloads.AsNoTracking().ToListAsync(ct);
        var units = await db.Employees.ToDictionaryAsync(e => e.Id, e => e.OrgUnitId, ct);
        var moves = (await db.PastMemberships.AsNoTracking().ToListAsync(ct)).ToLookup(m => m.EmployeeId);
        var retention = await db.Purposes.Where(p => p.Id == Purposes.ModelTraining).Select(p => p.RetentionDays).SingleAsync(ct);
        var optedOut = rules.Where(r => r.RemovedAt is null && r.IsGlobalOptOut).Select(r => r.EmployeeId).ToHashSet();
        var usage = new ReferenceUsage();

        // The unit an employee belonged to at a moment: the first membership that ended after it, else their unit now.
        string UnitAt(string employee, DateTime at) =>
            moves[employee].Where(m => m.Until > at).OrderBy(m => m.Until).Select(m => m.OrgUnitId).FirstOrDefault() ?? units[employee];

        void Add(string employee, DateTime at, CaptureKind kind, UsageMeasure measure)
        {
            var key = (UnitAt(employee, at), Monday(at), kind);
            if (!usage.Cells.TryGetValue(key, out var cell))
                usage.Cells[key] = cell = new Cell();
            cell.Values[(int)measure]++;
            cell.People[(int)measure].Add(employee);
        }

        foreach (var r in records)
        {
            var reasons = ReferenceEligibility.ReasonsFor(r, rules, now, retention);
            List<UsageMeasure> measures =
            [
                UsageMeasure.Records,
                r.Purposes.HasFlag(Purposes.OperationalTelemetry) ? UsageMeasure.FeedsOperations : UsageMeasure.NotForOperations,
                r.Purposes.HasFlag(Purposes.Product) ? UsageMeasure.FeedsProduct : UsageMeasure.NotForProduct,
                r.Purposes.HasFlag(Purposes.ModelTraining) ? UsageMeasure.FeedsTraining : UsageMeasure.NotForTraining,
                r.DeletedAt is not null ? UsageMeasure.Deleted : r.PurgedAt is not null ? UsageMeasure.ErasedByRetention : UsageMeasure.Live,
            ];
            if (r.Purposes.HasFlag(Purposes.ModelTraining))
                measures.Add(
                    reasons == IneligibilityReasons.None ? UsageMeasure.TrainingEligible
                    : reasons.HasFlag(IneligibilityReasons.WithheldByRecord) ? UsageMeasure.WithheldByDecision
                    : reasons.HasFlag(IneligibilityReasons.WithheldByRule) ? (optedOut.Contains(r.EmployeeId) ? UsageMeasure.WithheldByOptOut : UsageMeasure.WithheldByRule)
                    : reasons.HasFlag(IneligibilityReasons.SensitiveContext) ? UsageMeasure.WithheldBySensitiveContext
                    : reasons.HasFlag(IneligibilityReasons.Quarantined) ? UsageMeasure.Quarantined
                    : UsageMeasure.OtherwiseIneligible);
            foreach (var measure in measures)
            {
                Add(r.EmployeeId, r.CapturedAt, UsageCell.AllKinds, measure);
                Add(r.EmployeeId, r.CapturedAt, r.Kind, measure);
            }
        }
        foreach (var f in flags)
        {
            Add(f.EmployeeId, f.RaisedAt, UsageCell.AllKinds, UsageMeasure.FlagsRaised);
            Add(f.EmployeeId, f.RaisedAt, UsageCell.AllKinds, f.ReviewState switch
            {
                FlagReviewState.Upheld => UsageMeasure.FlagsUpheld,
                FlagReviewState.Dismissed => UsageMeasure.FlagsDismissed,
                _ => UsageMeasure.FlagsOpen,
            });
        }
        // People, per unit and week: a person counts once in each unit they had records in that week.
        foreach (var ((unit, week, _), cell) in usage.Cells.Where(c => c.Key.Kind == UsageCell.AllKinds).ToList())
        {
            var people = cell.People;
            void Count(IEnumerable<string> who, UsageMeasure measure)
            {
                foreach (var e in who.ToList())
                {
                    cell.Values[(int)measure]++;
                    cell.People[(int)measure].Add(e);
                }
            }
            Count(people[(int)UsageMeasure.Records], UsageMeasure.EmployeesCovered);
            Count(people[(int)UsageMeasure.WithheldByDecision].Union(people[(int)UsageMeasure.WithheldByRule]), UsageMeasure.EmployeesWithholding);
            Count(people[(int)UsageMeasure.Records].Where(optedOut.Contains), UsageMeasure.EmployeesOptedOut);
            Count(people[(int)UsageMeasure.Deleted], UsageMeasure.EmployeesDeleting);
            Count(people[(int)UsageMeasure.FlagsRaised], UsageMeasure.EmployeesFlagging);
        }
        foreach (var d in downloads.DistinctBy(d => (d.EmployeeId, Monday(d.At))))
            Add(d.EmployeeId, d.At, UsageCell.AllKinds, UsageMeasure.EmployeesDownloading);
        return usage;
    }

    public static DateTime Monday(DateTime at) => DateTime.SpecifyKind(at.Date.AddDays(-(((int)at.DayOfWeek + 6) % 7)), DateTimeKind.Utc);
}
