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

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

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
                ["Ingestion__RequestsPerMinute"] = "10000000",
                ["Logging__LogLevel__Default"] = "Warning",
                ["DOTNET_gcServer"] = "1",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the app.");
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}/"));
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

    private void Capture(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.WriteLine(line);
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
    }
}
