using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Transparency.Benchmarks.Harness;
using Transparency.Core.Rollups;
using Transparency.Core;
using Transparency.Core.ApiClients;
using Transparency.Core.Demo;
using Transparency.Core.EventStore;
using Transparency.Core.Records;
using Transparency.Core.Startup;

namespace Transparency.Benchmarks.Store;

/// <summary>What the generated store holds, as the report states it.</summary>
public sealed record StoreSummary(
    int OrgUnits, int Employees, long Records, int Days, TimeSpan Elapsed, TimeSpan AnalyzeElapsed, IReadOnlyList<string> Details)
{
    /// <summary>The employees given <see cref="BenchmarkOptions.HeavyRecords"/> extra records each.</summary>
    public IReadOnlyList<string> HeavyEmployees { get; init; } = [];

    /// <summary>Records the demo generator wrote (the heavy employees' copies are added afterwards and not counted here).</summary>
    public long Generated { get; init; }
}

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
        var reused = await HoldsStoreAsync(options.ConnectionString, ct);
        if (reused && !options.Reuse)
            throw new InvalidOperationException("The benchmark database already holds a store; give the harness an empty database (or --reuse).");
        await using var services = CoreServices(options.ConnectionString);
        if (reused)
        {
            // The app's migrations since that run, and the rollups they add or that fell behind, as a fresh store gets them.
            await services.GetRequiredService<StoreInitializer>().InitializeAsync(null, ct);
            List<string> lines = ["reused the store an earlier run generated in this database"];
            lines.Add(await BackfillUsageRollupAsync(services, ct));
            lines.Add(await BackfillSummaryRollupAsync(services, ct));
            return await DescribeAsync(options, TimeSpan.Zero, TimeSpan.Zero, await HeavyIdsAsync(options, ct), lines, ct);
        }

        BenchmarkRun.Log($"Generating the store: {options.Records:N0} capture records, {options.Employees:N0} employees, {options.Days} days …");
        var started = Stopwatch.GetTimestamp();
        var demo = new DemoDataOptions { Records = options.Records, Employees = options.Employees, Days = options.Days };
        await services.GetRequiredService<StoreInitializer>().InitializeAsync(demo, ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        BenchmarkRun.Log($"Generated in {elapsed.TotalSeconds:N1} s ({options.Records / elapsed.TotalSeconds:N0} records/s).");

        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync(ct);
        var details = new List<string>();
        var (heavy, heavyLine) = await AddHeavyEmployeesAsync(connection, options, ct);
        if (heavyLine is not null)
            details.Add(heavyLine);

        BenchmarkRun.Log("ANALYZE …");
        started = Stopwatch.GetTimestamp();
        await Execute(connection, "ANALYZE", ct);
        var analyzed = Stopwatch.GetElapsedTime(started);
        details.Add(await BackfillUsageRollupAsync(services, ct));
        details.Add(await BackfillSummaryRollupAsync(services, ct));
        return await DescribeAsync(options, elapsed, analyzed, heavy, details, ct);
    }

    private static async Task<StoreSummary> DescribeAsync(
        BenchmarkOptions options, TimeSpan elapsed, TimeSpan analyzed, IReadOnlyList<string> heavy, List<string> details, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync(ct);
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
        return new StoreSummary((int)(long)counts[0], (int)(long)counts[1], records, options.Days, elapsed, analyzed, details) { HeavyEmployees = heavy, Generated = options.Records };
    }

    /// <summary>
    /// Core's demo generator spreads records evenly over people (it takes a count of records and of employees, no
    /// weights), and Core's bulk writer is internal to Core. So the heavy employees are made here, in SQL: each
    /// gets <see cref="BenchmarkOptions.HeavyRecords"/> copies of a uniform sample of the generated records (every
    /// kind, purpose, surface and day of the period, with their content and snapshots) under fresh ids, with
    /// the decision state cleared (no withhold, flag or deletion without a decision behind it). They are the
    /// generated employees that follow the six demo users, so they sign in like any other.
    /// </summary>
    private static async Task<(IReadOnlyList<string> Ids, string? Line)> AddHeavyEmployeesAsync(NpgsqlConnection connection, BenchmarkOptions options, CancellationToken ct)
    {
        if (options.HeavyEmployees <= 0 || options.HeavyRecords <= 0)
            return ([], null);
        var ids = await HeavyIdsAsync(options, ct);
        var started = Stopwatch.GetTimestamp();
        var total = (long)(await Row(connection, "SELECT count(*) FROM capture_records WHERE deleted_at IS NULL AND redacted_at IS NULL", ct))[0];
        // Enough copies of a sample a little larger than needed; REPEATABLE keeps the store the same run to run.
        var repeat = (int)Math.Ceiling(options.HeavyRecords * 1.2 / Math.Max(1, total));
        var percent = Math.Min(100.0, 100.0 * options.HeavyRecords * 1.2 / Math.Max(1, total) / repeat);
        foreach (var (employee, n) in ids.Select((id, n) => (id, n)))
        {
            BenchmarkRun.Log($"Heavy employee {employee}: {options.HeavyRecords:N0} records …");
            await using var tx = await connection.BeginTransactionAsync(ct);
            await Execute(connection, $"""
                CREATE TEMP TABLE heavy_copy ON COMMIT DROP AS
                SELECT r.employee_id AS source_employee, r.id AS source_id, gen_random_uuid() AS id
                FROM capture_records r TABLESAMPLE BERNOULLI ({percent.ToString(System.Globalization.CultureInfo.InvariantCulture)}) REPEATABLE ({20261127 + n})
                CROSS JOIN generate_series(1, {repeat})
                WHERE r.deleted_at IS NULL AND r.redacted_at IS NULL AND r.employee_id <> '{employee}'
                LIMIT {options.HeavyRecords}
                """, ct);
            await Execute(connection, $"""
                INSERT INTO capture_records (employee_id, id, captured_at, received_at, kind, device_id, application, site, source_agent, summary,
                    sensitivity, purposes, training_choice, has_open_flag, deleted_at, redacted_at, purged_at, last_decision_id,
                    previous_training_choice, ingest_hash)
                SELECT '{employee}', h.id, r.captured_at, r.received_at, r.kind, r.device_id, r.application, r.site, r.source_agent, r.summary,
                    r.sensitivity, r.purposes, 0, false, NULL, NULL, NULL, NULL, 0, r.ingest_hash
                FROM heavy_copy h JOIN capture_records r ON r.employee_id = h.source_employee AND r.id = h.source_id
                """, ct);
            await Execute(connection, $"""
                INSERT INTO capture_contents (employee_id, record_id, json, snapshot, snapshot_media_type)
                SELECT '{employee}', h.id, c.json, c.snapshot, c.snapshot_media_type
                FROM heavy_copy h JOIN capture_contents c ON c.employee_id = h.source_employee AND c.record_id = h.source_id
                """, ct);
            await tx.CommitAsync(ct);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        return (ids, $"heavy employees {string.Join(", ", ids)}: {options.HeavyRecords:N0} extra records each (copies of a uniform sample of the " +
                     $"generated records under fresh ids, decision state cleared; INSERT … SELECT), added in {elapsed.TotalSeconds:N1} s");
    }

    private static async Task<IReadOnlyList<string>> HeavyIdsAsync(BenchmarkOptions options, CancellationToken ct)
    {
        if (options.HeavyEmployees <= 0 || options.HeavyRecords <= 0)
            return [];
        await using var connection = new NpgsqlConnection(options.ConnectionString);
        await connection.OpenAsync(ct);
        return (await Rows(connection, $"SELECT id FROM employees ORDER BY id OFFSET 6 LIMIT {options.HeavyEmployees}", ct)).Select(r => (string)r[0]).ToList();
    }

    /// <summary>
    /// Brings both rollups up to date as the app's rollup job would, so a measurement does not share the machine with
    /// the job catching up on what the previous one wrote (after ingestion: a million arrivals, folded in by the app
    /// ten minutes later, org unit week by org unit week). The job's cost belongs to the path that caused it.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SettleRollupsAsync(IServiceProvider services, CancellationToken ct) =>
        [await BackfillUsageRollupAsync(services, ct), await BackfillSummaryRollupAsync(services, ct)];

    /// <summary>Fills the works council's usage rollup as the app's rollup job would, and says how long that took.</summary>
    private static async Task<string> BackfillUsageRollupAsync(IServiceProvider services, CancellationToken ct)
    {
        BenchmarkRun.Log("Usage rollup backfill …");
        var rollup = services.GetRequiredService<UsageRollupService>();
        var started = Stopwatch.GetTimestamp();
        var (runs, weeks) = (0, 0);
        while (true)
        {
            var result = await rollup.RefreshAsync(ct);
            runs++;
            weeks += result.WeeksRefreshed;
            if (!result.Skipped && result.WeeksStillStale == 0)
                break;
            if (result.Skipped)
                await Task.Delay(500, ct);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        return $"usage rollup backfill (UsageRollupService.RefreshAsync until no week is stale): {weeks:N0} org unit weeks in {runs} runs, {elapsed.TotalSeconds:N1} s";
    }

    /// <summary>Fills the employees' summary rollup as the app's rollup job would, and says how long that took.</summary>
    private static async Task<string> BackfillSummaryRollupAsync(IServiceProvider services, CancellationToken ct)
    {
        BenchmarkRun.Log("Summary rollup backfill …");
        var rollup = services.GetRequiredService<SummaryRollupService>();
        var started = Stopwatch.GetTimestamp();
        var (runs, marks) = (0, 0);
        while (true)
        {
            var result = await rollup.RefreshAsync(ct: ct);
            runs++;
            marks += result.MarksRefreshed;
            if (!result.Skipped && result.MarksLeft == 0)
                break;
            if (result.Skipped)
                await Task.Delay(500, ct);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        return $"summary rollup backfill (SummaryRollupService.RefreshAsync until no day is marked): {marks:N0} employee day ranges in {runs} runs, {elapsed.TotalSeconds:N1} s";
    }

    /// <summary>Creates a capture:write and a training:read key with Core's own client service, as <c>api-key create</c> does.</summary>
    public static async Task<(string Capture, string Training)> CreateApiKeysAsync(string connectionString, CancellationToken ct)
    {
        await using var services = CoreServices(connectionString);
        var clients = services.GetRequiredService<ApiClientService>();
        // A reused store keeps the clients of earlier runs; client names are unique.
        var run = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var capture = await clients.CreateAsync($"benchmark-capture-{run}", [ApiScopes.CaptureWrite], ct);
        var training = await clients.CreateAsync($"benchmark-training-{run}", [ApiScopes.TrainingRead], ct);
        return (capture.Key, training.Key);
    }

    public static ServiceProvider CoreServices(string connectionString)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = "Postgres",
            ["ConnectionStrings:Transparency"] = connectionString,
            // The harness brings the usage rollup up to date before it compares it with the records.
            ["Reports:ArrivalBatchSeconds"] = "0",
            // What disclosures state about the organisation: required, and not what is measured.
            ["Disclosures:Controller"] = "Benchmark Employer",
            ["Disclosures:PrivacyContact"] = "privacy@benchmark.example",
            ["Disclosures:SupervisoryAuthority:Name"] = "Benchmark Supervisory Authority",
            ["Disclosures:SupervisoryAuthority:Address"] = "1 Benchmark Street",
            ["Disclosures:AutomatedDecisions"] = "No automated decisions are made from captured data.",
            ["Disclosures:Transfers"] = "No transfers outside the EEA.",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTransparencyCore(config);
        return services.BuildServiceProvider();
    }

    private static async Task<bool> HoldsStoreAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT to_regclass('capture_records') IS NOT NULL", connection);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
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
