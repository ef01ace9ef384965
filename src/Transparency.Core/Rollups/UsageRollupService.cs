using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Rollups;

/// <summary>What one rollup run did.</summary>
public sealed record UsageRollupResult(int WeeksRefreshed, int WeeksStillStale, bool Skipped);

/// <summary>
/// Keeps <see cref="UsageCell"/>s current, so works council reports read a few thousand aggregates instead
/// of scanning millions of records per request. Two sources of staleness: records that arrived since the last
/// run (found by received time, through the export's cursor index) and acts that marked weeks
/// (<see cref="UsageWeeks.MarkAsync(TransparencyDbContext, string, DateTime, DateTime, DateTime, CancellationToken)"/>).
/// A stale org unit week is recomputed whole from its records with the one eligibility rule, so a cell is
/// always exactly what the records say at the time of its refresh. A record counts in the org unit its employee
/// belonged to when it was captured (<see cref="PastMembership"/>): reports follow a move from the move on.
/// </summary>
/// <remarks>Runs on every instance; a PostgreSQL advisory lock (SQLite: the single writer) lets one work at a time.</remarks>
public sealed class UsageRollupService(
    IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock, UsageRollupOptions options, ILogger<UsageRollupService> logger)
{
    /// <summary>PostgreSQL advisory lock key of the rollup ("ROLLUP" in ASCII).</summary>
    private const long RollupLock = 0x524F_4C4C_5550;

    private const IneligibilityReasons WithheldByEmployee = IneligibilityReasons.WithheldByRecord | IneligibilityReasons.WithheldByRule;

    public async Task<UsageRollupResult> RefreshAsync(CancellationToken ct = default)
    {
        if (!await MarkArrivalsAsync(ct))
            return new UsageRollupResult(0, 0, Skipped: true);

        List<UsageCellRefresh> stale;
        await using (var db = await contexts.CreateDbContextAsync(ct))
            stale = await db.UsageCellRefreshes.AsNoTracking().OrderBy(m => m.MarkedAt).Take(options.WeeksPerRun).ToListAsync(ct);
        var refreshed = 0;
        foreach (var mark in stale)
        {
            if (!await RefreshWeekAsync(mark, ct))
                return new UsageRollupResult(refreshed, stale.Count - refreshed, Skipped: true);
            refreshed++;
        }
        int left;
        await using (var db = await contexts.CreateDbContextAsync(ct))
            left = await db.UsageCellRefreshes.CountAsync(ct);
        if (refreshed > 0)
            logger.LogInformation("Usage rollup refreshed {Weeks} org unit weeks; {Left} still stale.", refreshed, left);
        return new UsageRollupResult(refreshed, left, Skipped: false);
    }

    /// <summary>Marks the org unit weeks of records received since the last run. False when another instance holds the lock.</summary>
    private async Task<bool> MarkArrivalsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var upTo = now.AddSeconds(-options.SettleSeconds);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await StoreLocks.TryTakeAsync(db, RollupLock, ct))
            return false;
        var state = await db.UsageRollupState.SingleOrDefaultAsync(s => s.Id == 1, ct);
        if (state is null)
            db.UsageRollupState.Add(state = new UsageRollupState { Id = 1, ReceivedUpTo = DateTime.MinValue });
        if (upTo > state.ReceivedUpTo
            && (state.ReceivedUpTo == DateTime.MinValue || upTo - state.ReceivedUpTo >= TimeSpan.FromSeconds(options.ArrivalBatchSeconds)))
        {
            var from = state.ReceivedUpTo;
            var arrivals = await db.CaptureRecords
                .Where(r => r.ReceivedAt > from && r.ReceivedAt <= upTo)
                .Join(db.Employees, r => r.EmployeeId, e => e.Id, (r, e) => new { e.OrgUnitId, r.CapturedAt })
                .GroupBy(x => x.OrgUnitId)
                .Select(g => new { OrgUnitId = g.Key, First = g.Min(x => x.CapturedAt), Last = g.Max(x => x.CapturedAt) })
                .ToListAsync(ct);
            foreach (var unit in arrivals)
                await UsageWeeks.MarkAsync(db, unit.OrgUnitId, UsageWeeks.Between(unit.First, unit.Last), now, ct);
            if (await db.PastMemberships.AnyAsync(ct))
            {
                // A record captured before its employee's move counts in the unit they left. The query above marked their
                // current unit for it as well, which only recomputes a week that stays the same.
                var beforeMoves = await db.CaptureRecords
                    .Where(r => r.ReceivedAt > from && r.ReceivedAt <= upTo)
                    .Join(db.PastMemberships, r => r.EmployeeId, m => m.EmployeeId, (r, m) => new { m.OrgUnitId, m.Until, r.CapturedAt })
                    .Where(x => x.CapturedAt < x.Until)
                    .GroupBy(x => x.OrgUnitId)
                    .Select(g => new { OrgUnitId = g.Key, First = g.Min(x => x.CapturedAt), Last = g.Max(x => x.CapturedAt) })
                    .ToListAsync(ct);
                foreach (var unit in beforeMoves)
                    await UsageWeeks.MarkAsync(db, unit.OrgUnitId, UsageWeeks.Between(unit.First, unit.Last), now, ct);
            }
            state.ReceivedUpTo = upTo;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Recomputes one org unit week's cells from its records. False when another instance holds the lock.</summary>
    private async Task<bool> RefreshWeekAsync(UsageCellRefresh mark, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var eligibility = await TrainingEligibility.ForAsync(db, now, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await StoreLocks.TryTakeAsync(db, RollupLock, ct))
            return false;

        var (unit, week, next) = (mark.OrgUnitId, mark.WeekStart, mark.WeekStart.AddDays(7));
        var (steady, spans) = await MembersAsync(db, unit, week, next, ct);
        var perEmployee = new List<EmployeeWeek>();
        var flags = new List<Flag>();
        var downloads = new List<string>();
        // The members as a list, so the store reads each one's week through the (employee_id, captured_at) index.
        if (steady.Count > 0)
        {
            perEmployee.AddRange(await CountAsync(db.CaptureRecords.Where(r => steady.Contains(r.EmployeeId) && r.CapturedAt >= week && r.CapturedAt < next)));
            flags.AddRange(await db.Flags.AsNoTracking().Where(f => steady.Contains(f.EmployeeId) && f.RaisedAt >= week && f.RaisedAt < next).ToListAsync(ct));
            downloads.AddRange(await db.OwnDownloads.Where(d => steady.Contains(d.EmployeeId) && d.At >= week && d.At < next).Select(d => d.EmployeeId).ToListAsync(ct));
        }
        foreach (var span in spans)
        {
            perEmployee.AddRange(await CountAsync(db.CaptureRecords.Where(r => r.EmployeeId == span.EmployeeId && r.CapturedAt >= span.From && r.CapturedAt < span.To)));
            flags.AddRange(await db.Flags.AsNoTracking().Where(f => f.EmployeeId == span.EmployeeId && f.RaisedAt >= span.From && f.RaisedAt < span.To).ToListAsync(ct));
            downloads.AddRange(await db.OwnDownloads.Where(d => d.EmployeeId == span.EmployeeId && d.At >= span.From && d.At < span.To).Select(d => d.EmployeeId).ToListAsync(ct));
        }
        var covered = perEmployee.Select(x => x.EmployeeId).Distinct().ToList();
        var optedOut = (await db.StandingRules
                .Where(r => covered.Contains(r.EmployeeId) && r.RemovedAt == null
                            && r.Kind == null && r.Application == null && r.Site == null && r.CapturedFrom == null && r.CapturedBefore == null)
                .Select(r => r.EmployeeId).ToListAsync(ct))
            .ToHashSet();
        var movers = spans.Select(s => s.EmployeeId).Distinct().Count();

        var figures = new UnitWeekFigures();
        foreach (var row in perEmployee)
            figures.Add(row, optedOut.Contains(row.EmployeeId));
        figures.AddPeople(covered, optedOut, flags, downloads);
        var cells = figures.Cells(unit, week, movers, now);

        await db.UsageCells.Where(c => c.OrgUnitId == unit && c.WeekStart == week).ExecuteDeleteAsync(ct);
        db.UsageCells.AddRange(cells);
        await db.SaveChangesAsync(ct);
        // A mark set again while this ran stays, so that change is picked up next time.
        await db.UsageCellRefreshes
            .Where(m => m.OrgUnitId == unit && m.WeekStart == week && m.Version == mark.Version)
            .ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return true;

        // Per employee first, so distinct people can be counted per figure. Each record feeding training that is not
        // eligible is counted under the first reason that applies: the employee's decision, a standing rule, a sensitive
        // context, an open flag (the rest, such as retention, fall to "otherwise"). The store groups by the reasons
        // themselves and the figures are summed here: counting each figure in SQL worked out every record's reasons,
        // standing-rule lookup included, once per figure, and a recount took 3.3 times as long (docs/benchmarks.md).
        async Task<List<EmployeeWeek>> CountAsync(IQueryable<CaptureRecord> records)
        {
            var groups = await records
                .Select(eligibility.Project((r, reasons) => new { r.EmployeeId, r.Kind, r.Purposes, Reasons = reasons }))
                .GroupBy(x => new { x.EmployeeId, x.Kind, x.Purposes, x.Reasons })
                .Select(g => new { g.Key.EmployeeId, g.Key.Kind, g.Key.Purposes, g.Key.Reasons, Count = g.Count() })
                .ToListAsync(ct);
            return groups
                .GroupBy(x => (x.EmployeeId, x.Kind, x.Purposes))
                .Select(g =>
                {
                    int Counting(Func<IneligibilityReasons, bool> test) => g.Where(x => test(x.Reasons)).Sum(x => x.Count);
                    return new EmployeeWeek
                    {
                        EmployeeId = g.Key.EmployeeId, Kind = g.Key.Kind, Purposes = g.Key.Purposes,
                        Records = g.Sum(x => x.Count),
                        Eligible = Counting(r => r == IneligibilityReasons.None),
                        ByDecision = Counting(r => (r & IneligibilityReasons.WithheldByRecord) != 0),
                        ByRule = Counting(r => (r & WithheldByEmployee) == IneligibilityReasons.WithheldByRule),
                        BySensitiveContext = Counting(r => (r & (WithheldByEmployee | IneligibilityReasons.SensitiveContext)) == IneligibilityReasons.SensitiveContext),
                        Quarantined = Counting(r => (r & (WithheldByEmployee | IneligibilityReasons.SensitiveContext | IneligibilityReasons.Quarantined))
                                                 == IneligibilityReasons.Quarantined),
                        // The reasons carry deletion and purge as they are: a deleted record, and a purged one not deleted.
                        Deleted = Counting(r => (r & IneligibilityReasons.Deleted) != 0),
                        Purged = Counting(r => (r & (IneligibilityReasons.Deleted | IneligibilityReasons.Purged)) == IneligibilityReasons.Purged),
                    };
                })
                .ToList();
        }
    }

    /// <summary>
    /// Whose records of the week count in the unit: the members who have not moved since the week began count whole
    /// (<c>Steady</c>); anyone who moved into or out of the unit since counts for the stretch of the week they belonged
    /// to it (<see cref="PastMembership"/>), so reports follow a move from the move on and keep what came before it.
    /// </summary>
    private static async Task<(List<string> Steady, List<(string EmployeeId, DateTime From, DateTime To)> Spans)> MembersAsync(
        TransparencyDbContext db, string unit, DateTime week, DateTime next, CancellationToken ct)
    {
        var members = await db.Employees.Where(e => e.OrgUnitId == unit).Select(e => e.Id).ToListAsync(ct);
        // Moves are rare: those ending a membership after the week began, of this unit's members and of those who left it.
        var moved = await db.PastMemberships
            .Where(m => m.Until > week && (m.OrgUnitId == unit || members.Contains(m.EmployeeId)))
            .Select(m => m.EmployeeId).Distinct().ToListAsync(ct);
        if (moved.Count == 0)
            return (members, []);
        var memberships = await db.PastMemberships.AsNoTracking()
            .Where(m => moved.Contains(m.EmployeeId) && m.Until > week)
            .ToListAsync(ct);

        var spans = new List<(string EmployeeId, DateTime From, DateTime To)>();
        foreach (var employee in memberships.GroupBy(m => m.EmployeeId))
        {
            // Each past membership runs from the end of the one before it; the first loaded one began before the week.
            var from = week;
            foreach (var membership in employee.OrderBy(m => m.Until))
            {
                var until = membership.Until < next ? membership.Until : next;
                if (membership.OrgUnitId == unit && from < until)
                    spans.Add((employee.Key, from, until));
                from = membership.Until;
            }
            if (members.Contains(employee.Key) && from < next)
                spans.Add((employee.Key, from, next));
        }
        return (members.Except(moved).ToList(), spans);
    }

    /// <summary>One employee's records of a week with one kind and purpose set.</summary>
    private sealed class EmployeeWeek
    {
        public required string EmployeeId { get; init; }
        public CaptureKind Kind { get; init; }
        public Purposes Purposes { get; init; }
        public int Records { get; init; }
        public int Eligible { get; init; }
        public int ByDecision { get; init; }
        public int ByRule { get; init; }
        public int BySensitiveContext { get; init; }
        public int Quarantined { get; init; }
        public int Deleted { get; init; }
        public int Purged { get; init; }
    }

    /// <summary>One org unit week's figures as they are gathered: a value and the people behind it, per kind and for all kinds.</summary>
    private sealed class UnitWeekFigures
    {
        private readonly Dictionary<CaptureKind, (int[] Values, HashSet<string>[] People)> slices = [];

        public void Add(EmployeeWeek row, bool optedOut)
        {
            foreach (var kind in new[] { UsageCell.AllKinds, row.Kind })
            {
                Add(kind, UsageMeasure.Records, row.Records, row.EmployeeId);
                foreach (var (purpose, feeds, notFor) in PurposeMeasures)
                    Add(kind, row.Purposes.HasFlag(purpose) ? feeds : notFor, row.Records, row.EmployeeId);
                if (row.Purposes.HasFlag(Purposes.ModelTraining))
                {
                    Add(kind, UsageMeasure.TrainingEligible, row.Eligible, row.EmployeeId);
                    Add(kind, UsageMeasure.WithheldByDecision, row.ByDecision, row.EmployeeId);
                    // An employee who opted out has a rule matching everything: their other rules withhold nothing more.
                    Add(kind, optedOut ? UsageMeasure.WithheldByOptOut : UsageMeasure.WithheldByRule, row.ByRule, row.EmployeeId);
                    Add(kind, UsageMeasure.WithheldBySensitiveContext, row.BySensitiveContext, row.EmployeeId);
                    Add(kind, UsageMeasure.Quarantined, row.Quarantined, row.EmployeeId);
                    Add(kind, UsageMeasure.OtherwiseIneligible,
                        row.Records - row.Eligible - row.ByDecision - row.ByRule - row.BySensitiveContext - row.Quarantined, row.EmployeeId);
                }
                Add(kind, UsageMeasure.Deleted, row.Deleted, row.EmployeeId);
                Add(kind, UsageMeasure.ErasedByRetention, row.Purged, row.EmployeeId);
                Add(kind, UsageMeasure.Live, row.Records - row.Deleted - row.Purged, row.EmployeeId);
            }
        }

        /// <summary>The people figures and the flags, for all kinds together.</summary>
        public void AddPeople(IReadOnlyCollection<string> covered, IReadOnlySet<string> optedOut, IEnumerable<Flag> flags, IEnumerable<string> downloads)
        {
            var all = Slice(UsageCell.AllKinds);
            foreach (var employee in covered)
                Add(UsageCell.AllKinds, UsageMeasure.EmployeesCovered, 1, employee);
            foreach (var employee in all.People[(int)UsageMeasure.WithheldByDecision].Union(all.People[(int)UsageMeasure.WithheldByRule]).ToList())
                Add(UsageCell.AllKinds, UsageMeasure.EmployeesWithholding, 1, employee);
            foreach (var employee in covered.Where(optedOut.Contains))
                Add(UsageCell.AllKinds, UsageMeasure.EmployeesOptedOut, 1, employee);
            foreach (var employee in all.People[(int)UsageMeasure.Deleted].ToList())
                Add(UsageCell.AllKinds, UsageMeasure.EmployeesDeleting, 1, employee);
            foreach (var flag in flags)
            {
                Add(UsageCell.AllKinds, UsageMeasure.FlagsRaised, 1, flag.EmployeeId);
                Add(UsageCell.AllKinds, flag.ReviewState switch
                {
                    FlagReviewState.Upheld => UsageMeasure.FlagsUpheld,
                    FlagReviewState.Dismissed => UsageMeasure.FlagsDismissed,
                    _ => UsageMeasure.FlagsOpen,
                }, 1, flag.EmployeeId);
            }
            foreach (var employee in all.People[(int)UsageMeasure.FlagsRaised].ToList())
                Add(UsageCell.AllKinds, UsageMeasure.EmployeesFlagging, 1, employee);
            foreach (var employee in downloads.Distinct())
                Add(UsageCell.AllKinds, UsageMeasure.EmployeesDownloading, 1, employee);
        }

        public List<UsageCell> Cells(string unit, DateTime week, int movers, DateTime now) => slices
            .Where(s => s.Value.Values.Any(v => v != 0))
            .Select(s => new UsageCell
            {
                OrgUnitId = unit, WeekStart = week, Kind = s.Key, Movers = movers, RefreshedAt = now,
                Values = s.Value.Values,
                People = s.Value.People.Select(p => p.Count).ToArray(),
            })
            .ToList();

        private void Add(CaptureKind kind, UsageMeasure measure, int count, string employee)
        {
            if (count == 0)
                return;
            var (values, people) = Slice(kind);
            values[(int)measure] += count;
            people[(int)measure].Add(employee);
        }

        private (int[] Values, HashSet<string>[] People) Slice(CaptureKind kind)
        {
            if (!slices.TryGetValue(kind, out var slice))
                slices[kind] = slice = (new int[UsageMeasures.Count], Enumerable.Range(0, UsageMeasures.Count).Select(_ => new HashSet<string>()).ToArray());
            return slice;
        }

        private static readonly (Purposes, UsageMeasure, UsageMeasure)[] PurposeMeasures =
        [
            (Purposes.OperationalTelemetry, UsageMeasure.FeedsOperations, UsageMeasure.NotForOperations),
            (Purposes.Product, UsageMeasure.FeedsProduct, UsageMeasure.NotForProduct),
            (Purposes.ModelTraining, UsageMeasure.FeedsTraining, UsageMeasure.NotForTraining),
        ];
    }
}
