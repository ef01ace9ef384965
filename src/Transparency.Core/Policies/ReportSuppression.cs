using Transparency.Core.EventStore;

namespace Transparency.Core.Policies;

/// <summary>Why a figure of a usage report is not shown.</summary>
public enum Suppression
{
    None = 0,

    /// <summary>Fewer than k people are behind it.</summary>
    FewerThanK = 1,

    /// <summary>It would show that none or all of a group smaller than 2k used a right.</summary>
    ShareOfSmallGroup = 2,

    /// <summary>
    /// Shown, it would let a suppressed figure be worked out by subtraction: from a total, from a parent org unit,
    /// from all kinds together, or from the units beneath it.
    /// </summary>
    Complementary = 3,
}

/// <summary>A figure of one org unit (with everything below it), one week and one kind slice, and whether it may be shown.</summary>
public readonly record struct PlannedCell(long Value, int PeopleAtLeast, Suppression Suppression)
{
    public bool Shown => Suppression == Suppression.None;
}

/// <summary>
/// One org unit's own figures for one week: its direct members' records (not its sub-units'), of one capture kind or,
/// with <see cref="Kind"/> null, of all kinds together.
/// </summary>
public sealed class OwnFigures
{
    public required string OrgUnitId { get; init; }
    public CaptureKind? Kind { get; init; }

    /// <summary>Each <see cref="UsageMeasure"/>'s value, by its number.</summary>
    public required int[] Values { get; init; }

    /// <summary>How many distinct people are behind each value (for a people measure, the value itself).</summary>
    public required int[] People { get; init; }

    /// <summary>
    /// People counted here who also count in another org unit the same week (they moved during it). A total over
    /// several units may count them twice, so lower bounds leave them out.
    /// </summary>
    public int Movers { get; init; }
}

/// <summary>
/// The works council's minimum-group-size rules (DESIGN rule 5) applied to one week of usage figures for the whole
/// organisation at once, so that every answer about that week suppresses the same cells whatever was asked:
/// <list type="bullet">
/// <item>a figure from fewer than k people is suppressed, and so is a share of none or all of a group smaller than 2k
/// using a right (with the record figures that would show the same);</item>
/// <item>where a total is shown and what its hidden parts add up to could be worked out by subtraction (the total
/// minus its shown parts), those hidden parts together must come from at least k people; otherwise the smallest
/// shown part is suppressed as well. The totals are a unit over its sub-units and its own members, all kinds over
/// each kind, and the sums of <see cref="UsageMeasures.Sums"/>;</item>
/// <item>a suppressed figure's sub-units and kinds are suppressed with it, so it cannot be rebuilt from below.</item>
/// </list>
/// Periods longer than a week are sums of weeks and are shown only where each of their weeks is
/// (<see cref="Combine"/>): any two answers then differ by whole weeks that are themselves shown.
/// </summary>
public static class ReportSuppression
{
    /// <summary>Kind slices: 0 is all kinds together, then each capture kind in order.</summary>
    public static readonly IReadOnlyList<CaptureKind?> Slices = [null, .. Enum.GetValues<CaptureKind>().Cast<CaptureKind?>()];

    /// <remarks>
    /// The plan depends on the week's figures and the hierarchy only: every instance of the app, before and after a
    /// restart, hides the same figures of a week as long as its records stay as they are. (Were a choice to rest on
    /// anything else, say today's headcounts, two answers about the same week given at different times could hide
    /// different sub-units, and together show both.)
    /// </remarks>
    public static WeekPlan Plan(IReadOnlyList<OrgUnit> units, IEnumerable<OwnFigures> figures, MinimumGroupSize minimum) =>
        new Planner(units, figures, minimum.K).Run();

    /// <summary>
    /// A figure over several weeks: their sum, shown only if every week's figure is. A week left out of an answer
    /// would otherwise be recoverable by subtracting two answers whose periods differ by it.
    /// </summary>
    public static PlannedCell Combine(IEnumerable<PlannedCell> weeks)
    {
        long value = 0;
        var people = 0;
        var suppression = Suppression.None;
        foreach (var week in weeks)
        {
            value += week.Value;
            people = Math.Max(people, week.PeopleAtLeast);
            if (suppression == Suppression.None)
                suppression = week.Suppression;
        }
        return new PlannedCell(value, people, suppression);
    }

    private sealed class Planner
    {
        private readonly int k;
        private readonly string[] ids;
        private readonly List<int>[] children;
        private readonly List<int>[] subtree;
        private readonly int[] preorder;
        private readonly long[,,] ownValue;
        private readonly int[,,] ownPeople;
        private readonly int[,] movers;
        private readonly long[,,] value;
        private readonly int[,,] people;
        private readonly Suppression[,,] state;
        private static readonly int S = Slices.Count;
        private static readonly int M = UsageMeasures.Count;
        private const int Covered = (int)UsageMeasure.EmployeesCovered;

