using System.Globalization;
using Transparency.Core.Disclosures;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Web.Auth;

namespace Transparency.Web.Api;

/// <summary>
/// Disclosure PDFs: HR's for one employee and for the organisation, and the employee's own. Each file is issued (its hash
/// recorded, HR's download logged and told to the employee) before a byte of it is sent.
/// </summary>
public static class DisclosureEndpoints
{
    public static void MapTransparencyDisclosures(this WebApplication app)
    {
        // The literal path wins over the pattern below, so no employee id can be "organisation".
        app.MapGet("/hr/disclosures/organisation.pdf", DownloadOrganisationAsync)
            .RequireAuthorization(AppPolicies.HR)
            .WithName("DownloadOrganisationDisclosure")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf");
        app.MapGet("/hr/disclosures/{employeeId}.pdf", DownloadForEmployeeAsync)
            .RequireAuthorization(AppPolicies.HR)
            .WithName("DownloadEmployeeDisclosure")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/my/disclosure.pdf", DownloadOwnAsync)
            .RequireAuthorization(AppPolicies.Employee)
            .WithName("DownloadMyDisclosure")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> DownloadForEmployeeAsync(string employeeId, HttpContext http, DisclosureService disclosures)
    {
        var (period, problem) = PeriodOf(http.Request.Query);
        if (period is null)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "This disclosure cannot be made", detail: problem);
        var why = http.Request.Query["reason"].ToString();
        if (string.IsNullOrWhiteSpace(why))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Say why you download this disclosure",
                detail: "Add reason=… : the employee reads the reason on their access page and in the notice they get.");
        if (why.Length > 500)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The reason is too long", detail: "Give the reason in at most 500 characters.");
        if (PlainText.Problem(why) is { } notText)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The reason cannot be kept as written", detail: notText);
        var file = await disclosures.IssueAsync(new EmployeeId(employeeId), period,
            new DisclosureReader(AppClaims.AccountOf(http.User), ActorRole.HR, why), VerifyAt(http.Request), http.RequestAborted);
        if (file is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such employee",
                detail: $"There is no employee '{employeeId}'. Find them on the disclosures page.");
        return Pdf(file);
    }

    private static async Task<IResult> DownloadOrganisationAsync(HttpContext http, DisclosureService disclosures) =>
        Pdf(await disclosures.IssueOrganisationAsync(new DisclosureReader(AppClaims.AccountOf(http.User), ActorRole.HR), VerifyAt(http.Request),
            http.RequestAborted));

    private static async Task<IResult> DownloadOwnAsync(HttpContext http, CurrentEmployee current, DisclosureService disclosures)
    {
        var employee = await current.FromAsync(http.User, http.RequestAborted);
        if (employee is null)
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Your sign-in is not linked to an employee",
                detail: "There is no data about you to disclose. If you believe data is being captured about you, contact the privacy officer.");
        var (period, problem) = PeriodOf(http.Request.Query);
        if (period is null)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "This disclosure cannot be made", detail: problem);
        var file = await disclosures.IssueAsync(employee.Id, period, new DisclosureReader(AppClaims.AccountOf(http.User), ActorRole.Employee),
            VerifyAt(http.Request), http.RequestAborted);
        return file is null
            ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Your employee record is gone", detail: "There is no data about you to disclose.")
            : Pdf(file);
    }

    /// <summary>The file as issued; the browser saves it under its name. Its hash is in the store, so it is never cached or altered on the way.</summary>
    private static IResult Pdf(IssuedFile file) =>
        Results.Stream(async body => await body.WriteAsync(file.Content), "application/pdf", file.FileName);

    /// <summary>The period from <c>from</c> and <c>to</c> (yyyy-MM-dd, both optional), or why it cannot be read.</summary>
    public static (DisclosurePeriod? Period, string? Problem) PeriodOf(IQueryCollection query)
    {
        DateOnly? Day(string key, out string? problem)
        {
            problem = null;
            var text = query[key].ToString();
            if (string.IsNullOrEmpty(text))
                return null;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                return day;
            problem = $"'{text}' is not a day: give {key} as yyyy-MM-dd, e.g. 2026-11-30.";
            return null;
        }

        var from = Day("from", out var fromProblem);
        var to = Day("to", out var toProblem);
        if ((fromProblem ?? toProblem) is { } problem)
            return (null, problem);
        var period = new DisclosurePeriod(from, to);
        return period.Problem is { } ends ? (null, ends) : (period, null);
    }

    /// <summary>Where this app verifies files, as the reader of the file will reach it.</summary>
    private static string VerifyAt(HttpRequest request) => $"{request.Scheme}://{request.Host}/verify";
}
