using System.Text;
using Transparency.Core.AccessLog;
using Transparency.Core.EventStore;
using Transparency.Core.Employees;
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
    }

    private static async Task<IResult> DownloadCsvAsync(HttpContext http, UsageReportService reports, TimeProvider clock)
    {
        var (query, problem) = ReportQuery.Parse(http.Request.Query, clock.GetUtcNow().UtcDateTime);
        if (query is null)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "This report cannot be made", detail: problem);
        var report = await reports.ReportAsync(query, Viewer(http, ReportFormat.Csv), http.RequestAborted);
        if (report is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such org unit",
                detail: $"There is no org unit '{query.OrgUnitId}'. Choose one from the report page.");
        return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ReportCsv.Write(report))).ToArray(),
            "text/csv; charset=utf-8", ReportCsv.FileName(report));
    }

    /// <summary>Who is asking, for the report-view log: the account they signed in with, and the role they ask in.</summary>
    public static ReportViewer Viewer(HttpContext http, ReportFormat format) => Viewer(http.User, format);

    public static ReportViewer Viewer(System.Security.Claims.ClaimsPrincipal user, ReportFormat format) =>
        new(user.FindFirst(AppClaims.Account)?.Value ?? user.Identity?.Name ?? "unknown",
            user.IsInRole(Roles.WorksCouncil) ? ActorRole.WorksCouncil : ActorRole.PrivacyOfficer, format);
}