        public Planner(IReadOnlyList<OrgUnit> units, IEnumerable<OwnFigures> figures, int k)
        {
            this.k = k;
            ids = units.Select(u => u.Id).ToArray();
            var index = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
            children = ids.Select(_ => new List<int>()).ToArray();
            var roots = new List<int>();
            for (var i = 0; i < units.Count; i++)
            {
                if (units[i].ParentId is { } parent && index.TryGetValue(parent, out var p))
                    children[p].Add(i);
                else
                    roots.Add(i);
            }
            foreach (var list in children)
                list.Sort((a, b) => string.CompareOrdinal(ids[a], ids[b]));

            var order = new List<int>();
            var stack = new Stack<int>(roots.OrderByDescending(r => ids[r], StringComparer.Ordinal));
            while (stack.Count > 0)
            {
                var u = stack.Pop();
                order.Add(u);
                for (var c = children[u].Count - 1; c >= 0; c--)
                    stack.Push(children[u][c]);
            }
            preorder = order.ToArray();
            subtree = ids.Select(_ => new List<int>()).ToArray();
            for (var i = preorder.Length - 1; i >= 0; i--)
            {
                var u = preorder[i];
                subtree[u].Add(u);
                foreach (var c in children[u])
                    subtree[u].AddRange(subtree[c]);
            }

            var n = ids.Length;
            ownValue = new long[n, S, M];
            ownPeople = new int[n, S, M];
            movers = new int[n, S];
            foreach (var f in figures)
            {
                if (!index.TryGetValue(f.OrgUnitId, out var u))
                    throw new ArgumentException($"Figures name org unit {f.OrgUnitId}, which is not in the hierarchy.", nameof(figures));
                if (f.Values.Length != M || f.People.Length != M)
                    throw new ArgumentException($"Figures of {f.OrgUnitId} hold {f.Values.Length} values for {M} measures.", nameof(figures));
                var s = SliceOf(f.Kind);
                movers[u, s] += f.Movers;
                for (var m = 0; m < M; m++)
                {
                    if (s != 0 && UsageMeasures.ForAllKindsOnly((UsageMeasure)m))
                        continue;
                    ownValue[u, s, m] += f.Values[m];
                    ownPeople[u, s, m] += UsageMeasures.IsPeople((UsageMeasure)m) ? f.Values[m] : f.People[m];
                }
            }

            value = new long[n, S, M];
            people = new int[n, S, M];
            state = new Suppression[n, S, M];
            for (var u = 0; u < n; u++)
                for (var s = 0; s < S; s++)
                    for (var m = 0; m < M; m++)
                    {
                        foreach (var r in subtree[u])
                            value[u, s, m] += ownValue[r, s, m];
                        people[u, s, m] = LowerBound(subtree[u], s, m);
                    }
        }

        private static int SliceOf(CaptureKind? kind) => kind is null ? 0 : (int)kind.Value;

        /// <summary>
        /// At least how many distinct people are behind the figures of these org units' own members: each unit's people,
        /// leaving out those who moved (who may be counted in two of them), and never fewer than the largest unit's.
        /// </summary>
        private int LowerBound(IEnumerable<int> units, int s, int m)
        {
            long settled = 0;
            var largest = 0;
            foreach (var r in units)
            {
                settled += Math.Max(0, ownPeople[r, s, m] - movers[r, s]);
                largest = Math.Max(largest, ownPeople[r, s, m]);
            }
            return (int)Math.Max(settled, largest);
        }

        private bool Applies(int s, int m) => !UsageMeasures.IsNeverShown((UsageMeasure)m) && (s == 0 || !UsageMeasures.ForAllKindsOnly((UsageMeasure)m));

        private bool Hidden(int u, int s, int m) => UsageMeasures.IsNeverShown((UsageMeasure)m) || state[u, s, m] != Suppression.None;

        private bool Suppress(int u, int s, int m, Suppression why)
        {
            if (state[u, s, m] != Suppression.None || !Applies(s, m))
                return false;
            state[u, s, m] = why;
            return true;
        }

