using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transparency.Core.AccessLog;
using Transparency.Core.ApiClients;
using Transparency.Core.Demo;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Web.Tests.Hosting;

namespace Transparency.Web.Tests.Api;

/// <summary>The training export over HTTP, against the real app, its API-key authentication and a real store.</summary>
public abstract class TrainingExportEndpointTests<TFactory>(TFactory app) where TFactory : TransparencyAppFactory
{
    private const string RecordsPath = "/api/v1/training/records";
    private const string RevocationsPath = "/api/v1/training/revocations";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int EligibleRecords => TransparencyAppFactory.RecordsPerEmployee.Values.Sum() + 1;

    [Theory]
    [InlineData(RecordsPath)]
    [InlineData(RevocationsPath)]
    public async Task Request_without_a_key_is_refused_with_401_problem_details(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(RecordsPath)]
    [InlineData(RevocationsPath)]
    public async Task Capture_key_is_refused_with_403(string path)
    {
        var key = await KeyAsync("capture-" + Guid.NewGuid().ToString("N")[..8], ApiScopes.CaptureWrite);
        using var client = ClientWith(key);

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Revoked_training_key_is_refused_with_401()
    {
        var name = "revoked-" + Guid.NewGuid().ToString("N")[..8];
        var key = await KeyAsync(name, ApiScopes.TrainingRead);
        Assert.True(await app.Services.GetRequiredService<ApiClientService>().RevokeAsync(name, Ct));
        using var client = ClientWith(key);

        using var response = await client.GetAsync(RecordsPath, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(RecordsPath + "?after=not-a-cursor")]
    [InlineData(RecordsPath + "?after=")]
    [InlineData(RecordsPath + "?limit=0")]
    [InlineData(RecordsPath + "?limit=10001")]
    [InlineData(RecordsPath + "?limit=ten")]
    [InlineData(RevocationsPath + "?after=12")]
    [InlineData(RevocationsPath + "?limit=-1")]
    // A stored cursor sent under another name would otherwise read the feed from its start again.
    [InlineData(RecordsPath + "?cursor=abc")]
    [InlineData(RecordsPath + "?cursor=")]
    [InlineData(RevocationsPath + "?cursor=s12")]
    [InlineData(RecordsPath + "?limit=10&limit=20")]
    [InlineData(RevocationsPath + "?after=s1&after=s2")]
    public async Task Bad_cursor_or_limit_is_a_400_problem(string url)
    {
        using var client = ClientWith(await KeyAsync("bad-" + Guid.NewGuid().ToString("N")[..8], ApiScopes.TrainingRead));

        using var response = await client.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Paging_by_next_cursor_visits_every_eligible_record_once_and_the_employee_sees_the_export()
    {
        var name = "pager-" + Guid.NewGuid().ToString("N")[..8];
        using var client = ClientWith(await KeyAsync(name, ApiScopes.TrainingRead));

        var seen = new List<JsonElement>();
        var batches = new List<(Guid Batch, List<JsonElement> Lines)>();
        string? cursor = null;
        var pages = 0;
        do
        {
            using var response = await client.GetAsync(RecordsPath + "?limit=2" + (cursor is null ? "" : "&after=" + Uri.EscapeDataString(cursor)), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
            var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement).ToList();
            Assert.InRange(lines.Count, 1, 2);
            seen.AddRange(lines);
            batches.Add((Guid.Parse(response.Headers.GetValues("X-Export-Batch").Single()), lines));
            cursor = response.Headers.TryGetValues("X-Next-Cursor", out var next) ? next.Single() : null;
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.Equal(EligibleRecords, seen.Count);
        Assert.Equal(seen.Count, seen.Select(r => r.GetProperty("id").GetGuid()).Distinct().Count());
        Assert.Equal((EligibleRecords + 1) / 2, pages);
        var first = seen[0];
        Assert.Equal("hello", first.GetProperty("content").GetProperty("text").GetString());
        Assert.Contains("modelTraining", first.GetProperty("purposes").EnumerateArray().Select(p => p.GetString()));
        Assert.False(string.IsNullOrEmpty(first.GetProperty("employeeId").GetString()));

        // The employee's access log (the /my/access page's data) names the batch, the client and the count.
        var log = app.Services.GetRequiredService<AccessLogService>();
        var entries = (await log.ListAsync(new EmployeeId("E00001"), new AccessFilter(AccessChannel.TrainingExport), 0, 200, Ct)).Entries
            .Where(e => e.ActorId == name).ToList();
        var carried = batches
            .Select(b => (b.Batch, Count: b.Lines.Count(l => l.GetProperty("employeeId").GetString() == "E00001")))
            .Where(b => b.Count > 0).ToList();
        Assert.Equal(carried.Select(b => b.Batch).Order(), entries.Select(e => e.ExportBatchId!.Value).Order());
        Assert.All(entries, e => Assert.Equal(carried.Single(b => b.Batch == e.ExportBatchId).Count, e.RecordCount));
        Assert.Equal(TransparencyAppFactory.RecordsPerEmployee["E00001"], entries.Sum(e => e.RecordCount));
    }

    [Fact]
    public async Task Revocation_feed_is_ndjson_with_a_resume_cursor()
    {
        using var client = ClientWith(await KeyAsync("feed-" + Guid.NewGuid().ToString("N")[..8], ApiScopes.TrainingRead));

        using var response = await client.GetAsync(RevocationsPath, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("X-Next-Cursor"));
        var resume = response.Headers.GetValues("X-Resume-Cursor").Single();
        using var again = await client.GetAsync(RevocationsPath + "?after=" + resume, Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    /// <summary>Cursors as they would be if a client knew their layout: well-formed, pointing somewhere, but not issued.</summary>
    public static TheoryData<string, string> ForgedCursors => new()
    {
        { RecordsPath, Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{DateTime.UtcNow.Ticks}|E00001|{Guid.NewGuid():N}")) },
        { RecordsPath, Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"0|E00001|{Guid.Empty:N}")) },
        { RevocationsPath, "r0" },
        { RevocationsPath, "r9223372036854775807" },
    };

    [Theory, MemberData(nameof(ForgedCursors))]
    public async Task A_well_formed_cursor_the_app_did_not_issue_is_a_400_and_exports_nothing(string path, string forged)
    {
        using var client = ClientWith(await KeyAsync("forger-" + Guid.NewGuid().ToString("N")[..8], ApiScopes.TrainingRead));
        var batches = await ExportBatchCountAsync();

        using var response = await client.GetAsync(path + "?after=" + Uri.EscapeDataString(forged), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Next-Cursor", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(batches, await ExportBatchCountAsync());
    }

    [Theory]
    [InlineData(RecordsPath)]
    [InlineData(RevocationsPath)]
    public async Task An_issued_cursor_is_accepted_by_any_training_client_and_refused_once_altered(string path)
    {
        using var first = ClientWith(await KeyAsync("first-" + Guid.NewGuid().ToString("N")[..8], ApiScopes.TrainingRead));
        using var second = ClientWith(await KeyAsync("second-" + Guid.NewGuid().ToString("N")[..8], ApiScopes.TrainingRead));
        using var issued = await first.GetAsync(path + "?limit=1", Ct);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var cursor = (issued.Headers.TryGetValues("X-Next-Cursor", out var next) ? next : issued.Headers.GetValues("X-Resume-Cursor")).Single();
        var altered = cursor[..^2] + (cursor[^2] == 'A' ? 'B' : 'A') + cursor[^1];

        using var again = await first.GetAsync(path + "?after=" + cursor, Ct);
        using var byAnother = await second.GetAsync(path + "?after=" + cursor, Ct);
        using var changed = await first.GetAsync(path + "?after=" + altered, Ct);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        // A pipeline that moves to a new key keeps its place.
        Assert.Equal(HttpStatusCode.OK, byAnother.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, changed.StatusCode);
    }

    private async Task<int> ExportBatchCountAsync()
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        return await db.ExportBatches.CountAsync(Ct);
    }

    [Fact]
    public async Task Openapi_describes_both_endpoints()
    {
        using var client = app.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Ct)).RootElement;

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { RecordsPath, RevocationsPath })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.True(get.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/x-ndjson", out _));
            Assert.Contains(get.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "after");
        }
    }

    private async Task<string> KeyAsync(string name, string scope) =>
        (await app.Services.GetRequiredService<ApiClientService>().CreateAsync(name, [scope], Ct)).Key;

    private HttpClient ClientWith(string key)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}

public sealed class SqliteTrainingExportEndpointTests(TransparencyAppFactory app)
    : TrainingExportEndpointTests<TransparencyAppFactory>(app), IClassFixture<TransparencyAppFactory>;

public sealed class PostgresTrainingExportEndpointTests(PostgresAppFactory app)
    : TrainingExportEndpointTests<PostgresAppFactory>(app), IClassFixture<PostgresAppFactory>;

/// <summary>An employee's withhold over the same app: the next export leaves the record out and the feed revokes it.</summary>
public sealed class TrainingExportWithholdTests(TransparencyAppFactory app) : IClassFixture<TransparencyAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Withheld_record_leaves_the_export_and_enters_the_revocation_feed()
    {
        var key = (await app.Services.GetRequiredService<ApiClientService>().CreateAsync("withhold-pipeline", [ApiScopes.TrainingRead], Ct)).Key;
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var before = await IdsAsync(client);
        var target = before.First(r => r.Employee == "E00001").Id;

        await app.Services.GetRequiredService<Transparency.Core.Decisions.DecisionService>()
            .WithholdAsync(new EmployeeId("E00001"), Transparency.Core.Decisions.ActTarget.One(target), Ct);

        var after = await IdsAsync(client);
        Assert.Equal(before.Select(r => r.Id).Where(id => id != target).Order(), after.Select(r => r.Id).Order());
        using var feed = await client.GetAsync("/api/v1/training/revocations", Ct);
        var line = JsonDocument.Parse((await feed.Content.ReadAsStringAsync(Ct)).Trim()).RootElement;
        Assert.Equal(target, line.GetProperty("recordId").GetGuid());
        // The pipeline is told to purge, not that the employee withheld it.
        Assert.Equal("no_longer_eligible", line.GetProperty("reason").GetString());
        Assert.False(line.TryGetProperty("reasons", out _));
    }

    private static async Task<List<(Guid Id, string Employee)>> IdsAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/v1/training/records?limit=10000", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Next-Cursor"));
        return (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(r => (r.GetProperty("id").GetGuid(), r.GetProperty("employeeId").GetString()!))
            .ToList();
    }
}
