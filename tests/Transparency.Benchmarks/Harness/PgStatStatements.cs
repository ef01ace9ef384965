using Npgsql;
using Transparency.Benchmarks.Store;

namespace Transparency.Benchmarks.Harness;

/// <summary>Where PostgreSQL spent its time during a measurement, when the server preloads pg_stat_statements.</summary>
public static class PgStatStatements
{
    public static async Task<bool> AvailableAsync(BenchmarkRun run, CancellationToken ct)
    {
        await using var connection = await run.OpenAsync(ct);
        try
        {
            await StoreGenerator.Execute(connection, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements", ct);
            await StoreGenerator.Execute(connection, "SELECT 1 FROM pg_stat_statements LIMIT 1", ct);
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    public static async Task ResetAsync(BenchmarkRun run, CancellationToken ct)
    {
        if (!await AvailableAsync(run, ct))
            return;
        await using var connection = await run.OpenAsync(ct);
        await StoreGenerator.Execute(connection, "SELECT pg_stat_statements_reset()", ct);
    }

    /// <summary>The statements that took the most server time since the last reset, as detail lines.</summary>
    public static async Task<IReadOnlyList<string>> TopAsync(BenchmarkRun run, string title, TimeSpan wall, CancellationToken ct, int top = 6)
    {
        if (!await AvailableAsync(run, ct))
            return [$"{title}: pg_stat_statements is not available"];
        await using var connection = await run.OpenAsync(ct);
        var total = (double)(await StoreGenerator.Row(connection,
            "SELECT coalesce(sum(total_exec_time), 0)::float8 FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%'", ct))[0];
        var lines = new List<string>
        {
            $"{title}: statements executed for {total / 1000:N1} s in {wall.TotalSeconds:N1} s of wall time " +
            $"({total / 1000 / wall.TotalSeconds:N2} backends busy on average); the top ones:",
        };
        foreach (var row in await StoreGenerator.Rows(connection, $"""
            SELECT calls, total_exec_time::float8, mean_exec_time::float8, rows,
                   regexp_replace(left(query, 160), '\s+', ' ', 'g')
            FROM pg_stat_statements WHERE query NOT ILIKE '%pg_stat_statements%'
            ORDER BY total_exec_time DESC LIMIT {top}
            """, ct))
            lines.Add($"  {(double)row[1] / 1000,7:N1} s  {(long)row[0],8:N0} calls  {(double)row[2],8:N2} ms mean  {(long)row[3],10:N0} rows  {row[4]}");
        return lines;
    }
}
