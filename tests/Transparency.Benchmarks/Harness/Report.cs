using System.Globalization;
using System.Text;
using Npgsql;
using Transparency.Benchmarks.Store;

namespace Transparency.Benchmarks.Harness;

/// <summary>
/// The results of one run as Markdown: machine, PostgreSQL settings, command, scale, the table and each
/// measurement's details. Printed, and put between the markers of docs/benchmarks.md.
/// </summary>
public static class Report
{
    /// <summary>The markers that hold the latest results of one scale (quick, full or custom) in the document.</summary>
    public static (string Start, string End) Markers(string scale) =>
        ($"<!-- benchmark-results:{scale}:start -->", $"<!-- benchmark-results:{scale}:end -->");

    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } m
                ? $"{long.Parse(m.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0:N1} GiB"
                : "?"
            : "?";
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {memory} memory, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static async Task<string> PostgresAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var version = (string)(await StoreGenerator.Row(connection, "SHOW server_version", ct))[0];
        var settings = await StoreGenerator.Rows(connection, """
            SELECT name, setting, unit FROM pg_settings
            WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'max_wal_size', 'checkpoint_timeout', 'fsync',
                           'synchronous_commit', 'full_page_writes', 'wal_level', 'max_connections', 'effective_cache_size')
            ORDER BY name
            """, ct);
        return $"PostgreSQL {version}; " + string.Join(", ", settings.Select(s => $"{s[0]}={Pretty((string)s[1], s[2] as string)}"));
    }

    private static string Pretty(string setting, string? unit)
    {
        if (unit is null || !long.TryParse(setting, CultureInfo.InvariantCulture, out var n))
            return setting;
        var bytes = unit switch { "8kB" => n * 8192, "kB" => n * 1024, "MB" => n * 1024 * 1024, _ => -1 };
        if (bytes < 0)
            return setting + unit;
        return bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.#}GB" : $"{bytes / (double)(1L << 20):0.#}MB";
    }

    public static string Markdown(BenchmarkOptions options, string machine, string postgres, string loadStart, string loadEnd,
        DateTime startedAt, StoreSummary store, IReadOnlyList<MeasurementResult> results)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"### Run of {startedAt:yyyy-MM-dd HH:mm} UTC — scale: {options.Scale}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{(options.Command.Length > 0 ? options.Command : "Transparency.Benchmarks")}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {machine}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- {postgres}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1, 5, 15 min): {loadStart} at the start, {loadEnd} at the end");
        var heavy = store.HeavyEmployees.Count > 0
            ? $"; {store.Records - store.Generated:N0} of the records belong to the heavy employees and were added after generation"
            : "";
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- Store: {store.Records:N0} capture records, {store.Employees:N0} employees, {store.OrgUnits:N0} org units, {store.Days} days; " +
            $"generated in {store.Elapsed.TotalSeconds:N1} s ({store.Generated / store.Elapsed.TotalSeconds:N0} records/s), ANALYZE {store.AnalyzeElapsed.TotalSeconds:N1} s{heavy}");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"- Ingestion: {options.IngestRecords:N0} records, batches of {options.BatchSize:N0}, {options.Clients} clients, {options.EmployeesPerBatch} employees per batch; " +
            $"export: up to {options.ExportLimit:N0} records, pages of {options.PageSize:N0}");
        md.AppendLine();
        md.AppendLine("| measurement | app | baseline | ratio | goal | met? |");
        md.AppendLine("|---|---:|---:|---:|---|---|");
        foreach (var r in results)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.AppText} | {r.BaselineText} | {r.RatioText} | {r.Goal} | {(r.Met ? "yes" : "**no**")} |");
        md.AppendLine();
        md.AppendLine("```text");
        foreach (var line in store.Details)
            md.AppendLine(CultureInfo.InvariantCulture, $"store: {line}");
        foreach (var r in results)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"{r.Name}:");
            foreach (var line in r.Details)
                md.AppendLine(CultureInfo.InvariantCulture, $"  {line}");
        }
        md.AppendLine("```");
        return md.ToString();
    }

    /// <summary>Replaces what stands between the markers of this scale in the document with this run's results (appending the markers when missing).</summary>
    public static void WriteInto(string path, string scale, string markdown)
    {
        var (start, end) = Markers(scale);
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        if (text.IndexOf(start, StringComparison.Ordinal) is var from && (from < 0 || text.IndexOf(end, from, StringComparison.Ordinal) < 0))
            text = text.TrimEnd() + $"\n\n{start}\n{end}\n";
        from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        File.WriteAllText(path, text[..(from + start.Length)] + "\n" + markdown + text[to..]);
    }
}
