using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Testing;
using Transparency.Web.Tests.Hosting;

namespace Transparency.Web.Tests.Api;

/// <summary>Disclosures over HTTP as HR, an employee and an anonymous holder of the file use them: downloads, bad input, and the public check.</summary>
public sealed class DisclosureEndpointTests(TransparencyAppFactory app) : IClassFixture<TransparencyAppFactory>
{
    private const string HrPartner = "E00005";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/hr/disclosures/E00001.pdf", "Say why you download this disclosure")]
    [InlineData("/hr/disclosures/E00001.pdf?reason=%20%20", "Say why you download this disclosure")]
    [InlineData("/hr/disclosures/E00001.pdf?reason=x&from=2026-02-30", "is not a day")]
    [InlineData("/hr/disclosures/E00001.pdf?reason=x&from=2026-11-30&to=2026-11-01", "The period ends before it starts.")]
    [InlineData("/my/disclosure.pdf?to=yesterday", "is not a day")]
    [InlineData("/hr/disclosures/E00001.pdf?reason=because%00of", "control character U+0000")]
    public async Task A_request_that_cannot_be_answered_gets_a_problem_and_issues_and_logs_nothing(string path, string problem)
    {
        var client = await app.ClientForAsync(path.StartsWith("/hr", StringComparison.Ordinal) ? HrPartner : "E00001");
        var before = await CountsAsync();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains(problem, json.RootElement.GetProperty("title").GetString() + " " + json.RootElement.GetProperty("detail").GetString());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_period_to_the_last_day_there_is_covers_everything_from_its_start()
    {
        var client = await app.ClientForAsync(HrPartner);

        using var response = await client.GetAsync("/hr/disclosures/E00001.pdf?reason=Access%20request&from=0001-01-01&to=9999-12-31", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("records captured from 0001-01-01 to 9999-12-31", PdfText.All(await response.Content.ReadAsByteArrayAsync(Ct)));
    }

    [Fact]
    public async Task An_unknown_employee_is_404_and_nothing_is_logged()
    {
        var client = await app.ClientForAsync(HrPartner);
        var before = await CountsAsync();

        using var response = await client.GetAsync("/hr/disclosures/E99999.pdf?reason=Access%20request", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Hr_s_download_reaches_the_employee_s_access_log_and_notices_and_their_own_does_not()
    {
        var hr = await app.ClientForAsync(HrPartner);
        var employee = await app.ClientForAsync("E00002");

        using (var own = await employee.GetAsync("/my/disclosure.pdf", Ct))
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal((0, 0), await LoggedForAsync("E00002"));

        using (var download = await hr.GetAsync("/hr/disclosures/E00002.pdf?reason=Preparing%20the%20answer%20to%20a%20complaint", Ct))
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal((1, 1), await LoggedForAsync("E00002"));
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        var entry = await db.AccessLog.SingleAsync(a => a.EmployeeId == "E00002" && a.Channel == AccessChannel.HrDisclosureDownload, Ct);
        Assert.Equal("Preparing the answer to a complaint", entry.Why);
        Assert.Equal(TransparencyAppFactory.DemoUser(HrPartner).SignInIdentity, entry.ActorId.Split('/')[^1]);
    }

    [Fact]
    public async Task The_public_check_tells_an_issued_file_from_a_changed_one_and_from_a_non_pdf()
    {
        var hr = await app.ClientForAsync(HrPartner);
        var issued = await hr.GetByteArrayAsync("/hr/disclosures/E00001.pdf?reason=Access%20request", Ct);
        var anonymous = app.CreateBrowserClient();

        var genuine = await CheckAsync(anonymous, "disclosure.pdf", issued);
        Assert.Contains("disclosure.pdf: genuine.", genuine);
        Assert.Contains("for A. M. (" + TransparencyAppFactory.OrgUnitName + ")", genuine);
        Assert.DoesNotContain("Alex", genuine);

        var changed = issued.ToArray();
        changed[changed.Length / 2] ^= 0x01;
        var altered = await CheckAsync(anonymous, "changed.pdf", changed);
        Assert.DoesNotContain("genuine", altered);
        Assert.True(altered.Contains("changed.pdf: altered.", StringComparison.Ordinal) || altered.Contains("changed.pdf: not a disclosure issued here", StringComparison.Ordinal), altered);

        var cut = await CheckAsync(anonymous, "cut.pdf", issued[..(issued.Length / 2)]);
        Assert.True(cut.Contains("cut.pdf: altered.", StringComparison.Ordinal) || cut.Contains("cut.pdf: not a disclosure issued here", StringComparison.Ordinal), cut);
        Assert.Contains("notes.txt: not a PDF.", await CheckAsync(anonymous, "notes.txt", "plain text"u8.ToArray()));
    }

    [Fact]
    public async Task Hr_reaches_no_content_of_an_employee_through_any_page_or_endpoint()
    {
        const string secret = "only-E00001-typed-this";
        var record = TestData.Record("E00001", DateTime.UtcNow.AddMinutes(-30));
        record.Summary = $"Typed {secret}";
        record.Content = new CaptureContent { EmployeeId = "E00001", Json = $$"""{"text":"{{secret}}"}""" };
        await using (var db = await app.Store.Contexts.CreateDbContextAsync(Ct))
        {
            db.CaptureRecords.Add(record);
            await db.SaveChangesAsync(Ct);
        }
        var hr = await app.ClientForAsync(HrPartner);

        foreach (var path in new[]
                 {
                     $"/my/records/{record.Id}", $"/my/records?text={secret}", "/files/my/export.zip", "/my/disclosure.pdf",
                     "/hr/disclosures/E00001.pdf?reason=Access%20request", "/hr/disclosures/organisation.pdf", "/hr/disclosures",
                     "/council/reports/usage.csv", "/api/v1/training/records", "/my/access",
                 })
        {
            using var response = await hr.GetAsync(path, Ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
            var text = response.Content.Headers.ContentType?.MediaType switch
            {
                "application/pdf" => PdfText.All(bytes),
                "application/zip" => ZipText(bytes),
                _ => System.Text.Encoding.UTF8.GetString(bytes),
            };
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"HR read E00001's content through {path} ({(int)response.StatusCode}).");
        }
        // The content is there to be read, by its employee.
        var own = await (await app.ClientForAsync("E00001")).GetByteArrayAsync("/files/my/export.zip", Ct);
        Assert.Contains(secret, ZipText(own));
    }

    private static string ZipText(byte[] zip)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        return string.Join('\n', archive.Entries.Select(e => new StreamReader(e.Open()).ReadToEnd()));
    }

    /// <summary>Posts the file with the verification page's own form, as a browser would, and returns the text the page then shows.</summary>
    private static async Task<string> CheckAsync(HttpClient client, string name, byte[] content)
    {
        using var form = await client.GetAsync("/verify", Ct);
        var page = await TransparencyAppFactory.ParseAsync(form, Ct);
        var token = Assert.IsType<IHtmlInputElement>(page.QuerySelector("form[data-testid='verify-form'] input[name='__RequestVerificationToken']"), exactMatch: false);
        var handler = Assert.IsType<IHtmlInputElement>(page.QuerySelector("form[data-testid='verify-form'] input[name='_handler']"), exactMatch: false);
        using var body = new MultipartFormDataContent
        {
            { new StringContent(token.Value), "__RequestVerificationToken" },
            { new StringContent(handler.Value), "_handler" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : "text/plain");
        body.Add(file, "File", name);

        using var response = await client.PostAsync("/verify", body, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await TransparencyAppFactory.ParseAsync(response, Ct)).QuerySelector("[data-testid='verify-result']");
        return string.Join(' ', (result?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private async Task<(int Access, int Notices)> LoggedForAsync(string employee)
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        return (await db.AccessLog.CountAsync(a => a.EmployeeId == employee, Ct), await db.Notices.CountAsync(n => n.EmployeeId == employee, Ct));
    }

    private async Task<(int Issued, int Access, int Notices)> CountsAsync()
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        return (await db.IssuedDisclosures.CountAsync(Ct), await db.AccessLog.CountAsync(Ct), await db.Notices.CountAsync(Ct));
    }
}
