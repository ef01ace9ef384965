using System.Globalization;
using Microsoft.Playwright;
using Transparency.Benchmarks.Harness;
using Transparency.Core.Demo;

namespace Transparency.Benchmarks.Measurements;

/// <summary>
/// g. Memory of the running app per Blazor circuit: <paramref name="circuits"/> browser contexts in one Debian
/// Chromium, each signed in through the development sign-in as one of the demo employees, each on
/// <c>/my/records</c> until it is interactive and its list is rendered. The app process's resident memory
/// (VmRSS) is read before the first and after the last (after a settle), and the difference is divided among
/// the circuits. No raw-SQL baseline: the figure stands on its own against the goal.
/// </summary>
public sealed class CircuitMemoryMeasurement(int circuits) : IMeasurement
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    public string Name => $"Memory per Blazor circuit ({circuits} on /my/records)";

    public static string? ChromiumPath =>
        Environment.GetEnvironmentVariable("TRANSPARENCY_TEST_CHROMIUM") is { Length: > 0 } path ? path
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : null;

    public async Task<MeasurementResult> RunAsync(BenchmarkRun run, CancellationToken ct)
    {
        // A long run should not end without its other figures because the browser is missing.
        if (ChromiumPath is null)
            return new MeasurementResult(Name, double.NaN, double.NaN, "KB", double.NaN, 500,
                ["not measured: Debian's chromium is not installed (apt-get install chromium) and TRANSPARENCY_TEST_CHROMIUM is not set"])
                { LowerIsBetter = true };

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
            ],
        });
        var baseUrl = run.App.BaseAddress.ToString().TrimEnd('/');

        // One sign-in per demo employee; the circuits reuse their cookies.
        var states = new List<string>();
        foreach (var user in DemoUsers.All)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/dev/sign-in");
            await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in as {user.DisplayName}" }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/dev/sign-in", StringComparison.Ordinal));
            states.Add(await context.StorageStateAsync());
            // One visit per user before the first reading, so what the app builds once (compiled code, caches) is not counted per circuit.
            await page.GotoAsync("/my/records");
            await page.Locator("li.record-row").First.WaitForAsync();
        }

        await Task.Delay(Settle, ct);
        var before = RssKb(run.App.ProcessId);
        var opened = new List<IBrowserContext>();
        var timings = new Timings();
        try
        {
            for (var i = 0; i < circuits; i++)
            {
                var context = await browser.NewContextAsync(new BrowserNewContextOptions
                {
                    BaseURL = baseUrl, StorageState = states[i % states.Count], ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
                });
                context.SetDefaultTimeout(120_000);
                opened.Add(context);
                var page = await context.NewPageAsync();
                await timings.TimeAsync(async () =>
                {
                    await page.GotoAsync("/my/records");
                    await page.Locator("main[data-interactive='true']").WaitForAsync();
                    await page.Locator("li.record-row").First.WaitForAsync();
                });
            }
            await Task.Delay(Settle, ct);
            var after = RssKb(run.App.ProcessId);
            var perCircuit = (after - before) / (double)circuits;
            var details = new List<string>
            {
                $"app resident memory (VmRSS): {before / 1024.0:N0} MB before, {after / 1024.0:N0} MB with {circuits} circuits open " +
                $"(read {Settle.TotalSeconds:N0} s after the last page became interactive): {(after - before) / 1024.0:N1} MB in all, {perCircuit:N0} KB per circuit",
                timings.Describe("open /my/records until interactive with its list rendered (one after another)"),
                $"signed in as the {states.Count} demo employees in turn, each having opened the page once before the first reading; one Chromium ({ChromiumPath}), one context per circuit; the app runs with server GC (DOTNET_gcServer=1)",
            };
            return new MeasurementResult(Name, perCircuit, double.NaN, "KB", double.NaN, 500, details) { LowerIsBetter = true };
        }
        finally
        {
            foreach (var context in opened)
                await context.CloseAsync();
        }
    }

    private static long RssKb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
