using System.Diagnostics;
using Transparency.Testing;
using Transparency.OpenIdProvider;

namespace Transparency.E2E.Production;

/// <summary>
/// The built app (Transparency.Web.dll) as its own process, configured the way an operator configures it: through
/// environment variables only. HTTPS on 127.0.0.1 with a certificate of the test CA, which it also trusts
/// (<c>SSL_CERT_FILE</c>), and a HOME of its own, so no two processes share a file-based data-protection key ring.
/// A command (e.g. a directory import) can run with the same configuration before the server starts.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string AppDllVariable = "TRANSPARENCY_TEST_APP_DLL";

    private readonly Dictionary<string, string> _environment;
    private readonly StringWriter _log = new();
    private Process? _process;

    private AppProcess(int port, string home, Dictionary<string, string> environment)
    {
        Port = port;
        Home = home;
        _environment = environment;
    }

    public int Port { get; }
    public Uri BaseAddress => new($"https://127.0.0.1:{Port}/");

    /// <summary>This process's HOME (its data-protection keys live under it unless the app stores them elsewhere).</summary>
    public string Home { get; }

    /// <summary>The environment the app runs with, minus the inherited one.</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>The app is built in the configuration the tests are.</summary>
    private const string Configuration =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>The built app; <c>TRANSPARENCY_TEST_APP_DLL</c> points elsewhere, e.g. at a published copy.</summary>
    public static string AppDll
    {
        get
        {
            if (System.Environment.GetEnvironmentVariable(AppDllVariable) is { Length: > 0 } configured)
                return Path.GetFullPath(configured);
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Transparency.sln")))
                    return Path.Combine(dir.FullName, "src", "Transparency.Web", "bin", Configuration, "net10.0", "Transparency.Web.dll");
            }
            throw new InvalidOperationException($"Transparency.sln not found above {AppContext.BaseDirectory}; set {AppDllVariable}.");
        }
    }

    /// <param name="settings">Configuration keys as the app reads them (<c>AzureAd:ClientId</c>); they become environment variables (<c>AzureAd__ClientId</c>).</param>
    public static AppProcess Configure(TestCertificateAuthority tls, IReadOnlyDictionary<string, string?> settings, int? port = null)
    {
        var chosen = port ?? LoopbackPort.Free();
        var home = Path.Combine(Path.GetTempPath(), "transparency-app-home", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"https://127.0.0.1:{chosen}",
            ["Kestrel__Certificates__Default__Path"] = tls.ServerCertificatePemPath,
            ["Kestrel__Certificates__Default__KeyPath"] = tls.ServerKeyPemPath,
            ["SSL_CERT_FILE"] = tls.TrustBundlePath,
            ["HOME"] = home,
            ["DOTNET_NOLOGO"] = "1",
            // Sign-in problems are reported at information level.
            ["Logging__LogLevel__Microsoft.AspNetCore.Authentication"] = "Information",
        };
        foreach (var (key, value) in DisclosureSettings.AsEnvironment())
            environment[key] = value;
        foreach (var (key, value) in settings)
        {
            if (value is not null)
                environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        return new AppProcess(chosen, home, environment);
    }

    /// <summary>Runs the app with arguments (a command such as <c>api-key list</c>) and the same configuration, to its end.</summary>
    public async Task<(int ExitCode, string Output)> RunCommandAsync(IEnumerable<string> arguments, TimeSpan timeout, CancellationToken ct = default)
    {
        var output = new StringWriter();
        using var process = Process.Start(StartInfo(arguments)) ?? throw new InvalidOperationException("Could not start the app.");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet Transparency.Web.dll {string.Join(' ', arguments)} did not end within {timeout}:\n{output}");
        }
        process.WaitForExit();
        lock (output)
            return (process.ExitCode, output.ToString());
    }

    /// <summary>Starts the server and waits until <c>/healthz</c> answers over HTTPS with the test CA's certificate.</summary>
    public async Task StartAsync(TestCertificateAuthority tls, CancellationToken ct = default)
    {
        if (_process is not null)
            throw new InvalidOperationException("The app is already started.");
        var dll = AppDll;
        if (!File.Exists(dll))
            throw new FileNotFoundException($"The app is not built: {dll}. Build the solution in Release first.", dll);
        _process = Process.Start(StartInfo([])) ?? throw new InvalidOperationException("Could not start the app.");
        var started = _process;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill(started);
        _process.OutputDataReceived += (_, e) => Append(_log, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_log, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient(tls.CreateHandler()) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The app exited with {_process.ExitCode} before it answered /healthz:\n{Output}");
            try
            {
                using var health = await http.GetAsync("healthz", ct);
                if (health.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"The app did not answer /healthz within 120 s:\n{Output}");
    }

    /// <summary>
    /// Ends the server with SIGKILL, as the kernel's OOM killer or a node failure would: no shutdown, no flush, no
    /// finishing of requests in flight. The same instance can be started again on the same port and store.
    /// </summary>
    public async Task KillAsync()
    {
        if (_process is not { } running)
            throw new InvalidOperationException("The app is not started.");
        // Process.Kill sends SIGKILL on Linux.
        Kill(running);
        await running.WaitForExitAsync();
        running.Dispose();
        _process = null;
        Append(_log, "--- killed with SIGKILL ---");
    }

    /// <summary>What the app wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    /// <summary>The end of <see cref="Output"/>, for failure messages.</summary>
    public string OutputTail(int lines = 60)
    {
        var all = Output.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    private ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var dll = AppDll;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // The test runner's own ASP.NET settings must not leak into the app: only what is set here configures it.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(inherited);
        foreach (var (key, value) in _environment)
            start.Environment[key] = value;
        return start;
    }

    private static void Append(StringWriter log, string? line)
    {
        if (line is null)
            return;
        lock (log)
            log.WriteLine(line);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            Kill(_process);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
