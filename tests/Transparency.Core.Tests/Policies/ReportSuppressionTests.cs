using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using M = Transparency.Core.Policies.UsageMeasure;

namespace Transparency.Core.Tests.Policies;

/// <summary>
/// The minimum-group-size rules on hand-checked weeks (k = 5). Each org unit below is a "team" whose members all
/// have ordinary records feeding operations and training, and where some people used some rights, unless a test
/// says otherwise.
/// </summary>
public sealed class ReportSuppressionTests
{
    private static readonly MinimumGroupSize K5 = new();

    [Fact]
    public void A_figure_from_fewer_than_k_people_is_suppressed_and_one_from_k_is_shown()
    {
        // Two organisations of their own, so that neither has to protect the other.
        var plan = new Week().Unit("SMALL").Unit("FIVE")
            .Team("SMALL", people: 4, records: 40).Team("FIVE", people: 5, records: 50)
            .Plan();

        Assert.Equal(Suppression.FewerThanK, plan["SMALL", null, M.Records].Suppression);
        Assert.Equal(Suppression.FewerThanK, plan["SMALL", null, M.EmployeesCovered].Suppression);
        Assert.True(plan["FIVE", null, M.Records].Shown);
        Assert.Equal(50, plan["FIVE", null, M.Records].Value);
        Assert.True(plan["FIVE", null, M.EmployeesCovered].Shown);
    }

    [Fact]
    public void A_department_minus_its_shown_teams_never_leaves_one_small_team()
    {
        // ENG = PLATFORM (8) + APPS (7) + DATA (3). DATA is suppressed; with PLATFORM and APPS shown, ENG − PLATFORM − APPS
        // would be DATA's 30 records. APPS, the smaller shown team, is suppressed with it.
        var plan = new Week().Unit("ENG").Unit("PLATFORM", "ENG").Unit("APPS", "ENG").Unit("DATA", "ENG")
            .Team("PLATFORM", 8, 80).Team("APPS", 7, 70).Team("DATA", 3, 30)
            .Plan();

        Assert.Equal(Suppression.FewerThanK, plan["DATA", null, M.Records].Suppression);
        Assert.Equal(Suppression.Complementary, plan["APPS", null, M.Records].Suppression);
        Assert.True(plan["PLATFORM", null, M.Records].Shown);
        Assert.Equal((180L, true), (plan["ENG", null, M.Records].Value, plan["ENG", null, M.Records].Shown));
    }

    [Fact]
    public void A_department_s_own_few_members_are_protected_like_a_small_team()
    {
        // The department head and deputy sit in SALES itself: SALES − EMEA − AMERICAS would be their two weeks.
        var plan = new Week().Unit("SALES").Unit("EMEA", "SALES").Unit("AMERICAS", "SALES")
            .Team("SALES", 2, 20).Team("EMEA", 9, 90).Team("AMERICAS", 6, 60)
            .Plan();

        Assert.True(plan["SALES", null, M.Records].Shown);
        Assert.Equal(Suppression.Complementary, plan["AMERICAS", null, M.Records].Suppression);
        Assert.True(plan["EMEA", null, M.Records].Shown);
    }

    [Fact]
    public void Two_small_teams_hidden_together_still_count_fewer_than_k_so_a_third_goes()
    {
        // HR = PARTNERS (2) + RECRUITING (2) + OPS (6) + PAYROLL (9). The two small ones together are 4 people.
        var plan = new Week().Unit("HR").Unit("PARTNERS", "HR").Unit("RECRUITING", "HR").Unit("OPS", "HR").Unit("PAYROLL", "HR")
            .Team("PARTNERS", 2, 20).Team("RECRUITING", 2, 25).Team("OPS", 6, 60).Team("PAYROLL", 9, 90)
            .Plan();

        Assert.Equal(Suppression.FewerThanK, plan["PARTNERS", null, M.Records].Suppression);
        Assert.Equal(Suppression.FewerThanK, plan["RECRUITING", null, M.Records].Suppression);
        Assert.Equal(Suppression.Complementary, plan["OPS", null, M.Records].Suppression);
        Assert.True(plan["PAYROLL", null, M.Records].Shown);
        Assert.True(plan["HR", null, M.Records].Shown);
    }

