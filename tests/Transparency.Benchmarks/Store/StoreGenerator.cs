using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Transparency.Core;
using Transparency.Core.ApiClients;
using Transparency.Core.Demo;
using Transparency.Core.EventStore;
using Transparency.Benchmarks.Harness;

namespace Transparency.Benchmarks.Store;

/// <summary>What the generated store holds, as the report states it.</summary>
public sealed record StoreSummary(
    int OrgUnits, int Employees, long Records, int Days, TimeSpan Elapsed, TimeSpan AnalyzeElapsed, IReadOnlyList<string> Details);

/// <summary>
/// Builds the benchmark store the way the app builds its own: the PostgreSQL migrations through
/// <see cref="StoreInitializer"/>, the processing register, then Core's demo generator at the requested
/// scale (binary COPY of records, contents, decisions and flags through Core's bulk writer, with the
/// demo's org units, standing rules, legal hold, withheld and released records, open and resolved flags,
/// sensitive contexts and screen-snapshot PNGs). Indexes stay in place during the load; ANALYZE follows.
/// </summary>
public static class StoreGenerator
{
    public static async Task<StoreSummary> GenerateAsync(BenchmarkOptions options, CancellationToken ct)
    {
        await EnsureEmptyAsync(options.ConnectionString, ct);
        await using var services = CoreServices(options.ConnectionString);

        BenchmarkRun.Log($"Generating the store: {options.Records:N0} capture records, {options.Employees:N0} employees, {options.Days} days …");
        var started = Stopwatch.GetTimestamp();
        var demo = new DemoDataOptions { Records = options.Records, Employees = options.Employees, Days = options.Days };
        await services.GetRequiredService<StoreInitializer>().InitializeAsync(demo, ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        BenchmarkRun.Log($"Generated in {elapsed.TotalSeconds:N1} s ({options.Records / elapsed.TotalSeconds:N0} records/s). ANALYZE …");

        started = Stopwatch.GetTimestamp();
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync(ct);
        await Execute(connection, "ANALYZE", ct);
        var analyzed = Stopwatch.GetElapsedTime(started);

        var details = new List<string>();
        var counts = await Row(connection, """
            SELECT (SELECT count(*) FROM org_units), (SELECT count(*) FROM employees), count(*),
                   count(*) FILTER (WHERE purposes & 4 <> 0),
                   count(*) FILTER (WHERE training_choice = 1), count(*) FILTER (WHERE training_choice = 2),
                   count(*) FILTER (WHERE has_open_flag), count(*) FILTER (WHERE deleted_at IS NOT NULL),
                   count(*) FILTER (WHERE redacted_at IS NOT NULL), count(*) FILTER (WHERE sensitivity <> 0)
            FROM capture_records
            """, ct);
        var kinds = await Rows(connection, "SELECT kind, count(*) FROM capture_records GROUP BY kind ORDER BY kind", ct);
        var other = await Row(connection, """
            SELECT (SELECT count(*) FROM standing_rules WHERE removed_at IS NULL),
                   (SELECT count(DISTINCT employee_id) FROM standing_rules WHERE removed_at IS NULL),
                   (SELECT count(*) FROM capture_contents WHERE snapshot IS NOT NULL),
                   (SELECT coalesce(avg(octet_length(snapshot)), 0)::bigint FROM capture_contents WHERE snapshot IS NOT NULL),
                   (SELECT coalesce(avg(octet_length(json)), 0)::bigint FROM capture_contents),
                   (SELECT count(*) FROM decisions), (SELECT count(*) FROM legal_holds),
                   pg_size_pretty(pg_total_relation_size('capture_records')), pg_size_pretty(pg_total_relation_size('capture_contents')),
                   pg_size_pretty(pg_database_size(current_database()))
            """, ct);
        var records = (long)counts[2];
        string Share(object n) => $"{(long)n:N0} ({100.0 * (long)n / Math.Max(1, records):0.0##} %)";
        details.Add($"{(long)counts[0]:N0} org units, {(long)counts[1]:N0} employees, {records:N0} capture records over {options.Days} days");
        details.Add("by kind: " + string.Join(", ", kinds.Select(k => $"{(Core.EventStore.CaptureKind)(int)k[0]} {Share(k[1])}")));
        details.Add($"feeding model training {Share(counts[3])}; withheld by record {Share(counts[4])}; released {Share(counts[5])}; " +
                    $"open flag {Share(counts[6])}; deleted {Share(counts[7])}; redacted {Share(counts[8])}; with a sensitivity tag {Share(counts[9])}");
        details.Add($"{(long)other[0]:N0} active standing rules of {(long)other[1]:N0} employees; {(long)other[5]:N0} decisions; {(long)other[6]:N0} legal hold(s)");
        details.Add($"content: JSON averages {(long)other[4]:N0} bytes; {(long)other[2]:N0} screen snapshots carry a PNG (average {(long)other[3]:N0} bytes)");
        details.Add($"size: capture_records {other[7]} (with indexes), capture_contents {other[8]}, database {other[9]}");
        return new StoreSummary((int)(long)counts[0], (int)(long)counts[1], records, options.Days, elapsed, analyzed, details);
    }

    /// <summary>Creates a capture:write and a training:read key with Core's own client service, as <c>api-key create</c> does.</summary>
    public static async Task<(string Capture, string Training)> CreateApiKeysAsync(string connectionString, CancellationToken ct)
    {
        await using var services = CoreServices(connectionString);
        var clients = services.GetRequiredService<ApiClientService>();
        var capture = await clients.CreateAsync("benchmark-capture", [ApiScopes.CaptureWrite], ct);
        var training = await clients.CreateAsync("benchmark-training", [ApiScopes.TrainingRead], ct);
        return (capture.Key, training.Key);
    }

    private static ServiceProvider CoreServices(string connectionString)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Postgres",
            ["ConnectionStrings:Transparency"] = connectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTransparencyCore(config);
        return services.BuildServiceProvider();
    }

    private static async Task EnsureEmptyAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT to_regclass('capture_records') IS NOT NULL", connection);
        if ((bool)(await command.ExecuteScalarAsync(ct))!)
            throw new InvalidOperationException("The benchmark database already holds a store; give the harness an empty database.");
    }

    public static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<object[]> Row(NpgsqlConnection connection, string sql, CancellationToken ct) =>
        (await Rows(connection, sql, ct)).Single();

    public static async Task<List<object[]>> Rows(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<object[]>();
        while (await reader.ReadAsync(ct))
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }
}