        public WeekPlan Run()
        {
            for (var u = 0; u < ids.Length; u++)
            {
                // A unit whose people that week are fewer than k shows nothing at all, not even what it has none of.
                var smallUnit = value[u, 0, Covered] > 0 && people[u, 0, Covered] < k;
                for (var s = 0; s < S; s++)
                    for (var m = 0; m < M; m++)
                        if (Applies(s, m) && (smallUnit || (value[u, s, m] > 0 && people[u, s, m] < k)))
                            state[u, s, m] = Suppression.FewerThanK;
            }
            SuppressSmallGroupShares();

            bool changed;
            do
            {
                changed = InheritDownwards();
                foreach (var u in preorder)
                {
                    for (var s = 0; s < S; s++)
                        foreach (var (total, parts) in UsageMeasures.Sums)
                            changed |= SettleSum(u, s, (int)total, parts.Select(p => (int)p).ToArray());
                    for (var m = 0; m < M; m++)
                        if (Applies(1, m))
                            changed |= SettleKinds(u, m);
                    for (var s = 0; s < S; s++)
                        for (var m = 0; m < M; m++)
                            if (Applies(s, m))
                                changed |= SettleHierarchy(u, s, m);
                }
            }
            while (changed);

            var cells = new Dictionary<(string, CaptureKind?, UsageMeasure), PlannedCell>();
            for (var u = 0; u < ids.Length; u++)
                for (var s = 0; s < S; s++)
                    for (var m = 0; m < M; m++)
                        if (Applies(s, m))
                            cells[(ids[u], Slices[s], (UsageMeasure)m)] = new PlannedCell(value[u, s, m], people[u, s, m], state[u, s, m]);
            return new WeekPlan(cells);
        }

        /// <summary>A right used by none or by all of a group smaller than 2k: that is a statement about each of them.</summary>
        private void SuppressSmallGroupShares()
        {
            for (var u = 0; u < ids.Length; u++)
            {
                var group = value[u, 0, Covered];
                if (group == 0 || group >= 2 * k)
                    continue;
                for (var m = 0; m < M; m++)
                {
                    if (UsageMeasures.RightOf((UsageMeasure)m) is not { } right || !UsageMeasures.IsPeople((UsageMeasure)m) || (int)right != m)
                        continue;
                    var used = value[u, 0, m];
                    if (used != 0 && used < group)
                        continue;
                    Suppress(u, 0, m, Suppression.ShareOfSmallGroup);
                    if (used != 0)
                        continue;
                    // Nobody used it: a record figure of that right that is 0 says the same.
                    for (var r = 0; r < M; r++)
                        if (r != m && UsageMeasures.RightOf((UsageMeasure)r) == right)
                            for (var s = 0; s < S; s++)
                                if (value[u, s, r] == 0)
                                    Suppress(u, s, r, Suppression.ShareOfSmallGroup);
                }
            }
        }

        /// <summary>A suppressed figure takes its sub-units' and (for all kinds) its kinds' with it: they would add up to it.</summary>
        private bool InheritDownwards()
        {
            var changed = false;
            foreach (var u in preorder)
                for (var s = 0; s < S; s++)
                    for (var m = 0; m < M; m++)
                    {
                        if (!Applies(s, m) || state[u, s, m] == Suppression.None)
                            continue;
                        foreach (var c in children[u])
                            changed |= Suppress(c, s, m, Suppression.Complementary);
                        if (s == 0)
                            for (var kind = 1; kind < S; kind++)
                                changed |= Suppress(u, kind, m, Suppression.Complementary);
                    }
            return changed;
        }

        /// <summary>Whether what the hidden parts of a shown total add up to gives something away.</summary>
        private bool Unsafe(long hiddenValue, int hiddenPeople, bool hidesShare) =>
            (hiddenValue > 0 && hiddenPeople < k) || (hidesShare && hiddenValue == 0);

        private bool SettleSum(int u, int s, int total, int[] parts)
        {
            if (!Applies(s, total))
                return false;
            var hidden = parts.Where(p => Hidden(u, s, p)).ToList();
            if (Hidden(u, s, total))
            {
                // Every part shown would add up to the total that is not.
                return hidden.Count == 0 && SuppressSmallest(u, s, parts);
            }
            // A total of zero says its parts are zero: hiding one of them hides nothing.
            if (hidden.Count == 0 || value[u, s, total] == 0)
                return false;
            var hiddenValue = hidden.Sum(p => value[u, s, p]);
            var hiddenPeople = hidden.Max(p => people[u, s, p]);
            var hidesShare = hidden.Any(p => state[u, s, p] == Suppression.ShareOfSmallGroup);
            if (!Unsafe(hiddenValue, hiddenPeople, hidesShare))
                return false;
            return SuppressSmallest(u, s, parts) || Suppress(u, s, total, Suppression.Complementary);
        }