    [Fact]
    public void A_team_suppressed_to_protect_another_takes_its_own_sub_teams_with_it()
    {
        // AMERICAS is suppressed to protect SALES' own members; its sub-teams would add back up to it.
        var plan = new Week().Unit("SALES").Unit("EMEA", "SALES").Unit("AMERICAS", "SALES").Unit("NORTH", "AMERICAS").Unit("SOUTH", "AMERICAS")
            .Team("SALES", 2, 20).Team("EMEA", 12, 120).Team("NORTH", 6, 60).Team("SOUTH", 5, 50)
            .Plan();

        Assert.Equal(Suppression.Complementary, plan["AMERICAS", null, M.Records].Suppression);
        Assert.Equal(Suppression.Complementary, plan["NORTH", null, M.Records].Suppression);
        Assert.Equal(Suppression.Complementary, plan["SOUTH", null, M.Records].Suppression);
        Assert.True(plan["EMEA", null, M.Records].Shown);
    }

    [Fact]
    public void People_who_moved_during_the_week_are_not_counted_twice_towards_k()
    {
        // Three people in each team, one of whom moved from one to the other: at least 4 different people, not 6.
        var plan = new Week().Unit("DEPT").Unit("A", "DEPT").Unit("B", "DEPT")
            .Team("A", 3, 30, movers: 1).Team("B", 3, 30, movers: 1)
            .Plan();

        Assert.Equal(4, plan["DEPT", null, M.Records].PeopleAtLeast);
        Assert.Equal(Suppression.FewerThanK, plan["DEPT", null, M.Records].Suppression);
    }

    [Fact]
    public void Nobody_or_everybody_in_a_group_smaller_than_2k_using_a_right_is_suppressed()
    {
        var plan = new Week().Unit("ORG").Unit("NOBODY", "ORG").Unit("EVERYBODY", "ORG").Unit("SOME", "ORG").Unit("LARGE", "ORG")
            .Team("NOBODY", 6, 60, optedOut: 0).Team("EVERYBODY", 7, 70, optedOut: 7).Team("SOME", 8, 80, optedOut: 5)
            .Team("LARGE", 10, 100, optedOut: 0)
            .Plan();

        Assert.Equal(Suppression.ShareOfSmallGroup, plan["NOBODY", null, M.EmployeesOptedOut].Suppression);
        // Its records withheld by opting out are then 0 too, and would say the same, in every kind.
        Assert.Equal(Suppression.ShareOfSmallGroup, plan["NOBODY", null, M.WithheldByOptOut].Suppression);
        Assert.Equal(Suppression.ShareOfSmallGroup, plan["NOBODY", CaptureKind.Keystrokes, M.WithheldByOptOut].Suppression);
        Assert.Equal(Suppression.ShareOfSmallGroup, plan["EVERYBODY", null, M.EmployeesOptedOut].Suppression);
        Assert.True(plan["SOME", null, M.EmployeesOptedOut].Shown);
        Assert.Equal(0, plan["LARGE", null, M.EmployeesOptedOut].Value);
        Assert.True(plan["LARGE", null, M.EmployeesOptedOut].Shown);
    }

    [Fact]
    public void A_parent_minus_its_shown_teams_does_not_reveal_that_a_small_team_all_used_a_right()
    {
        // ORG: 12 + 7 = 19 people, 5 + 7 opted out. EVERYBODY's 100 % is suppressed, and ORG − BIG would show it.
        var plan = new Week().Unit("ORG").Unit("BIG", "ORG").Unit("EVERYBODY", "ORG")
            .Team("BIG", 12, 120, optedOut: 5).Team("EVERYBODY", 7, 70, optedOut: 7)
            .Plan();

        Assert.Equal(Suppression.ShareOfSmallGroup, plan["EVERYBODY", null, M.EmployeesOptedOut].Suppression);
        Assert.True(plan["ORG", null, M.EmployeesOptedOut].Shown);
        Assert.Equal(Suppression.Complementary, plan["BIG", null, M.EmployeesOptedOut].Suppression);
    }

