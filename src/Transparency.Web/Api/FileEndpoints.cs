using Transparency.Core.Records;
using Transparency.Web.Auth;

namespace Transparency.Web.Api;

/// <summary>Downloads the pages link to. Paths under <c>/files</c> answer 401/403 rather than redirecting to sign-in.</summary>
public static class FileEndpoints
{
    public static void MapTransparencyFiles(this WebApplication app)
    {
        app.MapGet("/files/my/export.zip", DownloadMyDataAsync)
            .RequireAuthorization(AppPolicies.Employee)
            .WithName("DownloadMyData")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    /// <summary>
    /// Everything held about the signed-in employee as a zip (GDPR Art. 15(3) and Art. 20). The zip is
    /// written to the response as it is produced: the file can be far larger than the server should hold in memory.
    /// </summary>
    private static async Task<IResult> DownloadMyDataAsync(HttpContext http, CurrentEmployee current, PersonalDataExport export, TimeProvider clock)
    {
        var employee = await current.FromAsync(http.User, http.RequestAborted);
        if (employee is null)
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Your sign-in is not linked to an employee",
                detail: "There is no data about you to download. If you believe data is being captured about you, contact the privacy officer.");

        return Results.Stream(
            (Stream body) => export.WriteAsync(employee.Id, body, http.RequestAborted),
            contentType: "application/zip",
            fileDownloadName: PersonalDataExport.FileName(employee.Id, clock.GetUtcNow().UtcDateTime));
    }
}
