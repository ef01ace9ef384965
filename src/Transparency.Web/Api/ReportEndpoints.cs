using System.Text;
using Transparency.Core.EventStore;
using Transparency.Core.Reports;
using Transparency.Web.Auth;
using Transparency.Web.Components.Pages.Council;

namespace Transparency.Web.Api;

/// <summary>The works council report's downloads: the report on screen, with the page's query string.</summary>
public static class ReportEndpoints
{
    public static void MapTransparencyReports(this WebApplication app)
    {
        app.MapGet("/council/reports/usage.csv", DownloadCsvAsync)
            .RequireAuthorization(AppPolicies.CouncilReports)
            .WithName("DownloadUsageReportCsv")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/council/reports/usage.pdf", DownloadPdfAsync)
            .RequireAuthorization(AppPolicies.CouncilReports)
            .WithName("DownloadUsageReportPdf")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Task<IResult> DownloadCsvAsync(HttpContext http, UsageReportService reports, TimeProvider clock) =>
        DownloadAsync(http, reports, clock, ReportFormat.Csv, (report, _) =>
            Results.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(UsageReportCsv.Write(report))],
                "text/csv; charset=utf-8", UsageReportCsv.FileName(report)));

    private static Task<IResult> DownloadPdfAsync(HttpContext http, UsageReportService reports, TimeProvider clock) =>
        DownloadAsync(http, reports, clock, ReportFormat.Pdf, (report, now) =>
            Results.File(UsageReportPdf.Write(report, now), "application/pdf", UsageReportPdf.FileName(report)));

    /// <summary>The report the page's query string asks for, in one format; a question that cannot be answered gets a problem saying why.</summary>
    private static async Task<IResult> DownloadAsync(HttpContext http, UsageReportService reports, TimeProvider clock, ReportFormat format,
        Func<UsageReport, DateTime, IResult> file)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (query, problem) = ReportQuery.Parse(http.Request.Query, now);
        if (query is null)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "This report cannot be made", detail: problem);
        var report = await reports.ReportAsync(query, AppClaims.ReportViewerOf(http.User, format), http.RequestAborted);
        if (report is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such org unit",
                detail: $"There is no org unit '{query.OrgUnitId}'. Choose one from the report page.");
        return file(report, now);
    }
}