    [Fact]
    public void A_kind_from_few_people_takes_the_next_smallest_kind_with_it()
    {
        var plan = new Week().Unit("TEAM")
            .Team("TEAM", 10, 100)
            .Kind("TEAM", CaptureKind.Keystrokes, people: 3, records: 12)
            .Kind("TEAM", CaptureKind.Click, people: 6, records: 30)
            .Kind("TEAM", CaptureKind.AppFocus, people: 10, records: 58)
            .Plan();

        Assert.Equal(Suppression.FewerThanK, plan["TEAM", CaptureKind.Keystrokes, M.Records].Suppression);
        Assert.Equal(Suppression.Complementary, plan["TEAM", CaptureKind.Click, M.Records].Suppression);
        Assert.True(plan["TEAM", CaptureKind.AppFocus, M.Records].Shown);
        Assert.True(plan["TEAM", null, M.Records].Shown);
    }

    [Fact]
    public void A_reason_for_withholding_from_few_people_is_hidden_with_a_second_reason()
    {
        // 100 records feed training: 70 eligible (10 people), 20 withheld by decision (6 people), 10 by a rule (2 people).
        var plan = new Week().Unit("TEAM")
            .Team("TEAM", 10, 100, withholding: 6)
            .Set("TEAM", M.TrainingEligible, 70, 10).Set("TEAM", M.WithheldByDecision, 20, 6).Set("TEAM", M.WithheldByRule, 10, 2)
            .Plan();

        Assert.Equal(Suppression.FewerThanK, plan["TEAM", null, M.WithheldByRule].Suppression);
        Assert.Equal(Suppression.Complementary, plan["TEAM", null, M.WithheldByDecision].Suppression);
        Assert.True(plan["TEAM", null, M.TrainingEligible].Shown);
        Assert.True(plan["TEAM", null, M.FeedsTraining].Shown);
    }

    [Fact]
    public void A_purpose_whose_remainder_comes_from_few_people_is_hidden()
    {
        // All 100 records minus the 96 feeding operations would be the 4 records of 2 people that do not.
        var plan = new Week().Unit("TEAM")
            .Team("TEAM", 10, 100)
            .Set("TEAM", M.FeedsOperations, 96, 10).Set("TEAM", M.NotForOperations, 4, 2)
            .Plan();

        Assert.Equal(Suppression.Complementary, plan["TEAM", null, M.FeedsOperations].Suppression);
        Assert.True(plan["TEAM", null, M.Records].Shown);
        Assert.True(plan["TEAM", null, M.FeedsTraining].Shown);
    }

    [Fact]
    public void The_same_week_is_planned_alike_whatever_order_its_units_and_figures_come_in()
    {
        // Two instances of the app read the same cells, perhaps in another order: they must hide the same figures.
        var week = new Week().Unit("HR").Unit("PARTNERS", "HR").Unit("RECRUITING", "HR").Unit("OPS", "HR").Unit("PAYROLL", "HR")
            .Team("PARTNERS", 2, 20).Team("RECRUITING", 2, 25).Team("OPS", 6, 60).Team("PAYROLL", 6, 90)
            .Kind("OPS", CaptureKind.Click, 3, 12).Kind("OPS", CaptureKind.AppFocus, 6, 48);

        var plan = week.Plan();
        var reversed = week.Plan(reverse: true);

        foreach (var unit in new[] { "HR", "PARTNERS", "RECRUITING", "OPS", "PAYROLL" })
            foreach (var kind in ReportSuppression.Slices)
                foreach (var m in UsageMeasures.All.Where(m => !UsageMeasures.IsNeverShown(m) && (kind is null || !UsageMeasures.ForAllKindsOnly(m))))
                    Assert.Equal(plan[unit, kind, m], reversed[unit, kind, m]);
        // OPS and PAYROLL have as many people: the tie is broken by what each holds, then by id, never by order.
        Assert.Equal(Suppression.Complementary, plan["OPS", null, M.Records].Suppression);
        Assert.True(plan["PAYROLL", null, M.Records].Shown);
    }

