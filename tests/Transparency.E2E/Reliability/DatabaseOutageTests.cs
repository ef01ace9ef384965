using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Transparency.Core.EventStore;
using Transparency.OpenIdProvider;
using Transparency.Web.Api;

namespace Transparency.E2E.Reliability;

/// <summary>
/// PostgreSQL stopped (<c>pg_ctl stop -m immediate</c>) under the running app, once while the capture pipeline streams
/// batches and once while the training pipeline reads export pages. While it is down the API answers 503 with
/// Retry-After, never 500, and stores or exports nothing partial; once it is started again the same app process
/// answers again, without a restart. The server is the test's own cluster, never the suite's shared one.
/// </summary>
public sealed class DatabaseOutageTests
{
    private const int Batches = 30;
    private const int RecordsPerBatch = 10;
    private const int PageSize = 25;
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Stopped_postgres_is_answered_503_and_the_same_app_recovers_when_it_is_back()
    {
        var output = TestContext.Current.TestOutputHelper!;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("TRANSPARENCY_RELIABILITY_SEED"), out var given) ? given : Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var elapsed = Stopwatch.StartNew();
        var ct = TestContext.Current.CancellationToken;

        await using var postgres = await ThrowawayPostgres.StartAsync();
        using var tls = TestCertificateAuthority.Create();
        await using var app = await ReliabilityApp.PrepareAsync(tls, new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = postgres.ConnectionString });
        await app.StartAsync();
        using var http = app.NewClient();

        // 1. PostgreSQL stops while batches stream in.
        var batches = Enumerable.Range(1, Batches).Select(b => ReliabilityApp.NewBatch(random, $"outage-batch{b:D2}-{Guid.NewGuid():N}", RecordsPerBatch)).ToList();
        var ingestion = new Outage();
        var stopAfter = random.Next(3, Batches / 2);
        var stopDue = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Batch? refused = null;
        var sender = Task.Run(async () =>
        {
            for (var i = 0; i < batches.Count; i++)
            {
                while (true)
                {
                    using var response = await app.SendAsync(http, batches[i]);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var (accepted, duplicates) = await ReliabilityApp.CountsOf(response);
                        Assert.Equal((RecordsPerBatch, 0), (accepted, duplicates));
                        ingestion.Answered();
                        break;
                    }
                    refused = batches[i];
                    await ingestion.RefusedAsync(response, app);
                }
                if (i + 1 == stopAfter)
                    stopDue.TrySetResult();
            }
        }, ct);
        await stopDue.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        await Task.Delay(random.Next(0, 30), ct);
        var ingestionOutage = await ingestion.StopAndStartAsync(postgres, http, sender, async () =>
        {
            // While the pipeline waits: the batch it was refused is in the store whole or not at all.
            Assert.NotNull(refused);
            await using var connection = postgres.Connect();
            await connection.OpenAsync();
            var held = await CountAsync(connection, "SELECT count(*) FROM capture_records WHERE id = ANY(@ids)", refused.Ids.ToArray());
            var keys = await CountAsync(connection, "SELECT count(*) FROM idempotency_records WHERE key = @key", refused.Key);
            Assert.True((held, keys) is (0, 0) or (RecordsPerBatch, 1), $"{refused.Key}: {held} of {RecordsPerBatch} records held, {keys} idempotency record(s)");
            return held;
        });
        await sender.WaitAsync(TimeSpan.FromSeconds(120), ct);

        var counts = await app.CountAsync();
        var sentIds = batches.SelectMany(b => b.Ids).ToList();
        Assert.Equal(0, counts.Duplicated);
        Assert.Equal(sentIds.Count, counts.Held(sentIds));
        Assert.Equal(sentIds.Count, counts.Records);
        Assert.Equal(counts.Records, counts.Contents);
        Assert.Equal(Batches, counts.IdempotencyRecords);
        output.WriteLine($"ingestion: {Batches} batches of {RecordsPerBatch} ({sentIds.Count} records), PostgreSQL stopped after {stopAfter} acknowledged; " +
                         $"{ingestionOutage}; held {counts.Records} records, lost 0, duplicated {counts.Duplicated}");

        // 2. PostgreSQL stops while the training pipeline walks the export.
        var export = new Outage();
        var pages = new List<(Guid Batch, int Lines)>();
        var lastWalk = new List<Guid>();
        var walks = 0;
        var recovered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            string? cursor = null;
            var walk = new List<Guid>();
            var walkBeganAfterRecovery = false;
            while (true)
            {
                if (cursor is null && walk.Count == 0)
                    walkBeganAfterRecovery = recovered.Task.IsCompleted && export.HasRecovered;
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/training/records?limit={PageSize}" + (cursor is null ? "" : $"&after={Uri.EscapeDataString(cursor)}"));
                request.Headers.Add("X-Api-Key", app.TrainingKey);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    await export.RefusedAsync(response, app);
                    continue;
                }
                string body;
                try
                {
                    body = await response.Content.ReadAsStringAsync();
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                    // Cut off after its headers: the pipeline sees a failed read and takes the page again.
                    export.CutOff();
                    await Task.Delay(RetryEvery);
                    continue;
                }
                var ids = body.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetGuid()).ToList();
                pages.Add((Guid.Parse(response.Headers.GetValues(TrainingExportEndpoints.ExportBatchHeader).Single()), ids.Count));
                export.Answered();
                walk.AddRange(ids);
                cursor = response.Headers.TryGetValues(TrainingExportEndpoints.NextCursorHeader, out var next) ? next.Single() : null;
                if (cursor is null)
                {
                    walks++;
                    // The first walk begun after the app answered again is the one checked whole.
                    if (walkBeganAfterRecovery)
                    {
                        lastWalk = walk;
                        return;
                    }
                    walk = [];
                }
            }
        }, ct);
        await Task.Delay(random.Next(0, 300), ct);
        var exportOutage = await export.StopAndStartAsync(postgres, http, reader, () => Task.FromResult(0L));
        recovered.SetResult();
        await reader.WaitAsync(TimeSpan.FromSeconds(120), ct);

        await using (var db = app.OpenStore())
        {
            var receipts = await db.ExportReceipts.GroupBy(r => r.ExportBatchId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            // Every page the pipeline received whole is the page the store recorded, record for record.
            foreach (var (batch, lines) in pages)
                Assert.Equal(lines, receipts.GetValueOrDefault(batch));
        }
        Assert.Equal(sentIds.Count, lastWalk.Count);
        Assert.Equal(sentIds.Order(), lastWalk.Order());
        output.WriteLine($"export: pages of {PageSize}, {pages.Count} pages received whole in {walks} walks, PostgreSQL stopped mid-walk; {exportOutage}; " +
                         $"the walk after recovery served all {lastWalk.Count} records once");
        output.WriteLine($"{elapsed.Elapsed.TotalSeconds:F0} s in all");
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, object value)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(sql.Contains("@ids", StringComparison.Ordinal) ? "ids" : "key", value);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// What a pipeline sees of one outage: the 503s while PostgreSQL is down (each checked), and how long after it is
    /// started again the first request succeeds. The pipeline retries every <see cref="RetryEvery"/> to measure that
    /// closely; a real one waits the Retry-After it is given.
    /// </summary>
    private sealed class Outage
    {
        private int _refused;
        private int _refusedAfterStart;
        private int _cutOff;
        private volatile bool _down;
        private volatile bool _hold;
        private long _startedAt;
        private long _firstAnswerAfterStart;
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Answered()
        {
            if (Volatile.Read(ref _startedAt) != 0)
                Interlocked.CompareExchange(ref _firstAnswerAfterStart, Stopwatch.GetTimestamp(), 0);
        }

        public void CutOff() => Interlocked.Increment(ref _cutOff);

        /// <summary>A refusal must be a 503 with Retry-After and problem details, and only while PostgreSQL is down or starting.</summary>
        public async Task RefusedAsync(HttpResponseMessage response, ReliabilityApp app)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode} {body}\n{app.Diagnostics()}");
            Assert.True(_down || Volatile.Read(ref _startedAt) != 0, $"503 while PostgreSQL was up: {body}");
            Assert.Equal(TimeSpan.FromSeconds(StoreUnavailable.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Store unavailable", body);
            Interlocked.Increment(ref _refused);
            if (Volatile.Read(ref _startedAt) != 0)
                Interlocked.Increment(ref _refusedAfterStart);
            if (_hold)
            {
                _held.TrySetResult();
                await _resume.Task;
            }
            await Task.Delay(RetryEvery);
        }

        /// <summary>Whether the pipeline has been answered since PostgreSQL was started again.</summary>
        public bool HasRecovered => Volatile.Read(ref _firstAnswerAfterStart) != 0;

        /// <summary>
        /// Stops PostgreSQL, lets the pipeline be refused at least three times, holds it, checks <paramref name="whileHeld"/>
        /// once PostgreSQL is back, then lets it retry until it is answered again.
        /// </summary>
        public async Task<string> StopAndStartAsync(ThrowawayPostgres postgres, HttpClient http, Task pipeline, Func<Task<long>> whileHeld)
        {
            _down = true;
            var stopped = Stopwatch.StartNew();
            await postgres.StopImmediatelyAsync();
            var limit = Stopwatch.StartNew();
            while (Volatile.Read(ref _refused) < 3 && limit.Elapsed < TimeSpan.FromSeconds(30) && !pipeline.IsCompleted)
                await Task.Delay(50);
            if (pipeline.IsFaulted)
                await pipeline;
            Assert.True(_refused >= 3, "The pipeline was not refused while PostgreSQL was down.");
            using var health = await http.GetAsync("/healthz");
            _hold = true;
            await Task.WhenAny(_held.Task, pipeline).WaitAsync(TimeSpan.FromSeconds(30));
            if (pipeline.IsFaulted)
                await pipeline;
            var down = stopped.Elapsed;

            await postgres.StartServerAsync();
            await whileHeld();
            _down = false;
            Volatile.Write(ref _startedAt, Stopwatch.GetTimestamp());
            _hold = false;
            _resume.SetResult();
            var waited = Stopwatch.StartNew();
            while (Volatile.Read(ref _firstAnswerAfterStart) == 0 && waited.Elapsed < RecoveryLimit && !pipeline.IsFaulted)
                await Task.Delay(20);
            if (pipeline.IsFaulted)
                await pipeline;
            Assert.True(_firstAnswerAfterStart != 0, $"The app did not answer within {RecoveryLimit} of PostgreSQL being back.");
            var recovery = Stopwatch.GetElapsedTime(_startedAt, _firstAnswerAfterStart);
            return $"{_refused} answers 503 with Retry-After {StoreUnavailable.RetryAfterSeconds} (none 500), {_cutOff} cut off after their headers, " +
                   $"/healthz {(int)health.StatusCode} while down, down {down.TotalSeconds:F1} s, {_refusedAfterStart} refused after the restart, " +
                   $"first success {recovery.TotalSeconds:F2} s after PostgreSQL accepted connections again";
        }
    }
}
