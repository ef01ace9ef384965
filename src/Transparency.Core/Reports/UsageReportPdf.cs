using System.Globalization;
using Transparency.Core.Documents;
using Transparency.Core.Policies;

namespace Transparency.Core.Reports;

/// <summary>
/// A report as PDF: what it asks, then every figure the page shows, each suppressed one in its words: the unit over the
/// period, then its sub-units, kinds and weeks or months, four to a table so that they fit the page's width.
/// </summary>
public static class UsageReportPdf
{
    private const int ColumnsPerTable = 4;

    public static string FileName(UsageReport report) => Path.ChangeExtension(UsageReportCsv.FileName(report), ".pdf");

    public static byte[] Write(UsageReport report, DateTime generatedAt)
    {
        var k = report.MinimumGroupSize;
        using var pdf = new PdfLayout("Works council usage report", "Transparency", generatedAt);
        pdf.Title("Works council usage report");
        pdf.Facts(
        [
            ("Org unit", string.Join(" / ", report.Path.Select(u => u.Name))),
            ("Period", report.Query.Period.Describe()),
            ("Capture kinds", report.Query.Kind is { } kind ? Words.Of(kind) : "all kinds"),
            ("Minimum group size", k.ToString(CultureInfo.InvariantCulture)),
            ("Made", generatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
        ]);
        Figures(pdf, report);

        return pdf.Finish($"Works council usage report · {report.Unit.Name} · {report.Query.Period.Describe()}");
    }

    /// <summary>The report's figures, each suppressed one in its words, under a note on what suppression means: the body of the report, and of the organisation-wide disclosure.</summary>
    public static void Figures(PdfLayout pdf, UsageReport report)
    {
        var k = report.MinimumGroupSize;
        var measures = ReportWords.Shown.Where(m => ReportWords.AppliesTo(m, report)).ToList();
        pdf.Paragraph($"Aggregates only. A figure from fewer than {k} people, or one that would let such a figure be worked out, is " +
                      "suppressed and its reason given instead; nothing here leads to a person. Employee figures are people a week, on " +
                      "average over the period. A record can feed more than one purpose and is counted under each.");

        pdf.Heading($"{report.Unit.Name}, {report.Query.Period.Describe()}");
        pdf.Table(["Figure", "Value"],
            measures.Select(m => (IReadOnlyList<string>)[ReportWords.Header(m), ReportWords.Text(report.Total[m], m, report.Weeks, k)]).ToList(),
            [0.6, 0.4], [false, true]);

        if (report.SubUnits.Count > 0)
            Matrix(pdf, "By org unit", report.SubUnits.Select(s => (s.Unit.Name, s.Figures, report.Weeks)).ToList(), measures, k);
        if (report.Kinds.Count > 0)
            Matrix(pdf, "By capture kind", report.Kinds.Select(r => (Words.Of(r.Kind), r.Figures, report.Weeks)).ToList(),
                measures.Where(m => !UsageMeasures.ForAllKindsOnly(m)).ToList(), k);
        Matrix(pdf, report.Query.Period.Unit == PeriodUnit.Week ? "Week by week" : "Month by month",
            report.Trend.Select(s => (s.Bucket.Label, s.Figures, s.Bucket.Weeks)).ToList(), measures, k);
    }

    /// <summary>Figures down the side, the rows of the page's table across, a few at a time.</summary>
    private static void Matrix(PdfLayout pdf, string heading, IReadOnlyList<(string Name, FigureRow Figures, int Weeks)> columns,
        IReadOnlyList<UsageMeasure> measures, int k)
    {
        pdf.Heading(heading);
        foreach (var chunk in columns.Chunk(ColumnsPerTable))
        {
            var share = 0.6 / ColumnsPerTable;
            pdf.Table(["Figure", .. chunk.Select(c => c.Name)],
                measures.Select(m => (IReadOnlyList<string>)[ReportWords.Header(m), .. chunk.Select(c => ReportWords.Text(c.Figures[m], m, c.Weeks, k))]).ToList(),
                [0.4, .. chunk.Select(_ => share)], [false, .. chunk.Select(_ => true)]);
        }
    }
}
