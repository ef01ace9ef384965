using System.Globalization;
using Transparency.Core.Rollups;

namespace Transparency.Core.Reports;

public enum PeriodUnit
{
    Week = 1,
    Month = 2,
}

/// <summary>One step of a report's trend: a week, or a month's weeks.</summary>
public sealed record ReportBucket(string Label, DateTime FirstWeek, int Weeks)
{
    public IEnumerable<DateTime> WeekStarts => Enumerable.Range(0, Weeks).Select(i => FirstWeek.AddDays(7 * i));
}

/// <summary>
/// A report's period: whole ISO weeks, or whole months, where a month is the ISO weeks whose Thursday falls in it (the
/// rule ISO 8601 uses to give weeks to months and years). Either way a period is whole weeks, the grain every figure is
/// counted and suppressed at (ADR 0006), so no two periods differ by part of a week.
/// </summary>
public sealed record ReportPeriod
{
    /// <summary>The longest period one report covers: a year of weeks or months.</summary>
    public const int MaxBuckets = 53;

    /// <summary>Why a period whose last week or month comes before its first is refused.</summary>
    public const string Backwards = "The period ends before it starts.";

    private ReportPeriod(PeriodUnit unit, DateTime first, DateTime last)
    {
        Unit = unit;
        First = first;
        Last = last;
    }

    public PeriodUnit Unit { get; }

    /// <summary>The Monday of the first week, or the first day of the first month (UTC midnight).</summary>
    public DateTime First { get; }

    /// <summary>The Monday of the last week, or the first day of the last month.</summary>
    public DateTime Last { get; }

    public static ReportPeriod Weeks(DateTime firstMonday, DateTime lastMonday)
    {
        var first = UsageWeeks.StartOf(firstMonday);
        var last = UsageWeeks.StartOf(lastMonday);
        if (last < first)
            throw new ArgumentException(Backwards);
        if ((last - first).Days / 7 + 1 > MaxBuckets)
            throw new ArgumentException($"A report covers at most {MaxBuckets} weeks.");
        return new ReportPeriod(PeriodUnit.Week, first, last);
    }

    public static ReportPeriod Months(int firstYear, int firstMonth, int lastYear, int lastMonth)
    {
        var first = new DateTime(firstYear, firstMonth, 1, 0, 0, 0, DateTimeKind.Utc);
        var last = new DateTime(lastYear, lastMonth, 1, 0, 0, 0, DateTimeKind.Utc);
        if (last < first)
            throw new ArgumentException(Backwards);
        if ((last.Year - first.Year) * 12 + last.Month - first.Month + 1 > 12)
            throw new ArgumentException("A report covers at most 12 months.");
        return new ReportPeriod(PeriodUnit.Month, first, last);
    }

    /// <summary>The trend's steps, oldest first.</summary>
    public IReadOnlyList<ReportBucket> Buckets()
    {
        if (Unit == PeriodUnit.Week)
            return Enumerable.Range(0, (Last - First).Days / 7 + 1)
                .Select(i => First.AddDays(7 * i))
                .Select(w => new ReportBucket(WeekLabel(w), w, 1))
                .ToList();
        var buckets = new List<ReportBucket>();
        for (var month = First; month <= Last; month = month.AddMonths(1))
        {
            var firstWeek = FirstWeekOf(month);
            var weeks = (FirstWeekOf(month.AddMonths(1)) - firstWeek).Days / 7;
            buckets.Add(new ReportBucket(month.ToString("MMMM yyyy", CultureInfo.InvariantCulture), firstWeek, weeks));
        }
        return buckets;
    }

    /// <summary>"weeks 2026-W36 to 2026-W48" or "months 2026-09 to 2026-11".</summary>
    public string Describe() => Unit == PeriodUnit.Week
        ? $"weeks {IsoWeek(First)} to {IsoWeek(Last)}"
        : $"months {First:yyyy-MM} to {Last:yyyy-MM}";

    /// <summary>"2026-W48".</summary>
    public static string IsoWeek(DateTime monday) => $"{ISOWeek.GetYear(monday)}-W{ISOWeek.GetWeekOfYear(monday):00}";

    /// <summary>Every week of the period.</summary>
    public IReadOnlyList<DateTime> WeekStarts() => Buckets().SelectMany(b => b.WeekStarts).ToList();

    /// <summary>The first day of the month a week belongs to: the month its Thursday falls in.</summary>
    public static DateTime MonthOf(DateTime monday)
    {
        var thursday = UsageWeeks.StartOf(monday).AddDays(3);
        return new DateTime(thursday.Year, thursday.Month, 1, 0, 0, 0, DateTimeKind.Utc);
    }

    /// <summary>"2026-W48 (23 Nov)": the ISO week and its Monday.</summary>
    public static string WeekLabel(DateTime monday) =>
        $"{IsoWeek(monday)} ({monday.ToString("d MMM", CultureInfo.InvariantCulture)})";

    /// <summary>The Monday of the first ISO week whose Thursday falls in the month.</summary>
    public static DateTime FirstWeekOf(DateTime month)
    {
        var monday = UsageWeeks.StartOf(month);
        return monday.AddDays(3).Month == month.Month ? monday : monday.AddDays(7);
    }
}
