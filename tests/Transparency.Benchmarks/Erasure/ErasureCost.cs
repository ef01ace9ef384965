using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Transparency.Benchmarks.Harness;
using Transparency.Core;
using Transparency.Core.Decisions;
using Transparency.Core.Demo;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Retention;
using Transparency.Core.Startup;

namespace Transparency.Benchmarks.Erasure;

/// <summary>
/// What sweeping erased content out of the store's files costs (ADR 0004), on a demo store this generates:
/// <code>Transparency.Benchmarks erasure-cost --provider sqlite|postgres [--connection CS] [--records N] [--employees N]</code>
/// It times deleting one record, deleting every record of one employee (a filter) and retention purges of slices of
/// the store in batches of 2,000, each first with its sweep left aside and then followed by the sweep the app makes:
/// on SQLite the truncating checkpoint the request or batch waits for, on PostgreSQL the vacuum the background job runs.
/// </summary>
public static class ErasureCost
{
    private static readonly DateTime Now = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var options = Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("Transparency.Benchmarks erasure-cost --provider sqlite|postgres [--connection <PostgreSQL, an empty database>] [--records N] [--employees N] [--singles N]");
            return 2;
        }
        var (provider, connection, records, employees, singles) = options.Value;
        var sqliteFile = Path.Combine(Path.GetTempPath(), $"erasure-cost-{Guid.NewGuid():N}.db");
        connection ??= $"Data Source={sqliteFile}";
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Store:Provider"] = provider.ToString(),
            ["ConnectionStrings:Transparency"] = connection,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTransparencyCore(config);
        await using var provided = services.BuildServiceProvider();
        try
        {
            var started = Stopwatch.GetTimestamp();
            await provided.GetRequiredService<StoreInitializer>().InitializeAsync(
                new DemoDataOptions { Records = records, Employees = employees, Days = 30, Now = Now }, ct);
            Log($"Store generated: {records:N0} records, {employees:N0} employees, {provider} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
            var store = provided.GetRequiredService<StoreOptions>();
            var contexts = provided.GetRequiredService<IDbContextFactory<TransparencyDbContext>>();
            var sweep = provided.GetRequiredService<ErasureSweep>();
            // The act alone: a sweep that only takes note, as the app's does on PostgreSQL.
            var aside = new ErasureSweep(contexts, new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = connection },
                new ErasureSweepOptions(), TimeProvider.System, NullLogger<ErasureSweep>.Instance);
            var decisions = new DecisionService(contexts, new FixedClock(Now), aside);

            // The steady state autovacuum (or an earlier checkpoint) leaves: nothing dead, every page visible.
            if (provider == StoreProvider.Postgres)
                await ExecuteAsync(contexts, "VACUUM ANALYZE", ct);
            await SweepAsync(sweep, ct);
            Log($"Store: {await SizeAsync(contexts, provider, ct)}");

            var (single, singleSweep) = (new Timings(), new Timings());
            foreach (var (employee, id) in await PickRecordsAsync(contexts, singles, ct))
            {
                var result = await single.TimeAsync(() => decisions.DeleteAsync(new EmployeeId(employee), ActTarget.One(id), ct));
                if (result.Changed != 1)
                    throw new InvalidOperationException($"Record {id} was not deleted ({result.Held} held).");
                await singleSweep.TimeAsync(() => SweepAsync(sweep, ct));
            }
            Report("Delete one record", single, singleSweep, provider, "1 record");

            var (bulk, bulkSweep) = (new Timings(), new Timings());
            var counts = new List<int>();
            foreach (var employee in await PickEmployeesAsync(contexts, 3, ct))
            {
                var result = await bulk.TimeAsync(() => decisions.DeleteAsync(new EmployeeId(employee), ActTarget.Matching(new RecordFilter()), ct));
                counts.Add(result.Changed);
                await bulkSweep.TimeAsync(() => SweepAsync(sweep, ct));
            }
            Report("Delete all of one employee's records (filter)", bulk, bulkSweep, provider, $"{string.Join(" / ", counts.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)))} records");

            // Purges of one day of telemetry-only capture (kept 90 days) each: the first with its sweeps left aside, the second with the app's (on SQLite one checkpoint per batch).
            foreach (var (day, withSweep) in new[] { (0, false), (1, true) })
            {
                var clock = new FixedClock(Now.AddDays(-30 + day + 1 + 90));
                var retention = new RetentionService(contexts, clock, new RetentionOptions(), withSweep ? sweep : aside, NullLogger<RetentionService>.Instance);
                var (purge, purgeSweep) = (new Timings(), new Timings());
                var purged = await purge.TimeAsync(() => retention.PurgeAsync(ct));
                var batches = (purged.Purged + 1999) / 2000;
                await purgeSweep.TimeAsync(() => SweepAsync(sweep, ct));
                Log($"Retention purge {(withSweep ? "with the app's sweep after each batch" : "with its sweep left aside")}: {purged.Purged:N0} records in {batches} batches, " +
                    $"{purge.Median:N0} ms ({purge.Median / Math.Max(1, batches):N1} ms a batch); sweep after it: {purgeSweep.Median:N1} ms");
            }
            Log($"Store afterwards: {await SizeAsync(contexts, provider, ct)}");
            return 0;
        }
        finally
        {
            if (provider == StoreProvider.Sqlite)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                    File.Delete(sqliteFile + suffix);
            }
        }
    }

    private static async Task SweepAsync(ErasureSweep sweep, CancellationToken ct)
    {
        if (!await sweep.SweepAsync(TimeSpan.FromMinutes(1), ct))
            throw new InvalidOperationException("The sweep did not complete.");
    }

    private static void Report(string name, Timings act, Timings sweep, StoreProvider provider, string size) =>
        Log($"{name} ({size}, n={act.Count}): act median {act.Median:N1} ms (max {act.Percentile(1):N1}), " +
            $"{(provider == StoreProvider.Sqlite ? "checkpoint the act then waits for" : "vacuum in the background")}: median {sweep.Median:N1} ms (max {sweep.Percentile(1):N1})");

    private static async Task<List<(string Employee, Guid Id)>> PickRecordsAsync(IDbContextFactory<TransparencyDbContext> contexts, int n, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var free = db.CaptureRecords.Where(r => r.DeletedAt == null && r.PurgedAt == null).Where(LegalHolds.Free(db.LegalHolds));
        // Spread over the store: one record of each of n employees, from the middle of their capture (their own index).
        var employees = await db.Employees.OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(ct);
        var ids = new List<(string, Guid)>();
        foreach (var employee in employees.Where((_, i) => i % Math.Max(1, employees.Count / n) == 0).Take(n))
        {
            var mine = free.Where(r => r.EmployeeId == employee).OrderBy(r => r.CapturedAt);
            var count = await mine.CountAsync(ct);
            if (count > 0)
                ids.Add((employee, await mine.Skip(count / 2).Select(r => r.Id).FirstAsync(ct)));
        }
        return ids;
    }

    private static async Task<List<string>> PickEmployeesAsync(IDbContextFactory<TransparencyDbContext> contexts, int n, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // The employees with the most records and no legal hold.
        return await db.CaptureRecords.Where(r => !db.LegalHolds.Any(h => h.EmployeeId == r.EmployeeId))
            .GroupBy(r => r.EmployeeId).OrderByDescending(g => g.Count()).Select(g => g.Key).Take(n).ToListAsync(ct);
    }

    private static async Task<string> SizeAsync(IDbContextFactory<TransparencyDbContext> contexts, StoreProvider provider, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (provider == StoreProvider.Postgres)
            return (await db.Database.SqlQueryRaw<string>(
                "SELECT format('capture_contents %s (TOAST %s), capture_records %s with indexes', pg_size_pretty(pg_table_size('capture_contents')), " +
                "pg_size_pretty(pg_total_relation_size((SELECT reltoastrelid FROM pg_class WHERE relname = 'capture_contents'))), " +
                "pg_size_pretty(pg_total_relation_size('capture_records'))) AS \"Value\"").ToListAsync(ct)).Single();
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        return $"file {new FileInfo(file).Length / 1048576.0:N0} MB, log {(File.Exists(file + "-wal") ? new FileInfo(file + "-wal").Length / 1048576.0 : 0):N1} MB";
    }

    private static async Task ExecuteAsync(IDbContextFactory<TransparencyDbContext> contexts, string sql, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Database.SetCommandTimeout(0);
        await db.Database.ExecuteSqlRawAsync(sql, ct);
    }

    private static (StoreProvider Provider, string? Connection, int Records, int Employees, int Singles)? Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
            values[args[i]] = args[i + 1];
        if (!values.TryGetValue("--provider", out var providerText) || !Enum.TryParse<StoreProvider>(providerText, ignoreCase: true, out var provider))
            return null;
        var connection = values.GetValueOrDefault("--connection");
        if (provider == StoreProvider.Postgres && connection is null)
            return null;
        return (provider, connection, Int("--records", 1_000_000), Int("--employees", 100), Int("--singles", 20));

        int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    }

    private static void Log(string line) => BenchmarkRun.Log(line);

    private sealed class FixedClock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }
}
