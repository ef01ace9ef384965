using System.Diagnostics;
using Npgsql;
using Transparency.OpenIdProvider;

namespace Transparency.E2E.Reliability;

/// <summary>
/// A PostgreSQL cluster of the test's own, in a temp folder on a free loopback port, that the test may stop and start
/// (the suite's shared server must never be stopped). Found and run the way test.sh does it: the newest
/// <c>/usr/lib/postgresql/*/bin</c>, as the postgres user when the tests run as root. fsync stays on: durability is
/// what it is used to test.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;

    private ThrowawayPostgres(string bin, string root, int port)
    {
        _bin = bin;
        _root = root;
        Port = port;
    }

    public int Port { get; }
    public const string Database = "transparency";

    /// <summary>The app's connection string (the database <see cref="Database"/>).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={Database}";

    private string Data => Path.Combine(_root, "data");

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0).LastOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException("No PostgreSQL server binaries in /usr/lib/postgresql/*/bin; run ./test.sh, which installs them.");
        var root = Directory.CreateTempSubdirectory("transparency-outage-pg.").FullName;
        var server = new ThrowawayPostgres(bin, root, LoopbackPort.Free());
        if (IsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", root]);
            await RunAsync("chmod", ["700", root]);
        }
        await server.PgAsync("initdb", ["-D", server.Data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        await server.StartServerAsync();
        await server.PgAsync("createdb", ["-h", "127.0.0.1", "-p", server.Port.ToString(), "-U", "postgres", Database]);
        return server;
    }

    /// <summary>Starts the stopped server again on the same port and data; returns when it accepts connections.</summary>
    public Task StartServerAsync() => PgAsync("pg_ctl",
        ["-D", Data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1", "start"]);

    /// <summary>
    /// Stops the server the hard way (<c>-m immediate</c>): every backend is ended at once, open transactions are
    /// lost, and the next start recovers from the write-ahead log, as after a crash.
    /// </summary>
    public Task StopImmediatelyAsync() => PgAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]);

    public NpgsqlConnection Connect() => new(ConnectionString + ";Pooling=false");

    private static bool IsRoot => Environment.UserName == "root";

    private Task PgAsync(string tool, IReadOnlyList<string> arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments]) : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} ended with {process.ExitCode}:\n{await output}\n{await error}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
