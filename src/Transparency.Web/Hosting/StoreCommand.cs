using System.Diagnostics;
using System.Globalization;
using Transparency.Core.EventStore;
using Transparency.Core.Startup;

namespace Transparency.Web.Hosting;

/// <summary>
/// <c>store vacuum [--full]</c>: operators sweep erased content out of the configured store's files without starting the
/// web server (ADR 0004). Without <c>--full</c> it is what the app does after erasures: on PostgreSQL a VACUUM of the
/// content and record tables, on SQLite a checkpoint that empties the write-ahead log. With <c>--full</c> the tables are
/// rewritten so that no page keeps erased bytes in its free space: VACUUM FULL, which locks them for its whole run.
/// Exit code 0 when done, 1 when something held it up (said on the error output), 2 on bad usage or an unusable store.
/// </summary>
public static class StoreCommand
{
    public static bool IsInvoked(string[] args) => args.Length > 0 && args[0] == "store";

    private const string Usage = """
        Usage:
          store vacuum [--full] [--wait <seconds>]
        Without --full: what the app does after every erasure, now. On PostgreSQL a VACUUM of capture_contents and
        capture_records (no tuple of erased content is left; freed space is overwritten only as new rows fill it); on
        SQLite a checkpoint that empties the write-ahead log.
        --full rewrites those tables so that no erased byte is left in their files: on PostgreSQL VACUUM FULL, which
        blocks every read and write of each table while it copies it and needs disk room for the copy. Run it in a
        maintenance window, with the app's instances stopped. On SQLite VACUUM, which rebuilds the file.
        --wait is how long to wait for older transactions or readers to end (default 60).
        The store is the one the app is configured with (Store:Provider, ConnectionStrings:Transparency).
        """;

    /// <param name="output">Where the outcome goes (standard output unless given).</param>
    /// <param name="error">Where problems go (standard error unless given).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        if (!TryParse(args, out var full, out var wait, out var hostArgs))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        using var host = CommandHost.Build(hostArgs);
        try
        {
            await host.Services.GetRequiredService<StoreInitializer>().InitializeAsync(null);
            var provider = host.Services.GetRequiredService<StoreOptions>().Provider;
            if (full)
            {
                var result = await host.Services.GetRequiredService<StoreCompaction>().CompactAsync(wait);
                if (!result.Complete)
                {
                    await error.WriteLineAsync($"Full compaction incomplete after {Seconds(result.Elapsed)}: {result.Problem}");
                    return 1;
                }
                await output.WriteLineAsync(provider == StoreProvider.Postgres
                    ? $"Rewrote capture_contents and capture_records (VACUUM FULL) in {Seconds(result.Elapsed)}: their files hold no erased content."
                    : $"Rebuilt the store's file (VACUUM) and emptied its write-ahead log in {Seconds(result.Elapsed)}.");
                return 0;
            }

            var clock = Stopwatch.StartNew();
            if (!await host.Services.GetRequiredService<ErasureSweep>().SweepAsync(wait))
            {
                await error.WriteLineAsync(provider == StoreProvider.Postgres
                    ? "The vacuum ran, but a transaction that began before it was still open and keeps the rows it can read; run it again when it has ended."
                    : "A reader kept the write-ahead log in use, so it was not emptied; run it again, or stop the app first.");
                return 1;
            }
            await output.WriteLineAsync(provider == StoreProvider.Postgres
                ? $"Vacuumed capture_contents and capture_records in {Seconds(clock.Elapsed)}: no tuple of erased content is left."
                : $"Emptied the write-ahead log into the store's file in {Seconds(clock.Elapsed)}.");
            return 0;
        }
        catch (StoreConfigurationException e)
        {
            await error.WriteLineAsync(e.Message);
            return 2;
        }
    }

    private static bool TryParse(string[] args, out bool full, out TimeSpan wait, out string[] hostArgs)
    {
        full = false;
        wait = TimeSpan.FromSeconds(60);
        hostArgs = [];
        if (args.Length < 2 || args[1] != "vacuum")
            return false;
        var rest = new List<string>();
        for (var i = 2; i < args.Length; i++)
        {
            if (args[i] == "--full")
                full = true;
            else if (args[i] == "--wait")
            {
                if (i + 1 >= args.Length || !int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                    return false;
                wait = TimeSpan.FromSeconds(seconds);
            }
            else
                rest.Add(args[i]);
        }
        hostArgs = rest.ToArray();
        return true;
    }

    private static string Seconds(TimeSpan elapsed) => $"{elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
}
