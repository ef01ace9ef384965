using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Transparency.Core.ApiClients;
using Transparency.Core.Decisions;
using Transparency.Core.Policies;
using Transparency.Web.Tests.Api.Generated;

namespace Transparency.Web.Tests.Api;

/// <summary>
/// A client generated from the committed description (docs/openapi.json, at build time) against the real app and store:
/// what a service author generates from the description has to ingest, export and tell them what went wrong.
/// </summary>
public sealed class GeneratedClientTests(SampleClientTests.ImmediateExportFactory app) : IClassFixture<SampleClientTests.ImmediateExportFactory>
{
    private const string Employee = "E00005";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Generated_client_ingests_a_batch_once_and_reads_it_back_from_the_training_export()
    {
        using var capture = await ClientAsync(ApiScopes.CaptureWrite);
        using var training = await ClientAsync(ApiScopes.TrainingRead);
        var batch = new[] { Keystrokes("Thanks, see you tomorrow"), Keystrokes("Meeting moved to 3") };
        var key = "batch-" + Guid.NewGuid().ToString("N");

        var first = await capture.Api.IngestCaptureRecordsAsync(key, batch, Ct);
        // The retry of a batch repeats its key and gets the first answer again, not two duplicates.
        var retry = await capture.Api.IngestCaptureRecordsAsync(key, batch, Ct);
        var exported = await ReadAllAsync<ExportedRecordLine>(after => training.Api.ExportTrainingRecordsAsync(after, "1", Ct));

        Assert.Equal((2, 0), (first.Accepted, first.Duplicates));
        Assert.Equal(batch.Select(r => (r.Id, "accepted")), first.Records.Select(r => (r.Id, r.Status)));
        Assert.Equal((2, 0), (retry.Accepted, retry.Duplicates));
        var lines = exported.Where(l => batch.Any(r => r.Id == l.Id)).OrderBy(l => l.Id).ToList();
        Assert.Equal(batch.Select(r => r.Id).Order(), lines.Select(l => l.Id));
        Assert.All(lines, l =>
        {
            Assert.Equal((Employee, "keystrokes", "Outlook"), (l.EmployeeId, l.Kind, l.Application));
            Assert.Contains("modelTraining", l.Purposes);
        });
        Assert.Equal(["Meeting moved to 3", "Thanks, see you tomorrow"],
            lines.Select(l => l.Content!.AdditionalProperties["text"].ToString()).Order());
    }

    [Fact]
    public async Task Generated_client_reads_a_withheld_record_from_the_revocation_feed()
    {
        using var capture = await ClientAsync(ApiScopes.CaptureWrite);
        using var training = await ClientAsync(ApiScopes.TrainingRead);
        var record = Keystrokes("Quarterly numbers attached");
        await capture.Api.IngestCaptureRecordsAsync("batch-" + Guid.NewGuid().ToString("N"), [record], Ct);
        var exported = await ReadAllAsync<ExportedRecordLine>(after => training.Api.ExportTrainingRecordsAsync(after, null, Ct));
        Assert.Contains(record.Id, exported.Select(l => l.Id));

        await app.Services.GetRequiredService<DecisionService>().WithholdAsync(new EmployeeId(Employee), ActTarget.One(record.Id), Ct);
        var revoked = await ReadAllAsync<RevocationLine>(after => training.Api.TrainingRevocationsAsync(after, null, Ct));

        var line = Assert.Single(revoked);
        Assert.Equal((record.Id, Employee, "no_longer_eligible"), (line.RecordId, line.EmployeeId, line.Reason));
    }

    [Fact]
    public async Task Refused_batch_is_a_typed_problem_that_lists_each_record()
    {
        using var capture = await ClientAsync(ApiScopes.CaptureWrite);
        var unknown = Keystrokes("Hello");
        unknown.EmployeeId = "E99999";

        var refused = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => capture.Api.IngestCaptureRecordsAsync(null, [Keystrokes("Hi"), unknown], Ct));

        Assert.Equal(422, refused.StatusCode);
        Assert.Equal((422, "Invalid records"), (refused.Result.Status, refused.Result.Title));
        var error = Assert.Single(((System.Text.Json.JsonElement)refused.Result.AdditionalProperties["errors"]).EnumerateArray());
        Assert.Equal((1, "employeeId"), (error.GetProperty("index").GetInt32(), error.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task Training_key_cannot_write_and_the_refusal_is_a_typed_problem()
    {
        using var training = await ClientAsync(ApiScopes.TrainingRead);

        var refused = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => training.Api.IngestCaptureRecordsAsync(null, [Keystrokes("Hi")], Ct));

        Assert.Equal((403, "Scope missing"), (refused.StatusCode, refused.Result.Title));
    }

    private static CaptureRecordInput Keystrokes(string text) => new()
    {
        Id = Guid.NewGuid(),
        EmployeeId = Employee,
        CapturedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
        Kind = "keystrokes",
        DeviceId = "LT-4411",
        Application = "Outlook",
        Site = "mail.example.com",
        Purposes = ["operationalTelemetry", "modelTraining"],
        Source = "capture-agent/2.3.1",
        Content = new Generated.JsonElement
        {
            AdditionalProperties = new Dictionary<string, object> { ["text"] = text, ["keyCount"] = text.Length, ["durationMs"] = 1200 },
        },
    };

    /// <summary>Every page of an NDJSON feed, following X-Next-Cursor until it is absent, each line read as the description's line type.</summary>
    private static async Task<List<T>> ReadAllAsync<T>(Func<string?, Task<FileResponse>> page)
    {
        var lines = new List<T>();
        string? after = null;
        do
        {
            using var response = await page(after);
            using var reader = new StreamReader(response.Stream);
            while (await reader.ReadLineAsync(Ct) is { Length: > 0 } line)
                lines.Add(JsonSerializer.Deserialize<T>(line)!);
            after = response.Headers.TryGetValue("X-Next-Cursor", out var next) ? next.Single() : null;
        } while (after is not null);
        return lines;
    }

    private async Task<ServiceClient> ClientAsync(string scope)
    {
        var key = await app.Services.GetRequiredService<ApiClientService>().CreateAsync($"generated-{Guid.NewGuid():N}", [scope], Ct);
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        return new ServiceClient(http, new TransparencyApiClient(http));
    }

    private sealed record ServiceClient(HttpClient Http, TransparencyApiClient Api) : IDisposable
    {
        public void Dispose() => Http.Dispose();
    }
}