    [Fact]
    public void A_period_is_shown_only_if_each_of_its_weeks_is()
    {
        var shown = new PlannedCell(40, 8, Suppression.None);
        var small = new PlannedCell(3, 2, Suppression.FewerThanK);

        Assert.Equal(new PlannedCell(80, 8, Suppression.None), ReportSuppression.Combine([shown, shown]));
        var mixed = ReportSuppression.Combine([shown, small, shown]);
        Assert.False(mixed.Shown);
        Assert.Equal(Suppression.FewerThanK, mixed.Suppression);
    }

    [Fact]
    public void Figures_for_a_unit_missing_from_the_hierarchy_are_refused()
    {
        var week = new Week().Unit("ORG").Team("ELSEWHERE", 10, 100);
        var e = Assert.Throws<ArgumentException>(() => week.Plan());
        Assert.Contains("ELSEWHERE", e.Message);
    }

    /// <summary>One week of own figures, built up unit by unit.</summary>
    private sealed class Week
    {
        private readonly List<OrgUnit> units = [];
        private readonly Dictionary<(string, CaptureKind?), OwnFigures> figures = [];

        public Week Unit(string id, string? parent = null)
        {
            units.Add(new OrgUnit { Id = id, Name = id, ParentId = parent });
            return this;
        }

        /// <summary>
        /// A team's own members: every record live, feeding operations and training and eligible unless set otherwise;
        /// by default a third of them (rounded up) withheld, opted out, flagged, deleted and downloaded, so no share is 0 % or 100 %.
        /// </summary>
        public Week Team(string unit, int people, int records, int movers = 0,
            int? withholding = null, int? optedOut = null)
        {
            var some = (people + 2) / 3;
            var f = Of(unit, null, movers);
            foreach (var m in new[] { M.Records, M.FeedsOperations, M.FeedsTraining, M.NotForProduct, M.TrainingEligible, M.Live })
                (f.Values[(int)m], f.People[(int)m]) = (records, people);
            f.Values[(int)M.EmployeesCovered] = people;
            f.Values[(int)M.EmployeesWithholding] = withholding ?? some;
            f.Values[(int)M.EmployeesOptedOut] = optedOut ?? some;
            f.Values[(int)M.EmployeesFlagging] = some;
            f.Values[(int)M.EmployeesDeleting] = some;
            f.Values[(int)M.EmployeesDownloading] = some;
            return this;
        }

        public Week Kind(string unit, CaptureKind kind, int people, int records)
        {
            var f = Of(unit, kind, 0);
            foreach (var m in new[] { M.Records, M.FeedsOperations, M.FeedsTraining, M.NotForProduct, M.TrainingEligible, M.Live })
                (f.Values[(int)m], f.People[(int)m]) = (records, people);
            return this;
        }

        public Week Set(string unit, M measure, int value, int people)
        {
            var f = Of(unit, null, 0);
            (f.Values[(int)measure], f.People[(int)measure]) = (value, people);
            return this;
        }

        public WeekPlan Plan(bool reverse = false) => reverse
            ? ReportSuppression.Plan(units.AsEnumerable().Reverse().ToList(), figures.Values.Reverse(), K5)
            : ReportSuppression.Plan(units, figures.Values, K5);

        private OwnFigures Of(string unit, CaptureKind? kind, int movers)
        {
            if (!figures.TryGetValue((unit, kind), out var f))
                figures[(unit, kind)] = f = new OwnFigures
                {
                    OrgUnitId = unit, Kind = kind, Movers = movers,
                    Values = new int[UsageMeasures.Count], People = new int[UsageMeasures.Count],
                };
            return f;
        }
    }
}
