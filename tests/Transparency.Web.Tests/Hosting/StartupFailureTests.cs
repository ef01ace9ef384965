using System.Diagnostics;
using System.Text;

namespace Transparency.Web.Tests.Hosting;

/// <summary>
/// The built app, run as its own process the way an operator starts it, with one setting wrong:
/// it stops, fails the exit code, and says which setting to fix. It never sits there half-started.
/// </summary>
public sealed class StartupFailureTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Unknown_store_provider_stops_start_up_naming_Store_Provider()
    {
        var run = await RunAppAsync("Development", new() { ["Store__Provider"] = "Oracle" });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Store:Provider", run.Output);
        Assert.Contains("Oracle", run.Output);
    }

    [Fact]
    public async Task Unreachable_PostgreSQL_stops_start_up_naming_the_connection_string()
    {
        var run = await RunAppAsync("Development", new()
        {
            ["Store__Provider"] = "Postgres",
            ["ConnectionStrings__Transparency"] = "Host=127.0.0.1;Port=1;Database=x;Username=x;Timeout=3",
        });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("ConnectionStrings:Transparency", run.Output);
    }

    [Fact]
    public async Task SQLite_file_that_is_not_a_database_stops_start_up_naming_the_connection_string()
    {
        var folder = Directory.CreateTempSubdirectory("transparency-startup-");
        try
        {
            var file = Path.Combine(folder.FullName, "garbage.db");
            var garbage = new byte[64 * 1024];
            new Random(42).NextBytes(garbage);
            await File.WriteAllBytesAsync(file, garbage, TestContext.Current.CancellationToken);

            var run = await RunAppAsync("Development", new()
            {
                ["Store__Provider"] = "Sqlite",
                ["ConnectionStrings__Transparency"] = $"Data Source={file}",
            });

            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains("ConnectionStrings:Transparency", run.Output);
            // The operator's file is left as it was: start-up did not "repair" it into an empty store.
            Assert.Equal(garbage, await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Production_without_Entra_ID_settings_refuses_to_start_naming_AzureAd_ClientId()
    {
        var run = await RunAppAsync("Production", new());

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("AzureAd:ClientId", run.Output);
    }

    private sealed record Run(int ExitCode, string Output);

    /// <summary>Runs <c>dotnet Transparency.Web.dll</c> from this test's output in an empty working folder.</summary>
    private static async Task<Run> RunAppAsync(string environment, Dictionary<string, string> settings)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "Transparency.Web.dll");
        Assert.True(File.Exists(app), $"{app} is missing: the project reference should copy the built app here.");
        var workingFolder = Directory.CreateTempSubdirectory("transparency-run-");
        var start = new ProcessStartInfo(DotnetHost(), [app])
        {
            WorkingDirectory = workingFolder.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(IsAppSetting).ToList())
            start.Environment.Remove(name);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Demo__Seed"] = "false";
        foreach (var (name, value) in settings)
            start.Environment[name] = value;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        var started = false;
        try
        {
            started = process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(Patience);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                Assert.Fail($"The app was still running after {Patience.TotalSeconds:0} s instead of refusing to start. Output:\n{output}");
            }
            // The parameterless wait returns only once the redirected output has been read to its end.
            process.WaitForExit();
            lock (output)
                return new Run(process.ExitCode, output.ToString());
        }
        finally
        {
            if (started && !process.HasExited)
                process.Kill(entireProcessTree: true);
            workingFolder.Delete(recursive: true);
        }
    }

    /// <summary>Settings the test process may carry that would change what the app reads.</summary>
    private static bool IsAppSetting(string name) =>
        name.StartsWith("Store__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("AzureAd__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Demo__", StringComparison.OrdinalIgnoreCase);

    /// <summary>The dotnet host the SDK runs tests with, or the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
