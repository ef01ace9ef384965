using Transparency.Core.ApiClients;
using Transparency.Core.Demo;
using Transparency.Core.EventStore;
using Transparency.Testing;
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

    [Theory]
    [InlineData("4", "Reports:MinimumGroupSize is 4; it may not be lower than 5.")]
    [InlineData("five", "Reports:MinimumGroupSize is 'five'; it must be a whole number of people, at least 5.")]
    public async Task A_minimum_group_size_below_five_stops_start_up_naming_the_setting(string value, string message)
    {
        var run = await RunAppAsync("Development", new() { ["Reports__MinimumGroupSize"] = value });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"Transparency cannot start: {message}", run.Output);
    }

    [Fact]
    public async Task A_setting_of_the_wrong_type_stops_start_up_naming_it_instead_of_failing_later()
    {
        var run = await RunAppAsync("Development", new() { ["Retention__PurgeBatchSize"] = "lots" });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Transparency cannot start:", run.Output);
        Assert.Contains("Retention:PurgeBatchSize", run.Output);
    }

    [Fact]
    public async Task Production_without_Entra_ID_settings_refuses_to_start_naming_AzureAd_ClientId()
    {
        var run = await RunAppAsync("Production", new());

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("AzureAd:ClientId", run.Output);
    }

    [Theory]
    [InlineData("Staging", "true")]
    [InlineData("Production", "true")]
    [InlineData("Development", "false")]
    public async Task The_development_sign_in_exists_only_in_Development_when_asked_for(string environment, string demoSignIn)
    {
        var run = await RunAppAsync(environment, new() { ["Demo__SignIn"] = demoSignIn });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("No sign-in is configured", run.Output);
        Assert.Contains("Demo:SignIn=true", run.Output);
    }

    [Theory]
    [InlineData("Auth__ObjectIdClaim", "preferred_username", "Auth:ObjectIdClaim 'preferred_username'")]
    [InlineData("Auth__ObjectIdClaim", "email", "Auth:ObjectIdClaim 'email'")]
    [InlineData("Auth__EmployeeClaim", "preferred_username", "Auth:EmployeeClaim is no longer read")]
    [InlineData("AzureAd__TenantId", "organizations", "AzureAd:TenantId 'organizations' is not a tenant id")]
    public async Task Production_refuses_to_match_employees_by_a_name_someone_can_be_given(string setting, string value, string message)
    {
        var run = await RunAppAsync("Production", new(EntraSettings) { [setting] = value });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(message, run.Output);
    }

    [Theory]
    [InlineData("Disclosures__SupervisoryAuthority__Name", "Disclosures:SupervisoryAuthority:Name")]
    [InlineData("Disclosures__AutomatedDecisions", "Disclosures:AutomatedDecisions")]
    public async Task Production_without_a_statement_every_disclosure_makes_refuses_to_start_naming_it(string variable, string setting)
    {
        var run = await RunAppAsync("Production", new(EntraSettings) { [variable] = " " });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Transparency cannot start:", run.Output);
        Assert.Contains($"{setting} is not set", run.Output);
    }

    [Fact]
    public async Task Production_refuses_a_store_in_which_a_published_demo_key_is_active()
    {
        await using var store = await TestStore.CreateAsync(StoreProvider.Sqlite);
        await using (var db = await store.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            db.ApiClients.Add(new ApiClient
            {
                Id = Guid.NewGuid(), Name = DemoApiKeys.TrainingName, Scopes = "training:read", CreatedAt = DateTime.UtcNow,
                KeyPrefix = DemoApiKeys.TrainingKey[..12], KeyHash = ApiClientService.Hash(DemoApiKeys.TrainingKey),
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var run = await RunAppAsync("Production", new(EntraSettings)
        {
            ["Store__Provider"] = "Sqlite",
            ["ConnectionStrings__Transparency"] = store.Options.ConnectionString,
        });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("published demo API key", run.Output);
        Assert.Contains(DemoApiKeys.TrainingName, run.Output);
    }

    /// <summary>A complete Entra ID configuration; the provider is never contacted before the first sign-in.</summary>
    private static readonly Dictionary<string, string> EntraSettings = new()
    {
        ["AzureAd__Instance"] = "https://login.idp.invalid/",
        ["AzureAd__TenantId"] = "11111111-2222-3333-4444-555555555555",
        ["AzureAd__ClientId"] = "0d2e7c1a-5b0e-4f0e-9a57-4c7f1b2e9d31",
        ["AzureAd__ClientSecret"] = "not-a-real-secret",
    };

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
        // The development sign-in, so that the store is what start-up stops on.
        start.Environment["Demo__SignIn"] = environment == "Development" ? "true" : "false";
        // The statements every deployment configures (appsettings.Development.json is not beside the app here).
        foreach (var (name, value) in DisclosureSettings.AsEnvironment())
            start.Environment[name] = value;
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
        || name.StartsWith("Demo__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Auth__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Disclosures__", StringComparison.OrdinalIgnoreCase);

    /// <summary>The dotnet host the SDK runs tests with, or the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
