using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Transparency.Benchmarks.Store;

namespace Transparency.Benchmarks.Harness;

/// <summary>
/// What every measurement needs: the store, the running app, the service keys, and Core's services on the
/// same store (for the paths a page calls in-process: records, summary, decisions, reports).
/// </summary>
public sealed class BenchmarkRun(BenchmarkOptions options, AppProcess app, string captureKey, string trainingKey, StoreSummary store, IServiceProvider core)
{
    public BenchmarkOptions Options => options;
    public string ConnectionString => options.ConnectionString;
    public AppProcess App => app;
    public StoreSummary Store => store;

    /// <summary>A Core service, registered as the app registers it (<c>AddTransparencyCore</c>, PostgreSQL).</summary>
    public T Core<T>() where T : notnull => core.GetRequiredService<T>();

    /// <summary>An HTTP client for the app, authenticated as the capture pipeline.</summary>
    public HttpClient CaptureClient() => Client(captureKey);

    /// <summary>An HTTP client for the app, authenticated as the training pipeline.</summary>
    public HttpClient TrainingClient() => Client(trainingKey);

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    public static void Log(string message) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");

    private HttpClient Client(string key)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
        {
            BaseAddress = app.BaseAddress,
            Timeout = TimeSpan.FromMinutes(10),
        };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}
