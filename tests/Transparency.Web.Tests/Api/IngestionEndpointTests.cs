using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transparency.Core.ApiClients;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Testing;
using Transparency.Web.Tests.Hosting;
using static Transparency.Testing.CaptureBatches;

namespace Transparency.Web.Tests.Api;

/// <summary>The app with small ingestion limits, so the 413s and the 429 can be reached with small requests.</summary>
public class SmallIngestionLimitsFactory : TransparencyAppFactory
{
    public const int RequestsPerMinute = 60;

    public SmallIngestionLimitsFactory() { }

    protected SmallIngestionLimitsFactory(StoreProvider provider) : base(provider) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Ingestion:MaxRecordsPerBatch", "3");
        builder.UseSetting("Ingestion:MaxContentBytesPerRecord", "2000");
        builder.UseSetting("Ingestion:MaxRequestBytes", "20000");
        builder.UseSetting("Ingestion:RequestsPerMinute", RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class PostgresSmallIngestionLimitsFactory() : SmallIngestionLimitsFactory(StoreProvider.Postgres);

public sealed class IngestionEndpointTests(SmallIngestionLimitsFactory app) : IngestionEndpointContract(app), IClassFixture<SmallIngestionLimitsFactory>;

public sealed class PostgresIngestionEndpointTests(PostgresSmallIngestionLimitsFactory app)
    : IngestionEndpointContract(app), IClassFixture<PostgresSmallIngestionLimitsFactory>;

/// <summary><c>POST /api/v1/capture-records</c> over HTTP against the real app, its authentication and its store (SQLite and PostgreSQL).</summary>
public abstract class IngestionEndpointContract(SmallIngestionLimitsFactory app)
{
    private const string Path = "/api/v1/capture-records";
    private const string Ada = "E00002";
    private const string Ben = "E00003";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiClientService Clients => app.Services.GetRequiredService<ApiClientService>();

    private async Task<HttpClient> ClientWithAsync(params string[] scopes)
    {
        var key = await Clients.CreateAsync($"test-{Guid.NewGuid():N}", scopes, Ct);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        return client;
    }

    private static ByteArrayContent Body(byte[] body, string mediaType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private async Task<(int Records, int Contents, int Notices, int Keys)> CountsAsync()
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        return (await db.CaptureRecords.CountAsync(Ct), await db.Set<CaptureContent>().CountAsync(Ct),
            await db.Notices.CountAsync(Ct), await db.IdempotencyRecords.CountAsync(Ct));
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    [Fact]
    public async Task Json_batch_is_accepted_and_the_records_are_held_with_content_and_snapshot_bytes()
    {
        using var client = await ClientWithAsync(ApiScopes.CaptureWrite);
        var typed = Keystrokes(Ada);
        var snapshot = Snapshot(Ada);

        using var response = await client.PostAsync(Path, Body(Json(typed, snapshot)), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonAsync(response);
        Assert.Equal(2, json.GetProperty("accepted").GetInt32());
        Assert.Equal(0, json.GetProperty("duplicates").GetInt32());
        Assert.Equal("accepted", json.GetProperty("records")[0].GetProperty("status").GetString());
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        var held = await db.CaptureRecords.Include(r => r.Content).Where(r => r.Id == Id(typed) || r.Id == Id(snapshot)).ToListAsync(Ct);
        Assert.Contains("Hello⌫o", held.Single(r => r.Id == Id(typed)).Content!.Json);
        Assert.Equal(Png, held.Single(r => r.Id == Id(snapshot)).Content!.Snapshot);
    }

    [Theory]
    [InlineData(19_000, 200)]
    [InlineData(20_001, 413)]
    public async Task Body_sent_without_a_length_is_read_whole_up_to_the_limit_and_refused_past_it(int size, int status)
    {
        using var client = await ClientWithAsync(ApiScopes.CaptureWrite);
        var typed = Keystrokes(Ada);
        var json = Json(typed);
        // Insignificant white space keeps the JSON valid; sent in small chunks with no Content-Length, as a streaming
        // client would, so the app cannot size its buffer from the header.
        byte[] body = [.. json[..^1], .. Enumerable.Repeat((byte)' ', size - json.Length), json[^1]];
        var before = await CountsAsync();

        using var response = await client.PostAsync(Path, new UnsizedContent(body), Ct);

        Assert.Equal(status, (int)response.StatusCode);
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(status == 200, await db.CaptureRecords.AnyAsync(r => r.Id == Id(typed), Ct));
        if (status != 200)
            Assert.Equal(before, await CountsAsync());
    }

    /// <summary>A JSON body whose length is not declared, written in chunks of 1,000 bytes.</summary>
    private sealed class UnsizedContent : HttpContent
    {
        private readonly byte[] _body;

        public UnsizedContent(byte[] body)
        {
            _body = body;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            foreach (var chunk in _body.Chunk(1_000))
            {
                await stream.WriteAsync(chunk);
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task Ndjson_batch_is_accepted()
    {
        using var client = await ClientWithAsync(ApiScopes.CaptureWrite);
        var first = Click(Ben);

        using var response = await client.PostAsync(Path, Body(NdJson(first, Pointer(Ben)), "application/x-ndjson"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await JsonAsync(response)).GetProperty("accepted").GetInt32());
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        Assert.True(await db.CaptureRecords.AnyAsync(r => r.Id == Id(first) && r.Content != null, Ct));
    }

    public static TheoryData<string, int> BadBodies => new()
    {
        { "malformed", 400 }, { "wrong type", 400 }, { "missing field", 422 }, { "unknown kind", 422 }, { "unknown purpose", 422 },
        { "unknown sensitivity", 422 }, { "too many", 413 }, { "content too large", 413 }, { "request too large", 413 },
        { "invalid base64", 422 }, { "future", 422 }, { "duplicate ids", 422 }, { "unknown employee", 422 },
    };

    [Theory, MemberData(nameof(BadBodies))]
    public async Task Bad_batch_gets_its_status_as_problem_details_and_changes_nothing(string bad, int status)
    {
        using var client = await ClientWithAsync(ApiScopes.CaptureWrite);
        var good = Keystrokes(Ada);
        var body = bad switch
        {
            "malformed" => "[{\"id\": "u8.ToArray(),
            "wrong type" => Json(good, Set(Click(Ada), "deviceId", 42)),
            "missing field" => Json(good, Remove(Click(Ada), "application")),
            "unknown kind" => Json(good, Set(Click(Ada), "kind", "mindReading")),
            "unknown purpose" => Json(good, Keystrokes(Ada, purposes: ["marketing"])),
            "unknown sensitivity" => Json(good, Set(Click(Ada), "sensitivity", new JsonArray("secret"))),
            "too many" => Json(good, Click(Ada), Click(Ada), Click(Ada)),
            "content too large" => Json(good, Keystrokes(Ada, text: new string('a', 2_500))),
            // Insignificant white space keeps the JSON valid while passing the byte limit.
            "request too large" => [.. Json(good), .. Enumerable.Repeat((byte)' ', 20_000)],
            "invalid base64" => Json(good, Snapshot(Ada, base64: "%%%")),
            "future" => Json(good, Keystrokes(Ada, capturedAt: DateTime.UtcNow.AddHours(1))),
            "duplicate ids" => Json(good, Keystrokes(Ada, Id(good))),
            "unknown employee" => Json(good, Keystrokes("E99999")),
            _ => throw new ArgumentOutOfRangeException(nameof(bad)),
        };
        var before = await CountsAsync();

        using var response = await client.PostAsync(Path, Body(body), Ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(response);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        if (bad is not ("malformed" or "too many" or "request too large"))
            Assert.Equal(1, problem.GetProperty("errors")[0].GetProperty("index").GetInt32());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Request_without_a_key_is_401()
    {
        using var client = app.CreateClient();
        var before = await CountsAsync();

        using var response = await client.PostAsync(Path, Body(Json(Keystrokes(Ada))), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Revoked_key_is_401()
    {
        var name = $"revoked-{Guid.NewGuid():N}";
        var key = await Clients.CreateAsync(name, [ApiScopes.CaptureWrite], Ct);
        await Clients.RevokeAsync(name, Ct);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        var before = await CountsAsync();

        using var response = await client.PostAsync(Path, Body(Json(Keystrokes(Ada))), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Key_without_capture_scope_is_403()
    {
        using var client = await ClientWithAsync(ApiScopes.TrainingRead);
        var before = await CountsAsync();

        using var response = await client.PostAsync(Path, Body(Json(Keystrokes(Ada))), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Resent_record_is_duplicate_and_changed_content_is_409()
    {
        using var client = await ClientWithAsync(ApiScopes.CaptureWrite);
        var item = Keystrokes(Ada);
        using (var first = await client.PostAsync(Path, Body(Json(item)), Ct))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var again = await client.PostAsync(Path, Body(Json(item)), Ct);
        var before = await CountsAsync();
        using var changed = await client.PostAsync(Path, Body(Json(Keystrokes(Ada, Id(item), text: "other"))), Ct);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var json = await JsonAsync(again);
        Assert.Equal((0, 1), (json.GetProperty("accepted").GetInt32(), json.GetProperty("duplicates").GetInt32()));
        Assert.Equal("duplicate", json.GetProperty("records")[0].GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Idempotency_key_replays_the_identical_response_and_stores_each_record_once()
    {
        using var client = await ClientWithAsync(ApiScopes.CaptureWrite);
        var body = Json(Keystrokes(Ada), Click(Ben));
        var before = await CountsAsync();

        var responses = new List<(HttpStatusCode, string)>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = Body(body) };
            request.Headers.Add("Idempotency-Key", "batch-0001");
            using var response = await client.SendAsync(request, Ct);
            responses.Add((response.StatusCode, await response.Content.ReadAsStringAsync(Ct)));
        }
        using var other = new HttpRequestMessage(HttpMethod.Post, Path) { Content = Body(Json(Click(Ada))) };
        other.Headers.Add("Idempotency-Key", "batch-0001");
        using var reused = await client.SendAsync(other, Ct);

        Assert.Equal(HttpStatusCode.OK, responses[0].Item1);
        Assert.Equal(responses[0], responses[1]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        var after = await CountsAsync();
        Assert.Equal((before.Records + 2, before.Keys + 1), (after.Records, after.Keys));
    }

    [Fact]
    public async Task Record_from_a_configured_sensitive_site_is_tagged_and_not_eligible_for_training()
    {
        using var client = await ClientWithAsync(ApiScopes.CaptureWrite);
        var banking = Keystrokes(Ada, site: "online.bank.example");

        using var response = await client.PostAsync(Path, Body(Json(banking)), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        var rule = await TrainingEligibility.ForAsync(db, DateTime.UtcNow, Ct);
        var record = await db.CaptureRecords.SingleAsync(r => r.Id == Id(banking), Ct);
        Assert.Equal(SensitivityTags.Banking, record.Sensitivity);
        Assert.Equal(Purposes.OperationalTelemetry | Purposes.ModelTraining, record.Purposes);
        Assert.False(await db.CaptureRecords.Where(r => r.Id == Id(banking)).AnyAsync(rule.IsEligible, Ct));
    }

    [Fact]
    public async Task Employee_gets_a_notice_when_a_kind_first_feeds_a_purpose()
    {
        using var client = await ClientWithAsync(ApiScopes.CaptureWrite);
        const string employee = "E00005";

        using var response = await client.PostAsync(Path, Body(Json(Focus(employee, "Inbox"), Focus(employee, "Calendar"))), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        var notices = await db.Notices.Where(n => n.EmployeeId == employee && n.Kind == NoticeKind.NewPurposeOrKind).Select(n => n.Text).ToListAsync(Ct);
        Assert.Equal(2, notices.Count);
        Assert.Contains("Application focus times captured from you now feed AI model training.", notices);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_endpoint()
    {
        using var client = app.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json", Ct);

        var operation = JsonDocument.Parse(document).RootElement.GetProperty("paths").GetProperty(Path).GetProperty("post");
        Assert.Equal("IngestCaptureRecords", operation.GetProperty("operationId").GetString());
        foreach (var status in new[] { "200", "400", "401", "403", "409", "413", "415", "422", "429" })
            Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), status);
        var body = operation.GetProperty("requestBody");
        Assert.True(body.GetProperty("required").GetBoolean());
        foreach (var mediaType in new[] { "application/json", "application/x-ndjson" })
            Assert.True(body.GetProperty("content").GetProperty(mediaType).TryGetProperty("schema", out _), mediaType);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/jsonx")]
    [InlineData(null)]
    public async Task Body_of_another_content_type_is_refused_with_a_415_problem_naming_the_types_taken(string? contentType)
    {
        using var client = await ClientWithAsync(ApiScopes.CaptureWrite);
        var content = new ByteArrayContent(Json(Keystrokes(Ada)));
        if (contentType is not null)
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        using var response = await client.PostAsync(Path, content, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("application/x-ndjson", (await JsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Client_over_its_rate_limit_gets_429_with_retry_after()
    {
        using var client = await ClientWithAsync(ApiScopes.CaptureWrite);
        HttpResponseMessage? limited = null;
        // Empty batches are refused (422) without touching the store; they still count against the limit.
        for (var i = 0; i <= SmallIngestionLimitsFactory.RequestsPerMinute && limited is null; i++)
        {
            var response = await client.PostAsync(Path, Body("[]"u8.ToArray()), Ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                limited = response;
            else
                response.Dispose();
        }

        Assert.NotNull(limited);
        using (limited)
        {
            Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            Assert.Equal(429, (await JsonAsync(limited)).GetProperty("status").GetInt32());
        }
        using var other = await ClientWithAsync(ApiScopes.CaptureWrite);
        using var fresh = await other.PostAsync(Path, Body("[]"u8.ToArray()), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, fresh.StatusCode);
    }

    private static JsonObject Set(JsonObject item, string name, JsonNode value)
    {
        item[name] = value;
        return item;
    }

    private static JsonObject Remove(JsonObject item, string name)
    {
        item.Remove(name);
        return item;
    }
}
