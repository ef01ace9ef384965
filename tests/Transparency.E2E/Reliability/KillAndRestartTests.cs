using System.Diagnostics;
using System.Net;
using Transparency.Core.EventStore;
using Transparency.OpenIdProvider;
using Transparency.Testing;

namespace Transparency.E2E.Reliability;

/// <summary>
/// The capture pipeline streams batches while the app is killed with SIGKILL at a random moment; it retries every
/// unanswered batch, with the same Idempotency-Key and body, against the restarted app. Afterwards the store holds
/// every record once: nothing acknowledged is lost, nothing is stored twice. The seed of the kill moments is printed;
/// <c>TRANSPARENCY_RELIABILITY_SEED</c> repeats them.
/// </summary>
public sealed class KillAndRestartTests
{
    /// <summary>
    /// Kill runs per store: 20 on the embedded default, 10 more on PostgreSQL (a restart is most of a run's time, and the
    /// suite has to stay short on two cores).
    /// </summary>
    public static int RunsOn(StoreProvider provider) => provider == StoreProvider.Sqlite ? 20 : 10;
    public const int BatchesPerRun = 20;
    public const int RecordsPerBatch = 10;

    [Theory]
    [MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Killed_app_loses_no_acknowledged_record_and_stores_none_twice(StoreProvider provider)
    {
        var output = TestContext.Current.TestOutputHelper!;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("TRANSPARENCY_RELIABILITY_SEED"), out var given) ? given : Random.Shared.Next();
        output.WriteLine($"{provider}: seed {seed}");
        var random = new Random(seed);
        var elapsed = Stopwatch.StartNew();
        var ct = TestContext.Current.CancellationToken;

        using var tls = TestCertificateAuthority.Create();
        await using var store = await TestStore.CreateAsync(provider, migrate: false);
        await using var app = await ReliabilityApp.PrepareAsync(tls, store.Options);
        var starts = new List<TimeSpan>();
        await StartAsync();
        using var http = app.NewClient();

        var sent = new List<Batch>();
        var acknowledged = new HashSet<Guid>();
        int killsDuringRequest = 0, retried = 0, replayed = 0;
        var runs = RunsOn(provider);
        for (var run = 1; run <= runs; run++)
        {
            var batches = Enumerable.Range(1, BatchesPerRun)
                .Select(b => ReliabilityApp.NewBatch(random, $"{provider}-run{run:D2}-batch{b:D2}-{Guid.NewGuid():N}", RecordsPerBatch))
                .ToList();
            sent.AddRange(batches);
            // The kill comes after a random number of acknowledged batches and a random part of the next one's life.
            var killAfter = random.Next(0, BatchesPerRun - 1);
            var killDelay = TimeSpan.FromMilliseconds(random.Next(0, 60));
            var pending = new Queue<Batch>(batches);
            var due = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var requestOpen = 0;

            var stream = Task.Run(async () =>
            {
                var acknowledgedInRun = 0;
                if (killAfter == 0)
                    due.TrySetResult();
                while (pending.TryPeek(out var batch))
                {
                    HttpResponseMessage response;
                    Volatile.Write(ref requestOpen, 1);
                    try
                    {
                        response = await app.SendAsync(http, batch);
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                    {
                        // Unanswered: the batch stays pending and is sent again after the restart.
                        return;
                    }
                    finally
                    {
                        Volatile.Write(ref requestOpen, 0);
                    }
                    using (response)
                        await AcknowledgeAsync(batch, response, replay: false);
                    pending.Dequeue();
                    if (++acknowledgedInRun == killAfter)
                        due.TrySetResult();
                }
            }, ct);
            await due.Task.WaitAsync(TimeSpan.FromSeconds(120), ct);
            await Task.Delay(killDelay, ct);
            if (Volatile.Read(ref requestOpen) == 1)
                killsDuringRequest++;
            await app.Process.KillAsync();
            await stream.WaitAsync(TimeSpan.FromSeconds(60), ct);

            await StartAsync();
            while (pending.TryDequeue(out var batch))
            {
                retried++;
                using var response = await app.SendAsync(http, batch, ct);
                await AcknowledgeAsync(batch, response, replay: true);
            }
        }

        var counts = await app.CountAsync();
        var sentIds = sent.SelectMany(b => b.Ids).ToList();
        var lost = sentIds.Count(id => acknowledged.Contains(id) && !counts.RowsPerId.ContainsKey(id));
        var seconds = starts.Select(t => t.TotalSeconds).Order().ToList();
        output.WriteLine(
            $"{provider}: {runs} runs, {sent.Count} batches of {RecordsPerBatch}, {sentIds.Count} records sent, {acknowledged.Count} acknowledged; " +
            $"{killsDuringRequest} kills with a batch in flight; {retried} batches sent again after a restart, {replayed} of them answered from " +
            $"the idempotency record (committed before the kill, never answered); held {counts.Records} records, {counts.Contents} contents, " +
            $"{counts.IdempotencyRecords} idempotency records; lost {lost}, duplicated {counts.Duplicated}; {starts.Count} app starts, " +
            $"median {seconds[seconds.Count / 2]:F1} s, slowest {seconds[^1]:F1} s; {elapsed.Elapsed.TotalSeconds:F0} s in all");

        Assert.Equal(sentIds.Count, acknowledged.Count);
        Assert.Equal(0, lost);
        Assert.Equal(0, counts.Duplicated);
        Assert.Equal(sentIds.Count, counts.Held(sentIds));
        Assert.Equal(sentIds.Count, counts.Records);
        Assert.Equal(counts.Records, counts.Contents);
        Assert.Equal(sent.Count, counts.IdempotencyRecords);

        async Task StartAsync()
        {
            var started = Stopwatch.StartNew();
            await app.StartAsync();
            starts.Add(started.Elapsed);
        }

        async Task AcknowledgeAsync(Batch batch, HttpResponseMessage response, bool replay)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK,
                $"{batch.Key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{app.Diagnostics()}");
            var (accepted, duplicates) = await ReliabilityApp.CountsOf(response);
            // Both for a first answer and for a replay of the first answer: the batch was taken whole, once.
            Assert.Equal((RecordsPerBatch, 0), (accepted, duplicates));
            if (replay && response.Headers.TryGetValues("Idempotent-Replayed", out _))
                replayed++;
            lock (acknowledged)
                acknowledged.UnionWith(batch.Ids);
        }
    }
}
