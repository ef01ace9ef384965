using Microsoft.Extensions.Primitives;
using Transparency.Core.EventStore;
using Transparency.Core.Reports;
using Transparency.Web.Components.Pages.Council;

namespace Transparency.Web.Tests.Pages;

/// <summary>The works council report's address: what it asks by default, what it refuses and why, and that it reads back what it writes.</summary>
public sealed class ReportQueryTests
{
    // Friday of ISO week 2026-W47.
    private static readonly DateTime Now = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Without_a_question_it_asks_about_the_whole_organisation_over_the_last_twelve_whole_weeks()
    {
        var (query, problem) = Parse();

        Assert.Null(problem);
        Assert.Null(query!.OrgUnitId);
        Assert.Null(query.Kind);
        Assert.Equal("weeks 2026-W35 to 2026-W46", query.Period.Describe());
        Assert.Equal(12, query.Period.WeekStarts().Count);
    }

    [Fact]
    public void A_month_is_the_ISO_weeks_whose_Thursday_falls_in_it()
    {
        var (query, _) = Parse(("period", "months"), ("from", "2026-10"), ("to", "2026-11"));

        var buckets = query!.Period.Buckets();
        // 1 October 2026 is a Thursday: the week from Monday 28 September is October's; 1 November is a Sunday, so its week is October's too.
        Assert.Equal(["October 2026", "November 2026"], buckets.Select(b => b.Label));
        Assert.Equal((new DateTime(2026, 9, 28), 5), (buckets[0].FirstWeek, buckets[0].Weeks));
        Assert.Equal((new DateTime(2026, 11, 2), 4), (buckets[1].FirstWeek, buckets[1].Weeks));
    }

    [Theory]
    // The form sends the weeks still listed when a person switches to months: the months those weeks belong to (by Thursday).
    [InlineData("period=months&from=2026-W36&to=2026-W46", "months 2026-09 to 2026-11")]
    // The week in progress belongs to the month in progress.
    [InlineData("period=months&from=2026-W40&to=2026-W47", "months 2026-10 to 2026-11")]
    // A year of weeks touches thirteen months: the last twelve are kept.
    [InlineData("period=months&from=2025-W47&to=2026-W47", "months 2025-12 to 2026-11")]
    // And back: the months' weeks, from the first week of the first to the last week of the last.
    [InlineData("period=weeks&from=2026-09&to=2026-10", "weeks 2026-W36 to 2026-W44")]
    // The month in progress ends with the week in progress.
    [InlineData("period=weeks&from=2026-11&to=2026-11", "weeks 2026-W45 to 2026-W47")]
    public void A_period_in_the_other_unit_asks_for_the_same_stretch_of_time(string address, string expected)
    {
        var (query, problem) = Parse(address.Split('&').Select(p => p.Split('=')).Select(p => (p[0], p[1])).ToArray());

        Assert.Null(problem);
        Assert.Equal(expected, query!.Period.Describe());
    }

    [Fact]
    public void The_nearest_question_keeps_what_can_be_read_and_takes_the_default_for_the_rest()
    {
        var nearest = ReportQuery.Nearest(
            [new("unit", "OU-ENG"), new("period", "months"), new("from", "2026-09"), new("to", "2026-13"), new("kind", "Mouse")], Now);
        var backwards = ReportQuery.Nearest([new("period", "weeks"), new("from", "2026-W40"), new("to", "2026-W30"), new("kind", "Click")], Now);

        Assert.Equal("OU-ENG", nearest.OrgUnitId);
        Assert.Equal("months 2026-08 to 2026-10", nearest.Period.Describe());
        Assert.Null(nearest.Kind);
        Assert.Equal("weeks 2026-W35 to 2026-W46", backwards.Period.Describe());
        Assert.Equal(CaptureKind.Click, backwards.Kind);
    }

    [Theory]
    [InlineData("period=years", "'years' is not a period: use weeks or months.")]
    [InlineData("from=2026-W54", "2026-W54 does not exist: 2026 has weeks 1 to 53.")]
    [InlineData("from=last-week", "'last-week' is not an ISO week: write it as 2026-W48.")]
    [InlineData("from=1999-W10", "'1999-W10' is outside the years reports cover (2000 to 9998).")]
    [InlineData("to=2026-W48", "Week 2026-W48 has not begun yet: the latest week to report on is 2026-W47.")]
    [InlineData("from=2026-W40&to=2026-W30", "The period ends before it starts.")]
    [InlineData("from=2025-W01&to=2026-W10", "A report covers at most 53 weeks.")]
    [InlineData("period=months&from=2026-13", "'2026-13' is not a month: write it as 2026-11.")]
    [InlineData("period=months&from=2025-01&to=2026-02", "A report covers at most 12 months.")]
    [InlineData("period=months&to=2026-12", "December 2026 has not begun yet: the latest month to report on is November 2026.")]
    [InlineData("period=weeks&to=2026-12", "December 2026 has not begun yet: the latest month to report on is November 2026.")]
    [InlineData("period=months&to=2026-W48", "Week 2026-W48 has not begun yet: the latest week to report on is 2026-W47.")]
    [InlineData("kind=3", "'3' is not a capture kind. Choose one of PointerTrajectory, Click, Keystrokes, ScreenSnapshot, AppFocus, or leave it out for all kinds.")]
    public void A_question_that_cannot_be_answered_is_refused_saying_why(string address, string expected)
    {
        var (query, problem) = Parse(address.Split('&').Select(p => p.Split('=')).Select(p => (p[0], p[1])).ToArray());

        Assert.Null(query);
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void An_address_written_for_a_question_reads_back_as_the_same_question()
    {
        var asked = new UsageQuery("OU-ENG", ReportPeriod.Months(2026, 9, 2026, 11), CaptureKind.Keystrokes);

        var address = ReportQuery.ToQueryString(asked);
        var (read, _) = ReportQuery.Parse(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(address), Now);

        Assert.Equal("?unit=OU-ENG&period=months&from=2026-09&to=2026-11&kind=Keystrokes", address);
        Assert.Equal(asked.Describe(), read!.Describe());
    }

    private static (UsageQuery? Query, string? Problem) Parse(params (string Key, string Value)[] values) =>
        ReportQuery.Parse(values.Select(v => new KeyValuePair<string, StringValues>(v.Key, v.Value)), Now);
}
