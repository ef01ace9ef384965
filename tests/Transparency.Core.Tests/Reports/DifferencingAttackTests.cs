using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.AccessLog;
using Transparency.Core.Demo;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Reports;
using Transparency.Core.Rollups;
using Transparency.Core.Tests.Demo;
using Transparency.Testing;

namespace Transparency.Core.Tests.Reports;

/// <summary>
/// Plays a works council member who wants to single someone out of the demo organisation. They ask every question the
/// report answers (every org unit, every run of whole weeks and every month of the data, all kinds and each kind) and
/// subtract: a period from a longer one, a team from its department, a department's shown teams from it, a kind from
/// all kinds, the shown parts of a sum from its total. Whatever they get must be nothing, or about at least k people
/// (counted from the records, not from the report), and must not say that none or all of a smaller group than 2k used a
/// right. The same figure must also read the same in every answer that holds it.
/// </summary>
public sealed class DifferencingAttackTests
{
    private const int K = MinimumGroupSize.Floor;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_pair_of_answers_gives_away_a_figure_about_fewer_than_k_people()
    {
        var now = TestData.Now;
        await using var store = await DemoStores.GenerateAsync(StoreProvider.Sqlite, new DemoDataOptions { Records = 20_000, Now = now, RandomSeed = 4242 });
        var clock = new FakeTimeProvider(new DateTimeOffset(now.AddMinutes(5)));
        await UsageRollups.BringUpToDateAsync(store, clock, Ct);
        var reference = await ReferenceUsage.CountAsync(store, clock.GetUtcNow().UtcDateTime, Ct);
        var reports = new UsageReportService(store.Contexts, new MinimumGroupSize(), clock);
        var units = await reports.HierarchyAsync(Ct);
        var attack = new Attack(units, reference);

        var lastWeek = UsageWeeks.StartOf(now);
        var weeks = Enumerable.Range(0, 6).Select(i => lastWeek.AddDays(-7 * (5 - i))).ToList();
        var periods = new List<ReportPeriod>();
        for (var first = 0; first < weeks.Count; first++)
            for (var last = first; last < weeks.Count; last++)
                periods.Add(ReportPeriod.Weeks(weeks[first], weeks[last]));
        periods.Add(ReportPeriod.Months(2026, 10, 2026, 10));
        periods.Add(ReportPeriod.Months(2026, 11, 2026, 11));
        periods.Add(ReportPeriod.Months(2026, 10, 2026, 11));
        var viewer = new ReportViewer("attacker", ActorRole.WorksCouncil, ReportFormat.Page);
        var answers = 0;
        foreach (var unit in units)
            foreach (var period in periods)
                foreach (var kind in new CaptureKind?[] { null }.Concat(Enum.GetValues<CaptureKind>().Cast<CaptureKind?>()))
                {
                    var report = (await reports.ReportAsync(new UsageQuery(unit.ParentId is null ? null : unit.Id, period, kind), viewer, Ct))!;
                    var all = period.WeekStarts();
                    attack.Learn(report.Unit.Id, all, kind, report.Total);
                    foreach (var sub in report.SubUnits)
                        attack.Learn(sub.Unit.Id, all, kind, sub.Figures);
                    foreach (var k in report.Kinds)
                        attack.Learn(report.Unit.Id, all, k.Kind, k.Figures);
                    foreach (var step in report.Trend)
                        attack.Learn(report.Unit.Id, step.Bucket.WeekStarts.ToList(), kind, step.Figures);
                    answers++;
                }

        var findings = attack.Subtract();

        Assert.True(findings.Count == 0,
            $"{findings.Count} figures about fewer than {K} people recovered from {answers} answers, for example:\n" + string.Join("\n", findings.Take(15)));
        // The demo has small teams, so some figures are hidden and the attack had something to find.
        Assert.True(attack.Hidden > 0, $"{attack.Shown} figures shown, {attack.Hidden} hidden");
        Assert.True(attack.Tried > 10_000, $"only {attack.Tried} subtractions tried");
        // And the council's question is still answered over the whole period: for the organisation, how much is captured, how
        // much feeds model training, how much of that is eligible, and how many withhold; for each department of at least 2k
        // people, how much is captured and how much feeds model training. (In the demo's departments fewer than k people a
        // week have records withheld, so what is eligible there would tell how much those few withheld, and stays hidden.)
        var whole = ReportPeriod.Weeks(weeks[0], weeks[^1]);
        UsageMeasure[] question = [UsageMeasure.Records, UsageMeasure.FeedsTraining, UsageMeasure.TrainingEligible, UsageMeasure.EmployeesCovered, UsageMeasure.EmployeesWithholding];
        var unanswered = new List<string>();
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            var people = await db.Employees.GroupBy(e => e.OrgUnitId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, Ct);
            foreach (var unit in units.Where(u => u.ParentId is null || (u.ParentId == units.Single(r => r.ParentId is null).Id)))
            {
                var size = units.Where(c => c.Id == unit.Id || c.ParentId == unit.Id).Sum(c => people.GetValueOrDefault(c.Id));
                if (unit.ParentId is not null && size < 2 * K)
                    continue;
                var report = (await reports.ReportAsync(new UsageQuery(unit.ParentId is null ? null : unit.Id, whole, null), viewer, Ct))!;
                var asked = unit.ParentId is null ? question : question[..2];
                unanswered.AddRange(asked.Where(m => !report.Total[m].Shown).Select(m => $"{unit.Name}: {m} {report.Total[m].Suppression}"));
            }
        }
        Assert.True(unanswered.Count == 0, "Unanswered: " + string.Join("; ", unanswered));
    }

    /// <summary>What the attacker has learnt, and the records' truth to judge what they can work out from it.</summary>
    private sealed class Attack(IReadOnlyList<OrgUnit> units, ReferenceUsage reference)
    {
        private readonly Dictionary<(string Unit, string Weeks, CaptureKind? Kind, UsageMeasure Measure), (PlannedCell Cell, List<DateTime> Weeks)> _figures = [];
        private readonly List<string> _findings = [];
        private readonly ILookup<string, string> _children = units.Where(u => u.ParentId is not null).ToLookup(u => u.ParentId!, u => u.Id);

        public int Shown => _figures.Values.Count(f => f.Cell.Shown);
        public int Hidden => _figures.Values.Count(f => !f.Cell.Shown);
        public int Tried { get; private set; }

        public void Learn(string unit, IReadOnlyList<DateTime> weeks, CaptureKind? kind, FigureRow row)
        {
            var key = string.Join(",", weeks.Select(w => w.ToString("yyyyMMdd")));
            foreach (var m in UsageMeasures.All.Where(row.Has))
            {
                var cell = row[m];
                if (_figures.TryGetValue((unit, key, kind, m), out var known))
                {
                    if (known.Cell != cell)
                        _findings.Add($"{unit} {key} {kind} {m} reads {known.Cell} in one answer and {cell} in another");
                    continue;
                }
                _figures[(unit, key, kind, m)] = (cell, weeks.ToList());
            }
        }

        public List<string> Subtract()
        {
            var shown = _figures.Where(f => f.Value.Cell.Shown).ToList();
            var byUnitKindMeasure = shown.ToLookup(f => (f.Key.Unit, f.Key.Kind, f.Key.Measure));
            foreach (var (key, (cell, weeks)) in shown)
            {
                // A shorter period of the same unit, and the same or a shorter period of any unit below it.
                foreach (var inner in Subtree(key.Unit))
                    foreach (var (otherKey, (otherCell, otherWeeks)) in byUnitKindMeasure[(inner, key.Kind, key.Measure)])
                        if (otherKey != key && otherWeeks.All(weeks.Contains))
                            Check($"{key} minus {otherKey}", key.Kind, key.Measure, cell.Value - otherCell.Value, cell.Value,
                                Cells(key.Unit, weeks).Except(Cells(inner, otherWeeks)));

                // The unit minus every sub-unit shown beside it.
                var shownChildren = _children[key.Unit].Where(c => _figures.TryGetValue((c, key.Weeks, key.Kind, key.Measure), out var f) && f.Cell.Shown).ToList();
                if (_children[key.Unit].Any())
                    Check($"{key} minus its shown sub-units", key.Kind, key.Measure,
                        cell.Value - shownChildren.Sum(c => _figures[(c, key.Weeks, key.Kind, key.Measure)].Cell.Value), cell.Value,
                        Cells(key.Unit, weeks).Except(shownChildren.SelectMany(c => Cells(c, weeks))));

                // All kinds minus each kind and minus every kind shown.
                if (key.Kind is null && !UsageMeasures.ForAllKindsOnly(key.Measure))
                {
                    var kinds = Enum.GetValues<CaptureKind>()
                        .Where(k => _figures.TryGetValue((key.Unit, key.Weeks, k, key.Measure), out var f) && f.Cell.Shown).ToList();
                    foreach (var k in kinds)
                        Check($"{key} minus {k}", null, key.Measure, cell.Value - _figures[(key.Unit, key.Weeks, k, key.Measure)].Cell.Value, cell.Value,
                            Cells(key.Unit, weeks), except: [k]);
                    Check($"{key} minus every kind shown", null, key.Measure,
                        cell.Value - kinds.Sum(k => _figures[(key.Unit, key.Weeks, k, key.Measure)].Cell.Value), cell.Value, Cells(key.Unit, weeks), except: kinds);
                }
            }

            // A total minus the parts of it that are shown.
            foreach (var ((unit, weeksKey, kind, measure), (cell, weeks)) in shown)
                foreach (var (total, parts) in UsageMeasures.Sums.Where(s => s.Total == measure))
                {
                    var hidden = parts.Where(p => !_figures.TryGetValue((unit, weeksKey, kind, p), out var f) || !f.Cell.Shown).ToList();
                    var value = cell.Value - parts.Except(hidden).Sum(p => _figures[(unit, weeksKey, kind, p)].Cell.Value);
                    Tried++;
                    var people = Union(Cells(unit, weeks), kind, hidden);
                    if (value != 0 && people.Count is > 0 and < K)
                        _findings.Add($"{unit} {weeksKey} {kind}: {total} minus its shown parts is {value}, from {people.Count} people ({string.Join(", ", hidden)})");
                }
            return _findings;
        }

        private void Check(string what, CaptureKind? kind, UsageMeasure measure, long difference, long whole, IEnumerable<(string Unit, DateTime Week)> region,
            IReadOnlyCollection<CaptureKind>? except = null)
        {
            Tried++;
            var cells = region.ToList();
            var people = except is null ? Union(cells, kind, [measure]) : UnionOfKinds(cells, except, measure);
            if (difference != 0 && people.Count is > 0 and < K)
            {
                _findings.Add($"{what} = {difference}, from {people.Count} people");
                return;
            }
            // None, or all, of a group smaller than 2k using a right.
            if (UsageMeasures.RightOf(measure) == measure && except is null)
            {
                var group = cells.Sum(c => reference.Find(c.Unit, c.Week, UsageCell.AllKinds)?.Values[(int)UsageMeasure.EmployeesCovered] ?? 0);
                if (group is > 0 and < 2 * K && ((difference == 0 && whole > 0) || difference >= group))
                    _findings.Add($"{what} = {difference} of a group of {group}");
            }
        }

        private HashSet<string> Union(IEnumerable<(string Unit, DateTime Week)> cells, CaptureKind? kind, IEnumerable<UsageMeasure> measures)
        {
            var people = new HashSet<string>();
            foreach (var (unit, week) in cells)
                if (reference.Find(unit, week, kind ?? UsageCell.AllKinds) is { } cell)
                    foreach (var m in measures)
                        people.UnionWith(cell.People[(int)m]);
            return people;
        }

        private HashSet<string> UnionOfKinds(IEnumerable<(string Unit, DateTime Week)> cells, IReadOnlyCollection<CaptureKind> except, UsageMeasure measure)
        {
            var people = new HashSet<string>();
            var list = cells.ToList();
            foreach (var kind in Enum.GetValues<CaptureKind>().Except(except))
                people.UnionWith(Union(list, kind, [measure]));
            return people;
        }

        /// <summary>The own-members cells a unit's figure over some weeks sums.</summary>
        private IEnumerable<(string Unit, DateTime Week)> Cells(string unit, IEnumerable<DateTime> weeks)
        {
            var list = weeks.ToList();
            return Subtree(unit).SelectMany(u => list.Select(w => (u, w)));
        }

        private IEnumerable<string> Subtree(string unit) => [unit, .. _children[unit].SelectMany(Subtree)];
    }
}
