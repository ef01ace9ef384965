using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transparency.Core.ApiClients;
using Transparency.Core.EventStore;
using Transparency.Testing;
using Transparency.Web.Tests.Hosting;
using static Transparency.Testing.CaptureBatches;

namespace Transparency.Web.Tests.Api;

/// <summary>
/// The app on a real loopback socket (Kestrel), so a client can give up half way through a request the
/// way capture software does when its machine sleeps or its network drops.
/// </summary>
public class KestrelAppFactory : TransparencyAppFactory
{
    public KestrelAppFactory() { }

    protected KestrelAppFactory(StoreProvider provider) : base(provider) { }

    /// <summary>Counts ingestion requests the server has finished with, however they ended.</summary>
    public FinishedIngestionRequests Finished { get; } = new();

    public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public override async ValueTask InitializeAsync()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(Finished));
    }
}

public sealed class PostgresKestrelAppFactory() : KestrelAppFactory(StoreProvider.Postgres);

public sealed class FinishedIngestionRequests : IStartupFilter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, inner) =>
        {
            try
            {
                await inner(context);
            }
            finally
            {
                if (context.Request.Path.StartsWithSegments("/api/v1/capture-records"))
                    Interlocked.Increment(ref _count);
            }
        });
        next(app);
    };

    public async Task WaitUntilAsync(int count, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (Count < count)
            await Task.Delay(20, timeout.Token);
    }
}

public sealed class SqliteAbortedIngestionTests(KestrelAppFactory app) : AbortedIngestionContract(app), IClassFixture<KestrelAppFactory>;

public sealed class PostgresAbortedIngestionTests(PostgresKestrelAppFactory app) : AbortedIngestionContract(app), IClassFixture<PostgresKestrelAppFactory>;

/// <summary>
/// A batch whose request is aborted leaves nothing behind (DESIGN rule 6: all or nothing, acknowledged
/// only after commit), and sending it again with the same Idempotency-Key stores each record once.
/// </summary>
public abstract class AbortedIngestionContract(KestrelAppFactory app)
{
    private const string Path = "/api/v1/capture-records";
    private const int BatchSize = 2_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Request_aborted_half_way_through_the_body_stores_nothing_and_the_retry_stores_each_record_once()
    {
        var (records, body) = LargeBatch("E00002");
        // Cut at a line end, so what arrived is itself a valid NDJSON batch of the first thousand records.
        var half = Array.IndexOf(body, (byte)'\n', body.Length / 2) + 1;
        using var http = await ClientAsync();
        var key = $"batch-{Guid.NewGuid():N}";
        var before = await CountsAsync();
        var finished = app.Finished.Count;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SendAbortingAsync(http, body, key, sendBytes: half));
        await app.Finished.WaitUntilAsync(finished + 1, Ct);

        Assert.Equal(before, await CountsAsync());
        await RetryStoresEachRecordOnceAsync(http, body, key, records, before);
    }

    [Fact]
    public async Task Request_abandoned_after_the_whole_body_is_written_whole_or_not_at_all_and_the_retry_stores_each_record_once()
    {
        var (records, body) = LargeBatch("E00003");
        using var http = await ClientAsync();
        var key = $"batch-{Guid.NewGuid():N}";
        var before = await CountsAsync();
        var finished = app.Finished.Count;

        // The client sends everything and gives up while the server is writing: its answer is lost either way.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SendAbortingAsync(http, body, key, sendBytes: body.Length));
        await app.Finished.WaitUntilAsync(finished + 1, Ct);

        var afterAbort = await CountsAsync();
        Assert.True(afterAbort == before || afterAbort == Plus(before, BatchSize, keys: 1),
            $"A batch is written whole or not at all: before {before}, after the abort {afterAbort}.");
        await RetryStoresEachRecordOnceAsync(http, body, key, records, before);
    }

    private async Task RetryStoresEachRecordOnceAsync(HttpClient http, byte[] body, string key, List<Guid> records, Counts before)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var retry = await SendAsync(http, body, key);
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            using var answer = JsonDocument.Parse(await retry.Content.ReadAsStringAsync(Ct));
            // The first answer the server committed, whichever attempt produced it: every record accepted once.
            Assert.Equal(BatchSize, answer.RootElement.GetProperty("accepted").GetInt32() + answer.RootElement.GetProperty("duplicates").GetInt32());
        }
        Assert.Equal(Plus(before, BatchSize, keys: 1), await CountsAsync());
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(BatchSize, await db.CaptureRecords.CountAsync(r => records.Contains(r.Id), Ct));
    }

    private static (List<Guid> Ids, byte[] Body) LargeBatch(string employeeId)
    {
        var items = Enumerable.Range(0, BatchSize)
            .Select(i => Keystrokes(employeeId, text: $"Quarterly figures, draft {i}: revenue up, costs flat, headcount unchanged."))
            .ToArray();
        return (items.Select(Id).ToList(), NdJson(items));
    }

    private async Task<HttpClient> ClientAsync()
    {
        var key = await app.Services.GetRequiredService<ApiClientService>().CreateAsync($"capture-{Guid.NewGuid():N}", [ApiScopes.CaptureWrite], Ct);
        var http = new HttpClient { BaseAddress = app.Address };
        http.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        return http;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, byte[] body, string key)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
        request.Headers.Add("Idempotency-Key", key);
        return await http.SendAsync(request, Ct);
    }

    private static async Task SendAbortingAsync(HttpClient http, byte[] body, string key, int sendBytes)
    {
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var content = new AbortingContent(body, sendBytes, giveUp);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request, giveUp.Token);
        Assert.Fail($"The request was meant to be aborted, but the server answered {(int)response.StatusCode}.");
    }

    private async Task<Counts> CountsAsync()
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        return new Counts(await db.CaptureRecords.CountAsync(Ct), await db.Set<CaptureContent>().CountAsync(Ct), await db.IdempotencyRecords.CountAsync(Ct));
    }

    private static Counts Plus(Counts c, int records, int keys) => new(c.Records + records, c.Contents + records, c.Keys + keys);

    private sealed record Counts(int Records, int Contents, int Keys);

    /// <summary>
    /// A body that announces its full length, sends <c>sendBytes</c> of it, and then the client gives up:
    /// the connection is torn down with the rest of the body (or the answer) still outstanding.
    /// </summary>
    private sealed class AbortingContent(byte[] body, int sendBytes, CancellationTokenSource giveUp) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken ct)
        {
            await stream.WriteAsync(body.AsMemory(0, sendBytes), ct);
            await stream.FlushAsync(ct);
            // Long enough for the server to read what arrived (and, for a whole body, to be writing it).
            await Task.Delay(sendBytes < body.Length ? 500 : 100, ct);
            await giveUp.CancelAsync();
            await Task.Delay(Timeout.Infinite, giveUp.Token);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
