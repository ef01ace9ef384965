using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Transparency.Core;
using Transparency.Core.EventStore;
using Transparency.E2E.Production;
using Transparency.OpenIdProvider;
using Transparency.Testing;

namespace Transparency.E2E.Reliability;

/// <summary>
/// The app as an operator runs it (its own process, Production, HTTPS with the test CA) on a given store, prepared as an
/// operator prepares one: the HR directory imported and keys made for the capture and training pipelines. Sign-in is
/// configured for an identity provider that is never asked (these tests use the APIs only).
/// </summary>
public sealed class ReliabilityApp : IAsyncDisposable
{
    private readonly TestCertificateAuthority _tls;

    private ReliabilityApp(TestCertificateAuthority tls, AppProcess process, StoreOptions store, string captureKey, string trainingKey)
    {
        _tls = tls;
        Process = process;
        Store = store;
        CaptureKey = captureKey;
        TrainingKey = trainingKey;
    }

    public AppProcess Process { get; }
    public StoreOptions Store { get; }
    public string CaptureKey { get; }
    public string TrainingKey { get; }

    /// <summary>The directory's employees that may be captured (the leaver is left out).</summary>
    public static readonly string[] Employees = ["E00001", "E00002", "E00003", "E00004", "E00005", "E00006", ProductionHost.Roleless];

    /// <summary>Imports the directory, makes the two keys (these commands migrate the store) and configures the server; does not start it.</summary>
    public static async Task<ReliabilityApp> PrepareAsync(TestCertificateAuthority tls, StoreOptions store)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Store:Provider"] = store.Provider.ToString(),
            ["ConnectionStrings:Transparency"] = store.ConnectionString,
            // Entra ID as configured in production; the provider is never reached, since no one signs in here.
            ["AzureAd:Instance"] = "https://127.0.0.1:9/",
            ["AzureAd:TenantId"] = ProductionHost.TenantId,
            ["AzureAd:ClientId"] = ProductionHost.ClientId,
            ["AzureAd:ClientSecret"] = "not-used",
            // One client sends every batch of these tests as fast as it can; the per-client limit is not what they test.
            ["Ingestion:RequestsPerMinute"] = "1000000",
            ["TrainingExport:SettleSeconds"] = "0",
        };
        var process = AppProcess.Configure(tls, settings);
        try
        {
            var file = Path.Combine(process.Home, "directory.csv");
            await File.WriteAllTextAsync(file, ProductionHost.DirectoryCsv());
            await Command(process, ["directory", "import", file]);
            var capture = KeyFrom(await Command(process, ["api-key", "create", "--name", "capture-pipeline", "--scope", "capture:write"]));
            var training = KeyFrom(await Command(process, ["api-key", "create", "--name", "training-pipeline", "--scope", "training:read"]));
            return new ReliabilityApp(tls, process, store, capture, training);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public Task StartAsync() => Process.StartAsync(_tls);

    /// <summary>A client of the app with a timeout long enough for a slow batch, short enough that a hung one is retried.</summary>
    public HttpClient NewClient() => new(_tls.CreateHandler()) { BaseAddress = Process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A batch of capture records with new ids, for employees of the directory, captured minutes ago.</summary>
    public static Batch NewBatch(Random random, string key, int records)
    {
        var capturedAt = DateTime.UtcNow.AddMinutes(-5);
        var items = Enumerable.Range(0, records)
            .Select(i => CaptureBatches.Keystrokes(Employees[random.Next(Employees.Length)], id: Guid.NewGuid(), text: $"Draft {key} {i}",
                capturedAt: capturedAt.AddSeconds(-i)))
            .ToArray();
        return new Batch(key, [.. items.Select(CaptureBatches.Id)], CaptureBatches.Json(items));
    }

    /// <summary>Sends a batch with its Idempotency-Key; the same key and body every time it is sent.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient http, Batch batch, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/capture-records")
        {
            Content = new ByteArrayContent(batch.Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add("X-Api-Key", CaptureKey);
        request.Headers.Add("Idempotency-Key", batch.Key);
        var response = await http.SendAsync(request, ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return response;
    }

    /// <summary>Accepted and duplicate counts of an acknowledged batch, as its response reports them.</summary>
    public static async Task<(int Accepted, int Duplicates)> CountsOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("accepted").GetInt32(), json.RootElement.GetProperty("duplicates").GetInt32());
    }

    /// <summary>A context on the store, as the app's would be: for the checks made after the runs.</summary>
    public TransparencyDbContext OpenStore()
    {
        var builder = new DbContextOptionsBuilder<TransparencyDbContext>();
        // Unpooled: a connection this test process kept from before an outage would fail its first use after it.
        CoreRegistration.Configure(builder, Store.Provider == StoreProvider.Postgres
            ? new StoreOptions { Provider = Store.Provider, ConnectionString = Store.ConnectionString + ";Pooling=false" }
            : Store);
        return new TransparencyDbContext(builder.Options);
    }

    /// <summary>What the store holds: how many rows each record id has, how many content rows, how many idempotency records.</summary>
    public async Task<StoreCounts> CountAsync()
    {
        await using var db = OpenStore();
        var rows = await db.CaptureRecords.GroupBy(r => r.Id).Select(g => new { Id = g.Key, Count = g.Count() }).ToListAsync();
        var contents = await db.CaptureContents.CountAsync();
        var keys = await db.IdempotencyRecords.CountAsync();
        return new StoreCounts(rows.ToDictionary(r => r.Id, r => r.Count), contents, keys);
    }

    public string Diagnostics() => Process.OutputTail(80);

    private static async Task<string> Command(AppProcess process, string[] arguments)
    {
        var (exitCode, output) = await process.RunCommandAsync(arguments, TimeSpan.FromSeconds(120));
        return exitCode == 0 ? output : throw new InvalidOperationException($"{string.Join(' ', arguments)} ended with {exitCode}:\n{output}");
    }

    private static string KeyFrom(string output) =>
        output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith("tr_", StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"api-key create printed no key:\n{output}");

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}

/// <summary>One batch as the capture pipeline keeps it until it is acknowledged: its key, its record ids, its exact body.</summary>
public sealed record Batch(string Key, IReadOnlyList<Guid> Ids, byte[] Body);

public sealed record StoreCounts(IReadOnlyDictionary<Guid, int> RowsPerId, int Contents, int IdempotencyRecords)
{
    public int Records => RowsPerId.Values.Sum();
    public int Duplicated => RowsPerId.Values.Count(c => c > 1);
    public int Held(IEnumerable<Guid> ids) => ids.Count(id => RowsPerId.ContainsKey(id));
}
