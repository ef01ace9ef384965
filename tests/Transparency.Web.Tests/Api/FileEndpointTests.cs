using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Transparency.Web.Tests.Hosting;

namespace Transparency.Web.Tests.Api;

/// <summary>The personal data download over HTTP, against the real app and its sign-in.</summary>
public sealed class FileEndpointTests(TransparencyAppFactory app) : IClassFixture<TransparencyAppFactory>
{
    private const string ExportPath = "/files/my/export.zip";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anonymous_download_is_refused_with_401_not_a_redirect()
    {
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync(ExportPath, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Signed_in_employee_downloads_a_zip_of_exactly_their_own_data()
    {
        var client = await app.ClientForAsync("E00001");

        using var response = await client.GetAsync(ExportPath, HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition;
        Assert.Equal("attachment", disposition?.DispositionType);
        Assert.Matches(@"^transparency-E00001-\d{8}-\d{4}\.zip$", disposition?.FileName?.Trim('"'));

        await using var body = new MemoryStream();
        await (await response.Content.ReadAsStreamAsync(Ct)).CopyToAsync(body, Ct);
        body.Position = 0;
        using var zip = new ZipArchive(body, ZipArchiveMode.Read);
        Assert.Equal(
            ["README.txt", "access-log.jsonl", "decisions.jsonl", "flags.jsonl", "records.csv", "records.jsonl", "standing-rules.jsonl"],
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));

        var exported = Lines(zip, "records.jsonl").Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var own = await ContentOfAsync("E00001");
        Assert.Equal(own.Keys.Order(), exported.Select(r => r.GetProperty("id").GetGuid()).Order());
        foreach (var record in exported)
            Assert.Equal(
                JsonSerializer.Serialize(JsonDocument.Parse(own[record.GetProperty("id").GetGuid()]).RootElement),
                JsonSerializer.Serialize(record.GetProperty("content")));
        var others = (await ContentOfAsync("E00004")).Keys.Concat((await ContentOfAsync("E00006")).Keys).ToList();
        Assert.NotEmpty(others);
        var csv = string.Join('\n', Lines(zip, "records.csv"));
        Assert.All(others, id => Assert.DoesNotContain(id.ToString(), csv));
        Assert.All(others, id => Assert.DoesNotContain(exported, r => r.GetProperty("id").GetGuid() == id));
        Assert.Equal(own.Count + 1, Lines(zip, "records.csv").Count);
    }

    [Fact]
    public async Task A_sign_in_name_changed_after_sign_in_still_downloads_only_the_signed_in_employees_data()
    {
        // The employee was matched when they signed in; a name the directory later renames or hands to someone else changes nothing.
        var client = await app.SignInAsync(TransparencyAppFactory.DemoUser("E00003"));
        await SetSignInIdentityAsync("E00003", "someone-else@demo.transparency");
        await SetSignInIdentityAsync("E00004", TransparencyAppFactory.DemoUser("E00003").SignInIdentity);
        try
        {
            using var response = await client.GetAsync(ExportPath, Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(Ct));
            var csv = string.Join('\n', Lines(zip, "records.csv"));
            Assert.All((await ContentOfAsync("E00004")).Keys, id => Assert.DoesNotContain(id.ToString(), csv));
            Assert.Equal((await ContentOfAsync("E00003")).Count + 1, Lines(zip, "records.csv").Count);
        }
        finally
        {
            await SetSignInIdentityAsync("E00004", TransparencyAppFactory.DemoUser("E00004").SignInIdentity);
            await SetSignInIdentityAsync("E00003", TransparencyAppFactory.DemoUser("E00003").SignInIdentity);
        }
    }

    private static List<string> Lines(ZipArchive zip, string entry)
    {
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private async Task<Dictionary<Guid, string>> ContentOfAsync(string employeeId)
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        return await db.CaptureContents.Where(c => c.EmployeeId == employeeId).ToDictionaryAsync(c => c.RecordId, c => c.Json, Ct);
    }

    private async Task SetSignInIdentityAsync(string employeeId, string identity)
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        await db.Employees.Where(e => e.Id == employeeId).ExecuteUpdateAsync(s => s.SetProperty(e => e.SignInIdentity, identity), Ct);
    }
}
