using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Transparency.Core.EventStore;
using Transparency.Core.Reports;
using Transparency.Core.Rollups;

namespace Transparency.Web.Components.Pages.Council;

/// <summary>
/// A works council report's question as the page's address carries it, so that a report can be bookmarked, shared and
/// downloaded as it is shown: <c>?unit=OU-ENG&amp;period=weeks&amp;from=2026-W36&amp;to=2026-W47&amp;kind=Keystrokes</c>, or
/// <c>period=months&amp;from=2026-09&amp;to=2026-11</c>. Anything left out takes its default: the whole organisation,
/// the last twelve whole weeks, all kinds.
/// </summary>
public static partial class ReportQuery
{
    public const int DefaultWeeks = 12;
    public const int DefaultMonths = 3;

    /// <summary>
    /// The question, or what is wrong with the address in words a person can act on. A period's ends may be written in the
    /// other unit (<c>period=months&amp;from=2026-W36</c>): the page's form sends its weeks when a person switches to months,
    /// and that asks for the same stretch of time, so weeks become the months they belong to and months their weeks,
    /// never past the latest week or month there is to report on.
    /// </summary>
    public static (UsageQuery? Query, string? Problem) Parse(IEnumerable<KeyValuePair<string, StringValues>> values, DateTime now)
    {
        var q = values.ToDictionary(v => v.Key, v => v.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var unit = q.GetValueOrDefault("unit") is { Length: > 0 } u ? u : null;
        CaptureKind? kind = null;
        if (q.GetValueOrDefault("kind") is { Length: > 0 } k)
        {
            if (!Enum.TryParse<CaptureKind>(k, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(k, out _))
                return (null, $"'{k}' is not a capture kind. Choose one of {string.Join(", ", Enum.GetNames<CaptureKind>())}, or leave it out for all kinds.");
            kind = parsed;
        }
        var thisWeek = UsageWeeks.StartOf(now);
        var thisMonth = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var period = q.GetValueOrDefault("period") is { Length: > 0 } p ? p.ToLowerInvariant() : "weeks";
        var (fromText, toText) = (q.GetValueOrDefault("from") is { Length: > 0 } f ? f : null, q.GetValueOrDefault("to") is { Length: > 0 } t ? t : null);
        try
        {
            switch (period)
            {
                case "weeks":
                {
                    var last = toText is null ? thisWeek.AddDays(-7) : WeekOf(toText, end: true, thisWeek, thisMonth);
                    var first = fromText is null ? last.AddDays(-7 * (DefaultWeeks - 1)) : WeekOf(fromText, end: false, thisWeek, thisMonth);
                    if (last > thisWeek)
                        return (null, NotBegun(last, thisWeek));
                    return (new UsageQuery(unit, ReportPeriod.Weeks(first, last), kind), null);
                }
                case "months":
                {
                    var last = toText is null ? thisMonth.AddMonths(-1) : MonthOf(toText, thisWeek, thisMonth);
                    var first = fromText is null ? last.AddMonths(-(DefaultMonths - 1)) : MonthOf(fromText, thisWeek, thisMonth);
                    if (last > thisMonth)
                        return (null, NotBegun(last, thisMonth, PeriodUnit.Month));
                    // A year of weeks can touch thirteen months: the weeks switched from keep their last twelve.
                    if (fromText is not null && IsWeek(fromText) && last >= first && (last.Year - first.Year) * 12 + last.Month - first.Month >= 12)
                        first = last.AddMonths(-11);
                    return (new UsageQuery(unit, ReportPeriod.Months(first.Year, first.Month, last.Year, last.Month), kind), null);
                }
                default:
                    return (null, $"'{period}' is not a period: use weeks or months.");
            }
        }
        catch (FormatException e)
        {
            return (null, e.Message);
        }
        catch (ArgumentException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>
    /// The question nearest to an address that cannot be answered as it is: each part that can be read as asked, the default
    /// for the others. It is what the page's form offers next to the explanation of what was wrong.
    /// </summary>
    public static UsageQuery Nearest(IEnumerable<KeyValuePair<string, StringValues>> values, DateTime now)
    {
        var all = values.ToList();
        UsageQuery? Only(params string[] keys) =>
            Parse(all.Where(v => keys.Contains(v.Key, StringComparer.OrdinalIgnoreCase)), now).Query;
        var period = (Only("period", "from", "to") ?? Only("period") ?? Only())!.Period;
        return new UsageQuery(Only("unit")?.OrgUnitId, period, Only("kind")?.Kind);
    }

    /// <summary>The address of a question: its query string, starting with '?', with only what differs from the defaults left out.</summary>
    public static string ToQueryString(UsageQuery query)
    {
        var values = new Dictionary<string, string?>();
        if (query.OrgUnitId is { } unit)
            values["unit"] = unit;
        if (query.Period.Unit == PeriodUnit.Week)
        {
            values["period"] = "weeks";
            values["from"] = ReportPeriod.IsoWeek(query.Period.First);
            values["to"] = ReportPeriod.IsoWeek(query.Period.Last);
        }
        else
        {
            values["period"] = "months";
            values["from"] = query.Period.First.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            values["to"] = query.Period.Last.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }
        if (query.Kind is { } kind)
            values["kind"] = kind.ToString();
        return QueryHelpers.AddQueryString("", values);
    }

    /// <summary>"2026-W48" to the Monday of that ISO week.</summary>
    public static DateTime ParseWeek(string text)
    {
        var match = WeekPattern().Match(text.Trim());
        if (!match.Success)
            throw new FormatException($"'{text}' is not an ISO week: write it as 2026-W48.");
        var (year, week) = (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        if (year is < 2000 or > 9998)
            throw new FormatException($"'{text}' is outside the years reports cover (2000 to 9998).");
        if (week < 1 || week > ISOWeek.GetWeeksInYear(year))
            throw new FormatException($"{text} does not exist: {year} has weeks 1 to {ISOWeek.GetWeeksInYear(year)}.");
        return DateTime.SpecifyKind(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday), DateTimeKind.Utc);
    }

    /// <summary>"2026-11" to the first day of that month.</summary>
    public static DateTime ParseMonth(string text)
    {
        if (!DateTime.TryParseExact(text.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) || month.Year < 2000)
            throw new FormatException($"'{text}' is not a month: write it as 2026-11.");
        return DateTime.SpecifyKind(month, DateTimeKind.Utc);
    }

    /// <summary>
    /// A week a period starts or ends with: an ISO week, or a month's first or last week (a month switched from); a month's
    /// last week is at most the week in progress.
    /// </summary>
    private static DateTime WeekOf(string text, bool end, DateTime thisWeek, DateTime thisMonth)
    {
        if (!MonthPattern().IsMatch(text.Trim()))
            return ParseWeek(text);
        var month = ParseMonth(text);
        if (month > thisMonth)
            throw new FormatException(NotBegun(month, thisMonth, PeriodUnit.Month));
        if (!end)
            return ReportPeriod.FirstWeekOf(month);
        var last = ReportPeriod.FirstWeekOf(month.AddMonths(1)).AddDays(-7);
        return last > thisWeek ? thisWeek : last;
    }

    /// <summary>A month a period starts or ends with: a month, or the month a week belongs to (a week switched from), at most the month in progress.</summary>
    private static DateTime MonthOf(string text, DateTime thisWeek, DateTime thisMonth)
    {
        if (!IsWeek(text))
            return ParseMonth(text);
        var week = ParseWeek(text);
        if (week > thisWeek)
            throw new FormatException(NotBegun(week, thisWeek));
        var month = ReportPeriod.MonthOf(week);
        return month > thisMonth ? thisMonth : month;
    }

    private static bool IsWeek(string text) => WeekPattern().IsMatch(text.Trim());

    private static string NotBegun(DateTime asked, DateTime latest, PeriodUnit unit = PeriodUnit.Week) => unit == PeriodUnit.Week
        ? $"Week {ReportPeriod.IsoWeek(asked)} has not begun yet: the latest week to report on is {ReportPeriod.IsoWeek(latest)}."
        : $"{asked.ToString("MMMM yyyy", CultureInfo.InvariantCulture)} has not begun yet: " +
          $"the latest month to report on is {latest.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}.";

    [GeneratedRegex(@"^(\d{4})-W(\d{1,2})$", RegexOptions.IgnoreCase)]
    private static partial Regex WeekPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}$")]
    private static partial Regex MonthPattern();
}
