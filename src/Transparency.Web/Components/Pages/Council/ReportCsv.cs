using System.Text;
using Transparency.Core.Reports;

namespace Transparency.Web.Components.Pages.Council;

/// <summary>
/// A report as CSV: the same rows and figures as the page, each suppressed figure as its words. Names that a spreadsheet
/// would read as a formula are written as text.
/// </summary>
public static class ReportCsv
{
    public static string FileName(UsageReport report) =>
        $"usage-report-{(report.Query.OrgUnitId ?? "organisation")}-{report.Query.Period.Describe().Replace(' ', '-')}.csv";

    public static string Write(UsageReport report)
    {
        var k = report.MinimumGroupSize;
        var measures = ReportWords.Shown.Where(m => ReportWords.AppliesTo(m, report)).ToList();
        var csv = new StringBuilder();
        Line(csv, "Works council usage report");
        Line(csv, "Org unit", string.Join(" / ", report.Path.Select(u => u.Name)));
        Line(csv, "Period", report.Query.Period.Describe());
        Line(csv, "Capture kinds", report.Query.Kind?.ToString() ?? "all kinds");
        Line(csv, "Minimum group size", k.ToString());
        Line(csv, "Note", $"Aggregates only. A figure from fewer than {k} people, or one that would reveal such a figure, is suppressed. " +
                          "Employee figures are people a week, on average over the period.");
        csv.Append("\r\n");
        Line(csv, ["Section", "Row", .. measures.Select(ReportWords.Header)]);
        Row(csv, "Total", report.Unit.Name, report.Total, measures, report.Weeks, k);
        foreach (var sub in report.SubUnits)
            Row(csv, "Sub-unit", sub.Unit.Name, sub.Figures, measures, report.Weeks, k);
        foreach (var kind in report.Kinds)
            Row(csv, "Capture kind", kind.Kind.ToString(), kind.Figures, measures.Where(m => !Core.Policies.UsageMeasures.ForAllKindsOnly(m)).ToList(), report.Weeks, k, measures);
        foreach (var step in report.Trend)
            Row(csv, report.Query.Period.Unit == PeriodUnit.Week ? "Week" : "Month", step.Bucket.Label, step.Figures, measures, step.Bucket.Weeks, k);
        return csv.ToString();
    }

    private static void Row(StringBuilder csv, string section, string name, FigureRow figures, IReadOnlyList<Core.Policies.UsageMeasure> measures,
        int weeks, int k, IReadOnlyList<Core.Policies.UsageMeasure>? columns = null) =>
        Line(csv, [section, name, .. (columns ?? measures).Select(m => figures.Has(m) && measures.Contains(m) ? ReportWords.Text(figures[m], m, weeks, k) : "")]);

    private static void Line(StringBuilder csv, params string[] fields)
    {
        csv.Append(string.Join(',', fields.Select(Field)));
        csv.Append("\r\n");
    }

    private static string Field(string value)
    {
        // A leading =, +, - or @ makes a spreadsheet evaluate the cell.
        if (value.Length > 0 && "=+-@".Contains(value[0]) && !char.IsDigit(value.ElementAtOrDefault(1)))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
