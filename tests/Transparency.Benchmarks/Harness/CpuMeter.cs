using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Transparency.Benchmarks.Store;

namespace Transparency.Benchmarks.Harness;

/// <summary>
/// CPU time used by the app process, the PostgreSQL server (postmaster, its live backends and the ones
/// it reaped) and the harness itself over one phase, read from /proc. On a small machine shared with other
/// work, CPU seconds per record say more about a path's cost than wall time does.
/// </summary>
public sealed class CpuMeter
{
    private readonly int _appPid;
    private readonly int? _postmasterPid;
    private (double App, double Postgres, double Harness, long Ticks) _start;

    private CpuMeter(int appPid, int? postmasterPid)
    {
        _appPid = appPid;
        _postmasterPid = postmasterPid;
    }

    public static async Task<CpuMeter> StartAsync(BenchmarkRun run, CancellationToken ct)
    {
        int? postmaster = null;
        try
        {
            await using var connection = await run.OpenAsync(ct);
            var dataDirectory = (string)(await StoreGenerator.Row(connection, "SHOW data_directory", ct))[0];
            var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
            if (File.Exists(pidFile))
                postmaster = int.Parse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is PostgresException or IOException or UnauthorizedAccessException or FormatException)
        {
        }
        var meter = new CpuMeter(run.App.ProcessId, postmaster);
        meter._start = meter.Read();
        return meter;
    }

    /// <summary>One detail line: CPU seconds of each party since the start, and per 1,000 records.</summary>
    public string Describe(long records)
    {
        var now = Read();
        var wall = Stopwatch.GetElapsedTime(_start.Ticks).TotalSeconds;
        double app = now.App - _start.App, pg = now.Postgres - _start.Postgres, harness = now.Harness - _start.Harness;
        string Per(double s) => $"{s:N1} s ({1000 * s / Math.Max(1, records) * 1000:N0} ms per 1,000 records)";
        return $"CPU over {wall:N1} s of wall time: app {Per(app)}, PostgreSQL {(_postmasterPid is null ? "n/a" : Per(pg))}, harness {Per(harness)}; " +
               $"together {(app + pg + harness) / wall:N2} of {Environment.ProcessorCount} cores";
    }

    /// <summary>CPU seconds the PostgreSQL server used since the start; null when its postmaster is not on this machine.</summary>
    public double? PostgresSeconds() => _postmasterPid is null ? null : Read().Postgres - _start.Postgres;

    private (double App, double Postgres, double Harness, long Ticks) Read()
    {
        var postgres = 0.0;
        if (_postmasterPid is { } postmaster)
        {
            postgres = Seconds(postmaster, includeReaped: true);
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
                if (int.TryParse(Path.GetFileName(dir), out var pid) && pid != postmaster && ParentOf(pid) == postmaster)
                    postgres += Seconds(pid, includeReaped: false);
        }
        return (Seconds(_appPid, includeReaped: true), postgres, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, Stopwatch.GetTimestamp());
    }

    private static int? ParentOf(int pid) => ProcFs.Stat(pid)?.Parent;

    /// <summary>utime + stime, plus cutime + cstime of reaped children when asked.</summary>
    private static double Seconds(int pid, bool includeReaped) =>
        ProcFs.Stat(pid) is { } stat ? (stat.Ticks + (includeReaped ? stat.ReapedTicks : 0)) * ProcFs.SecondsPerTick : 0;
}
