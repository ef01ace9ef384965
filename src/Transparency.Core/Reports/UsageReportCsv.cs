using CsvHelper;
using Transparency.Core.Policies;

namespace Transparency.Core.Reports;

/// <summary>
/// A report as CSV: the same rows and figures as the page, each suppressed figure as its words. A name that a spreadsheet
/// would run as a formula is written as text.
/// </summary>
public static class UsageReportCsv
{
    // A heading block of label and value lines sits above the table, so records differ in length.
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, NewLine = "\r\n", ValidateFieldCount = false };

    public static string FileName(UsageReport report) =>
        $"usage-report-{report.Query.OrgUnitId ?? "organisation"}-{report.Query.Period.Describe().Replace(' ', '-')}.csv";

    public static string Write(UsageReport report)
    {
        var k = report.MinimumGroupSize;
        var measures = ReportWords.Shown.Where(m => ReportWords.AppliesTo(m, report)).ToList();
        using var text = new StringWriter();
        using (var csv = CsvWriter.Create(text, Options, leaveOpen: true))
        {
            void Line(params IEnumerable<string> fields)
            {
                foreach (var field in fields)
                    csv.WriteField(field);
                csv.EndRecord();
            }

            Line("Works council usage report");
            Line("Org unit", string.Join(" / ", report.Path.Select(u => u.Name)));
            Line("Period", report.Query.Period.Describe());
            Line("Capture kinds", report.Query.Kind?.ToString() ?? "all kinds");
            Line("Minimum group size", k.ToString());
            Line("Note", $"Aggregates only. A figure from fewer than {k} people, or one that would reveal such a figure, is suppressed. " +
                         "Employee figures are people a week, on average over the period.");
            Line("");
            Line(["Section", "Row", .. measures.Select(ReportWords.Header)]);

            void Row(string section, string name, FigureRow figures, int weeks) =>
                Line([section, name, .. measures.Select(m => figures.Has(m) ? ReportWords.Text(figures[m], m, weeks, k) : "")]);

            Row("Total", report.Unit.Name, report.Total, report.Weeks);
            foreach (var sub in report.SubUnits)
                Row("Sub-unit", sub.Unit.Name, sub.Figures, report.Weeks);
            foreach (var kind in report.Kinds)
                Row("Capture kind", kind.Kind.ToString(), kind.Figures, report.Weeks);
            foreach (var step in report.Trend)
                Row(report.Query.Period.Unit == PeriodUnit.Week ? "Week" : "Month", step.Bucket.Label, step.Figures, step.Bucket.Weeks);
        }
        return text.ToString();
    }
}