        private bool SettleKinds(int u, int m)
        {
            if (Hidden(u, 0, m))
                return false;
            var hidden = Enumerable.Range(1, S - 1).Where(s => Hidden(u, s, m)).ToList();
            if (hidden.Count == 0 || value[u, 0, m] == 0)
                return false;
            var hiddenValue = hidden.Sum(s => value[u, s, m]);
            // The same people may be behind several kinds: together they are at least the largest kind's.
            var hiddenPeople = hidden.Max(s => people[u, s, m]);
            var hidesShare = hidden.Any(s => state[u, s, m] == Suppression.ShareOfSmallGroup);
            if (!Unsafe(hiddenValue, hiddenPeople, hidesShare))
                return false;
            var shown = Enumerable.Range(1, S - 1).Where(s => !Hidden(u, s, m))
                .OrderBy(s => value[u, s, m] > 0 ? 0 : 1).ThenBy(s => people[u, s, m]).ThenBy(s => s).ToList();
            return shown.Count > 0
                ? Suppress(u, shown[0], m, Suppression.Complementary)
                : Suppress(u, 0, m, Suppression.Complementary);
        }

        /// <summary>
        /// A shown unit minus its shown sub-units leaves its own members and its hidden sub-units together: they must
        /// come from at least k people, and must not show a right used by none or all of fewer than 2k.
        /// </summary>
        private bool SettleHierarchy(int u, int s, int m)
        {
            if (children[u].Count == 0 || Hidden(u, s, m))
                return false;
            var region = new List<int> { u };
            foreach (var c in children[u])
                if (Hidden(c, s, m))
                    region.AddRange(subtree[c]);
            var hiddenValue = region.Sum(r => ownValue[r, s, m]);
            var hiddenPeople = LowerBound(region, s, m);
            var unsafeCount = hiddenValue > 0 && hiddenPeople < k;
            var unsafeShare = false;
            if (UsageMeasures.RightOf((UsageMeasure)m) is { } right)
            {
                var group = region.Sum(r => ownValue[r, 0, Covered]);
                var isRight = (int)right == m;
                // A unit whose own figure already says none (or all) says it of every part: nothing more is given away.
                unsafeShare = group > 0 && group < 2 * k
                    && ((hiddenValue == 0 && value[u, s, m] > 0)
                        || (isRight && hiddenValue >= group && value[u, s, m] < value[u, 0, Covered]));
            }
            if (!unsafeCount && !unsafeShare)
                return false;
            // The sub-unit with the fewest people that week goes, whatever the figure: for most weeks the same one, so that
            // periods longer than a week lose as little as they can.
            var shown = children[u].Where(c => !Hidden(c, s, m))
                .OrderBy(c => value[c, s, m] > 0 ? 0 : 1).ThenBy(c => people[c, 0, Covered]).ThenBy(c => people[c, s, m]).ThenBy(c => ids[c], StringComparer.Ordinal)
                .ToList();
            return shown.Count > 0
                ? Suppress(shown[0], s, m, Suppression.Complementary)
                : Suppress(u, s, m, Suppression.Complementary);
        }

        /// <summary>
        /// Suppresses the shown part with the fewest people behind it, preferring one that is not zero, and the records
        /// eligible for training last: they are what the council asks about first.
        /// </summary>
        private bool SuppressSmallest(int u, int s, int[] parts)
        {
            var shown = parts.Where(p => Applies(s, p) && !Hidden(u, s, p))
                .OrderBy(p => value[u, s, p] > 0 ? 0 : 1).ThenBy(p => p == (int)UsageMeasure.TrainingEligible ? 1 : 0)
                .ThenBy(p => people[u, s, p]).ThenBy(p => p).ToList();
            return shown.Count > 0 && Suppress(u, s, shown[0], Suppression.Complementary);
        }
    }
}

/// <summary>Every figure of one week, with what may be shown.</summary>
public sealed class WeekPlan(IReadOnlyDictionary<(string OrgUnitId, CaptureKind? Kind, UsageMeasure Measure), PlannedCell> cells)
{
    /// <summary>A figure of an org unit (with everything below it); zero and shown for a unit or kind without records.</summary>
    public PlannedCell this[string orgUnitId, CaptureKind? kind, UsageMeasure measure]
    {
        get
        {
            if (UsageMeasures.IsNeverShown(measure))
                throw new ArgumentException($"{measure} is never shown.", nameof(measure));
            if (kind is not null && UsageMeasures.ForAllKindsOnly(measure))
                throw new ArgumentException($"{measure} is counted for all kinds together only.", nameof(measure));
            return cells.TryGetValue((orgUnitId, kind, measure), out var cell) ? cell : default;
        }
    }
}
