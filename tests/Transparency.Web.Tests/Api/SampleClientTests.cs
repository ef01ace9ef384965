using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transparency.Core.ApiClients;
using Transparency.Core.Decisions;
using Transparency.Core.Policies;
using Transparency.SampleClient;
using Transparency.Web.Tests.Hosting;

namespace Transparency.Web.Tests.Api;

/// <summary>
/// The sample capture pipeline and training consumer (tests/Transparency.SampleClient) against the real
/// app and store: what the docs tell service authors to copy has to work.
/// </summary>
public sealed class SampleClientTests(SampleClientTests.ImmediateExportFactory app) : IClassFixture<SampleClientTests.ImmediateExportFactory>, IDisposable
{
    /// <summary>No settle window, so records ingested a moment ago can be exported at once.</summary>
    public sealed class ImmediateExportFactory : TransparencyAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("TrainingExport:SettleSeconds", "0");
        }
    }

    private static readonly RetryOptions QuickRetries = new() { FirstBackoff = TimeSpan.FromMilliseconds(10), AttemptTimeout = TimeSpan.FromSeconds(30) };

    private readonly string _folder = Directory.CreateTempSubdirectory("transparency-sample-").FullName;
    private readonly StringWriter _log = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Captured_records_reach_the_consumers_dataset_and_a_withheld_one_is_purged_from_it()
    {
        const string employee = "E00003";
        var records = SampleRecords.For(employee, 12, DateTimeOffset.UtcNow);
        using var capture = await ClientAsync(ApiScopes.CaptureWrite);
        using var training = await ClientAsync(ApiScopes.TrainingRead);

        var sent = await new CapturePipeline(capture, _log, QuickRetries).SendAsync(records, batchSize: 5, BatchFormat.Ndjson, Ct);
        var first = await SyncAsync(training, limit: 5);

        Assert.True(sent.Succeeded, _log.ToString());
        Assert.Equal((3, 12, 0), (sent.Batches, sent.Accepted, sent.Duplicates));
        // The dataset holds exactly what the store's eligibility rule allows: the seeded records and the twelve new ones.
        var eligible = await EligibleAsync();
        Assert.Superset(Ids(records).ToHashSet(), eligible);
        Assert.Equal(eligible.Order(), first.Dataset.Keys.Select(k => k.Id).Order());
        Assert.Equal(eligible.Count, first.Report.Exported);
        Assert.Equal((eligible.Count + 4) / 5, first.Report.Pages);

        var withheld = Ids(records).First();
        await app.Services.GetRequiredService<DecisionService>().WithholdAsync(new EmployeeId(employee), ActTarget.One(withheld), Ct);
        var second = await SyncAsync(training, limit: 5);

        // Resumed from the saved cursor: nothing exported twice, and the revoked record is gone from the file itself.
        Assert.Equal(0, second.Report.Exported);
        Assert.Equal((1, 1), (second.Report.Revocations, second.Report.Removed));
        var reopened = await TrainingDataset.OpenAsync(_folder, ct: Ct);
        Assert.DoesNotContain(withheld, reopened.Keys.Select(k => k.Id));
        Assert.Equal(eligible.Count - 1, reopened.Keys.Count);
        Assert.DoesNotContain(withheld.ToString(), await File.ReadAllTextAsync(reopened.RecordsPath, Ct));

        var third = await SyncAsync(training, limit: 5);
        Assert.Equal((0, 0), (third.Report.Exported, third.Report.Revocations));
    }

    [Fact]
    public async Task Capturing_the_same_records_again_reports_duplicates_and_stores_nothing_new()
    {
        var records = SampleRecords.For("E00004", 7, DateTimeOffset.UtcNow);
        using var capture = await ClientAsync(ApiScopes.CaptureWrite);
        var pipeline = new CapturePipeline(capture, _log, QuickRetries);

        var first = await pipeline.SendAsync(records, batchSize: 3, BatchFormat.Json, Ct);
        var again = await pipeline.SendAsync(records, batchSize: 3, BatchFormat.Json, Ct);

        Assert.Equal((7, 0), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 7, 0), (again.Accepted, again.Duplicates, again.ReplayedBatches));
        Assert.Empty(again.AcceptedIds);
        Assert.Equal(7, await StoredAsync(Ids(records)));
    }

    [Fact]
    public async Task Batch_whose_answer_was_lost_is_sent_again_with_the_same_key_and_stored_once()
    {
        var records = SampleRecords.For("E00005", 4, DateTimeOffset.UtcNow);
        var dropFirstAnswer = new DropFirstAnswer();
        using var capture = app.CreateDefaultClient(dropFirstAnswer);
        capture.DefaultRequestHeaders.Add("X-Api-Key", await KeyAsync(ApiScopes.CaptureWrite));

        var report = await new CapturePipeline(capture, _log, QuickRetries).SendAsync(records, batchSize: 10, BatchFormat.Ndjson, Ct);

        Assert.Equal(2, dropFirstAnswer.Keys.Count);
        Assert.Single(dropFirstAnswer.Keys.Distinct());
        Assert.Equal((4, 0, 1), (report.Accepted, report.Duplicates, report.ReplayedBatches));
        Assert.Equal(4, await StoredAsync(Ids(records)));
        Assert.Contains("attempt 1 failed", _log.ToString());
    }

    [Fact]
    public async Task Refused_batch_prints_each_bad_record_and_is_not_stored()
    {
        var records = SampleRecords.For("E00006", 4, DateTimeOffset.UtcNow);
        records[3]["capturedAt"] = DateTime.UtcNow.AddHours(2).ToString("O");
        using var capture = await ClientAsync(ApiScopes.CaptureWrite);

        var report = await new CapturePipeline(capture, _log, QuickRetries).SendAsync(records, batchSize: 2, BatchFormat.Json, Ct);

        Assert.False(report.Succeeded);
        Assert.Equal((2, 422), (report.RefusedBatch, report.Refusal!.Status));
        var error = Assert.Single(report.Refusal.Errors);
        Assert.Equal((1, "capturedAt"), (error.Index, error.Field));
        Assert.Contains("record 3 (index 1 in the batch), capturedAt: ", _log.ToString());
        Assert.Equal(2, await StoredAsync(Ids(records)));
    }

    private async Task<(TrainingSyncReport Report, TrainingDataset Dataset)> SyncAsync(HttpClient training, int limit)
    {
        // A fresh dataset object each run, as a fresh process would open it: cursors and records come from the folder.
        var dataset = await TrainingDataset.OpenAsync(_folder, ct: Ct);
        var report = await new TrainingConsumer(training, dataset, _log, QuickRetries).SyncAsync(limit, Ct);
        return (report, dataset);
    }

    private async Task<string> KeyAsync(string scope) =>
        (await app.Services.GetRequiredService<ApiClientService>().CreateAsync($"sample-{Guid.NewGuid():N}", [scope], Ct)).Key;

    private async Task<HttpClient> ClientAsync(string scope)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await KeyAsync(scope));
        return client;
    }

    private async Task<int> StoredAsync(IReadOnlyList<Guid> ids)
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        return await db.CaptureRecords.CountAsync(r => ids.Contains(r.Id), Ct);
    }

    private async Task<HashSet<Guid>> EligibleAsync()
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        var rule = await TrainingEligibility.ForAsync(db, DateTime.UtcNow, Ct);
        return (await db.CaptureRecords.Where(rule.IsEligible).Select(r => r.Id).ToListAsync(Ct)).ToHashSet();
    }

    private static List<Guid> Ids(IEnumerable<JsonObject> records) => records.Select(r => Guid.Parse((string)r["id"]!)).ToList();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The network between capture client and server: the first request arrives and is handled, but its answer never comes back.</summary>
    private sealed class DropFirstAnswer : DelegatingHandler
    {
        public List<string> Keys { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Keys.Add(request.Headers.GetValues("Idempotency-Key").Single());
            var response = await base.SendAsync(request, ct);
            if (Keys.Count > 1)
                return response;
            response.Dispose();
            throw new HttpRequestException("The connection was reset before the answer arrived.");
        }
    }
}
