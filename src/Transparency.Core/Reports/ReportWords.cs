using System.Globalization;
using Transparency.Core.Policies;

namespace Transparency.Core.Reports;

/// <summary>
/// How a works council report's figures read, in one place for the page, the CSV and the PDF: each figure's label, its
/// value as text, and the words that replace a suppressed one. A suppressed figure's value is never formatted.
/// </summary>
public static class ReportWords
{
    /// <summary>The figures a report shows, in the order it shows them.</summary>
    public static readonly IReadOnlyList<UsageMeasure> Shown =
    [
        UsageMeasure.Records, UsageMeasure.FeedsOperations, UsageMeasure.FeedsProduct, UsageMeasure.FeedsTraining,
        UsageMeasure.TrainingEligible, UsageMeasure.WithheldByDecision, UsageMeasure.WithheldByOptOut, UsageMeasure.WithheldByRule,
        UsageMeasure.WithheldBySensitiveContext, UsageMeasure.Quarantined, UsageMeasure.OtherwiseIneligible,
        UsageMeasure.Deleted, UsageMeasure.ErasedByRetention,
        UsageMeasure.FlagsRaised, UsageMeasure.FlagsOpen, UsageMeasure.FlagsUpheld, UsageMeasure.FlagsDismissed,
        UsageMeasure.EmployeesCovered, UsageMeasure.EmployeesWithholding, UsageMeasure.EmployeesOptedOut, UsageMeasure.EmployeesFlagging,
        UsageMeasure.EmployeesDeleting, UsageMeasure.EmployeesDownloading,
    ];

    /// <summary>Why the records feeding model training are not eligible, each record under the first that applies.</summary>
    public static readonly IReadOnlyList<UsageMeasure> WithholdingReasons =
    [
        UsageMeasure.WithheldByDecision, UsageMeasure.WithheldByOptOut, UsageMeasure.WithheldByRule,
        UsageMeasure.WithheldBySensitiveContext, UsageMeasure.Quarantined, UsageMeasure.OtherwiseIneligible,
    ];

    public static string Label(UsageMeasure m) => m switch
    {
        UsageMeasure.Records => "Records captured",
        UsageMeasure.FeedsOperations => "Feeding operational telemetry",
        UsageMeasure.FeedsProduct => "Feeding product",
        UsageMeasure.FeedsTraining => "Feeding model training",
        UsageMeasure.TrainingEligible => "Training-eligible",
        UsageMeasure.WithheldByDecision => "Withheld by the employee's own decision",
        UsageMeasure.WithheldByOptOut => "Withheld by opting out entirely",
        UsageMeasure.WithheldByRule => "Withheld by a standing rule",
        UsageMeasure.WithheldBySensitiveContext => "Withheld: sensitive context",
        UsageMeasure.Quarantined => "Quarantined by an open flag",
        UsageMeasure.OtherwiseIneligible => "Not eligible for another reason",
        UsageMeasure.Deleted => "Deleted",
        UsageMeasure.ErasedByRetention => "Erased when retention ran out",
        UsageMeasure.FlagsRaised => "Flags raised",
        UsageMeasure.FlagsOpen => "Flags open",
        UsageMeasure.FlagsUpheld => "Flags upheld",
        UsageMeasure.FlagsDismissed => "Flags dismissed",
        UsageMeasure.EmployeesCovered => "Employees with records",
        UsageMeasure.EmployeesWithholding => "Employees withholding",
        UsageMeasure.EmployeesOptedOut => "Employees opted out",
        UsageMeasure.EmployeesFlagging => "Employees flagging",
        UsageMeasure.EmployeesDeleting => "Employees deleting",
        UsageMeasure.EmployeesDownloading => "Employees downloading their data",
        _ => m.ToString(),
    };

    /// <summary>A short label for chart legends and narrow tables.</summary>
    public static string Short(UsageMeasure m) => m switch
    {
        UsageMeasure.FeedsOperations => "Operational telemetry",
        UsageMeasure.FeedsProduct => "Product",
        UsageMeasure.FeedsTraining => "Model training",
        UsageMeasure.WithheldByDecision => "Own decision",
        UsageMeasure.WithheldByOptOut => "Opted out",
        UsageMeasure.WithheldByRule => "Standing rule",
        UsageMeasure.WithheldBySensitiveContext => "Sensitive context",
        UsageMeasure.Quarantined => "Open flag",
        UsageMeasure.OtherwiseIneligible => "Other reason",
        _ => Label(m),
    };

    /// <summary>What stands in for a suppressed figure.</summary>
    public static string Suppressed(Suppression why, int k) => why switch
    {
        Suppression.Complementary => "suppressed (would reveal a smaller group)",
        _ => $"suppressed (fewer than {k} people)",
    };

    /// <summary>
    /// A figure as text: records as a count; people as an average per week over the period (one decimal where it is not
    /// whole), since people are counted week by week (ADR 0006); or the suppression's words.
    /// </summary>
    public static string Text(PlannedCell cell, UsageMeasure m, int weeks, int k)
    {
        if (!cell.Shown)
            return Suppressed(cell.Suppression, k);
        return UsageMeasures.IsPeople(m) ? PerWeek(cell.Value, weeks) : cell.Value.ToString("N0", CultureInfo.InvariantCulture);
    }

    public static string PerWeek(long total, int weeks)
    {
        var average = (double)total / Math.Max(1, weeks);
        return average == Math.Floor(average) ? average.ToString("N0", CultureInfo.InvariantCulture) : average.ToString("N1", CultureInfo.InvariantCulture);
    }

    /// <summary>A share of two shown figures, or null where either is suppressed or the whole is zero.</summary>
    public static double? Share(PlannedCell part, PlannedCell whole) =>
        part.Shown && whole.Shown && whole.Value > 0 ? (double)part.Value / whole.Value : null;

    public static string ShareText(double? share) =>
        share is { } s ? s.ToString("P1", CultureInfo.InvariantCulture) : $"not shown (a figure behind it is suppressed)";

    /// <summary>The column header of people figures, which are weekly averages.</summary>
    public static string Header(UsageMeasure m) => UsageMeasures.IsPeople(m) ? $"{Label(m)} (a week, on average)" : Label(m);

    public static bool AppliesTo(UsageMeasure m, UsageReport report) => report.Query.Kind is null || !UsageMeasures.ForAllKindsOnly(m);
}
