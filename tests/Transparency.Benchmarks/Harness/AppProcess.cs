using System.Diagnostics;

namespace Transparency.Benchmarks.Harness;

/// <summary>
/// The built app (Transparency.Web.dll) as a real Kestrel process on a loopback port, pointed at the
/// benchmark store, without demo data and with the ingestion rate limit lifted.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringWriter _log = new();

    private AppProcess(Process process, Uri baseAddress, string appDll, IReadOnlyDictionary<string, string?> environment)
    {
        _process = process;
        BaseAddress = baseAddress;
        AppDll = appDll;
        Environment = environment;
    }

    public Uri BaseAddress { get; }

    public string AppDll { get; }

    /// <summary>The environment the app was started with (the harness's own, plus its settings).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    public int ProcessId => _process.Id;

    public static async Task<AppProcess> StartAsync(string appDll, string connectionString, int port, CancellationToken ct)
    {
        var dll = Path.GetFullPath(appDll);
        if (!File.Exists(dll))
            throw new FileNotFoundException($"The app is not built: {dll}. Build the solution in Release first.", dll);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["Store__Provider"] = "Postgres",
                ["ConnectionStrings__Transparency"] = connectionString,
                ["Demo__Seed"] = "false",
                // The circuit measurement signs in through the development sign-in.
                ["Demo__SignIn"] = "true",
                ["Ingestion__RequestsPerMinute"] = "10000000",
                ["TrainingExport__RequestsPerMinute"] = "10000000",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        // The GC runs as the app's runtimeconfig.json sets it (Transparency.Web.csproj); a DOTNET_gc* variable set for the harness reaches the app too.
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}/"), dll, start.Environment.ToDictionary());
        // Whatever ends the harness, the app it started ends with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => app.Kill();
        process.OutputDataReceived += (_, e) => app.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => app.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The app exited with {process.ExitCode}:\n{app.Output}");
            try
            {
                using var response = await http.GetAsync("healthz", ct);
                if (response.IsSuccessStatusCode)
                    return app;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            await Task.Delay(250, ct);
        }
        await app.DisposeAsync();
        throw new TimeoutException($"The app did not answer /healthz within 120 s:\n{app.Output}");
    }

    public string Output
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    /// <summary>Resident memory of the app process, for the record.</summary>
    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    // BENCHMARK_APP_LOG names a file that receives the app's output as well, e.g. to read what the app logs below Warning
    // when the harness is run with Logging__LogLevel__<category>=Debug.
    private readonly StreamWriter? _logFile = System.Environment.GetEnvironmentVariable("BENCHMARK_APP_LOG") is { Length: > 0 } path
        ? new StreamWriter(path, append: true) { AutoFlush = true }
        : null;

    private void Capture(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            _log.WriteLine(line);
            _logFile?.WriteLine(line);
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_log)
            _logFile?.Dispose();
    }
}
