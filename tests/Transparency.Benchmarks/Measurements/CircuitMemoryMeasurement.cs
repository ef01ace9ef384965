using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Transparency.Benchmarks.Harness;
using Transparency.Core.Demo;

namespace Transparency.Benchmarks.Measurements;

/// <summary>
/// g. Memory of the running app per Blazor circuit: two waves of <paramref name="circuits"/> browser contexts each in one
/// Debian headless Chromium, each signed in through the development sign-in as one of the demo employees, each on
/// <paramref name="path"/> (<c>/my/records</c> unless told otherwise) until it is interactive and, on the records page,
/// its list is rendered. Another page measures the same way; one that renders without a circuit (<c>/my/export</c>)
/// gives what a signed-in employee reading a static page costs. Figures:
/// <list type="bullet">
/// <item>the figure: the app process's resident memory (VmRSS), read after a settle without forcing a
/// collection, so it includes what the GC has not yet collected or has not given back to the system. The headline is
/// what each circuit of the second wave adds while the first wave's stay open: what one more circuit costs an instance
/// already serving some. The first wave's figure from a cold start also carries the GC's working set (allocation
/// budget, free space) that the first pages an instance serves set up once, circuit or not;</item>
/// <item>the managed heap the circuits keep alive: the GC heap size after induced full blocking collections, and the
/// live (promoted) bytes those collections found, asked for over the app's diagnostic port (<see cref="GcProbe"/>).</item>
/// </list>
/// Before the heap reading every circuit is checked: its page is interactive, its list rows are rendered (on the
/// records page) and its WebSocket is open. No raw-SQL baseline: the figure stands on its own against the goal.
/// </summary>
public sealed class CircuitMemoryMeasurement(int circuits, string path) : IMeasurement
{
    public const string RecordsPath = "/my/records";

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);
    // Circuits stay open while people read; what the process holds once they have been idle a while is read as well.
    private static readonly TimeSpan Held = TimeSpan.FromMinutes(2);
    private const int Collections = 2;

    public string Name => $"Memory per Blazor circuit (2 × {circuits} on {path})";

    /// <summary>The records page is ready when its first row is there; any other page when it is interactive, or loaded if it renders without a circuit.</summary>
    private bool ListsRecords => path.Split('?')[0].TrimEnd('/') == RecordsPath;

    // Set by the first page opened: whether the page has a circuit at all (a static page is measured the same way: what
    // a signed-in employee reading it costs the server).
    private bool? _interactive;

    private async Task OpenAsync(IPage page)
    {
        await page.GotoAsync(path);
        _interactive ??= await page.Locator("[data-interactive]").CountAsync() > 0;
        if (_interactive == true)
            await page.Locator("[data-interactive='true']").WaitForAsync();
        if (ListsRecords)
            await page.Locator("li.record-row").First.WaitForAsync();
    }

    /// <summary>
    /// The browser the circuits run in: Debian's chromium-headless-shell when installed (the same engine without the
    /// full browser's per-context cost, so more contexts fit beside the app), else Debian's chromium.
    /// </summary>
    public static string? Browser =>
        Environment.GetEnvironmentVariable("TRANSPARENCY_BENCH_BROWSER") is { Length: > 0 } chosen ? chosen
        : File.Exists("/usr/bin/chromium-headless-shell") ? "/usr/bin/chromium-headless-shell"
        : ChromiumPath;

    public static string? ChromiumPath =>
        Environment.GetEnvironmentVariable("TRANSPARENCY_TEST_CHROMIUM") is { Length: > 0 } path ? path
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : null;

    public async Task<MeasurementResult> RunAsync(BenchmarkRun run, CancellationToken ct)
    {
        // A long run should not end without its other figures because the browser is missing.
        if (Browser is null)
            return new MeasurementResult(Name, double.NaN, double.NaN, "KB", double.NaN, 500,
                ["not measured: Debian's chromium is not installed (apt-get install chromium) and TRANSPARENCY_TEST_CHROMIUM is not set"])
                { LowerIsBetter = true };

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Browser,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
            ],
        });
        var baseUrl = run.App.BaseAddress.ToString().TrimEnd('/');
        var pid = run.App.ProcessId;

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
            await OpenAsync(page);
        }

        // The warm-up circuits are closed with their contexts; wait until the app has let them go
        // (a closed circuit is kept for reconnection only when its connection dropped, not when it was closed).
        await Task.Delay(Settle, ct);
        var rssBefore = RssKb(pid);
        var statusBefore = ProcessStatus.Read(pid);
        var heapBefore = await GcProbe.CollectAsync(pid, Collections, ct);
        var rssBeforeCollected = RssKb(pid);

        var opened = new List<(IBrowserContext Context, IPage Page, List<IWebSocket> Sockets)>();
        var timings = new Timings();
        try
        {
            async Task OpenWaveAsync()
            {
                for (var i = 0; i < circuits; i++)
                {
                    var context = await browser.NewContextAsync(new BrowserNewContextOptions
                    {
                        BaseURL = baseUrl, StorageState = states[opened.Count % states.Count], ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
                    });
                    context.SetDefaultTimeout(120_000);
                    var page = await context.NewPageAsync();
                    var sockets = new List<IWebSocket>();
                    page.WebSocket += (_, socket) => sockets.Add(socket);
                    opened.Add((context, page, sockets));
                    await timings.TimeAsync(() => OpenAsync(page));
                }
                await Task.Delay(Settle, ct);
            }

            await OpenWaveAsync();
            var rssAfter = RssKb(pid);
            var statusAfter = ProcessStatus.Read(pid);
            await OpenWaveAsync();
            var rssSecond = RssKb(pid);
            var statusSecond = ProcessStatus.Read(pid);
            await Task.Delay(Held - Settle, ct);
            var rssHeld = RssKb(pid);

            // Every circuit still there and interactive, its rows rendered, before the heap is read.
            var live = 0;
            var rows = new List<int>();
            foreach (var (_, page, sockets) in opened)
            {
                var interactive = await page.Locator("[data-interactive='true']").CountAsync() == 1;
                var rendered = ListsRecords ? await page.Locator("li.record-row").CountAsync() : 0;
                var open = sockets.Any(s => !s.IsClosed);
                rows.Add(rendered);
                // A page with a circuit counts when it is interactive with its WebSocket open; a static page when it has neither.
                if (_interactive == true ? interactive && (rendered > 0 || !ListsRecords) && open : !interactive && !open)
                    live++;
            }
            var heapAfter = await GcProbe.CollectAsync(pid, Collections, ct);
            var rssAfterCollected = RssKb(pid);

            var total = opened.Count;
            // The headline: what each circuit of the second wave added to resident memory, the first wave's circuits still open.
            var perCircuit = (rssSecond - rssAfter) / (double)circuits;
            var fromCold = (rssAfter - rssBefore) / (double)circuits;
            var heapPerCircuitKb = (heapAfter.TotalBytes - heapBefore.TotalBytes) / 1024.0 / total;
            // A static page holds no circuit: its figures are per page opened and left open.
            var each = _interactive == true ? "circuit" : "page";
            var details = new List<string>
            {
                $"app resident memory (VmRSS, read {Settle.TotalSeconds:N0} s after a wave's last page was ready, no collection forced): {rssBefore / 1024.0:N0} MB before, " +
                $"{rssAfter / 1024.0:N0} MB with the first {circuits} pages open, {rssSecond / 1024.0:N0} MB with {total} open",
                $"each {each} of the second wave, the first still open: {perCircuit:N0} KB resident (the headline: what one more {each} costs an instance that already serves some)",
                $"each {each} of the first wave, from a cold start: {fromCold:N0} KB resident; the difference to the second wave, " +
                $"{(rssAfter - rssBefore - (rssSecond - rssAfter)) / 1024.0:N1} MB, is what the first pages any instance serves set up once (the GC's working set, caches)",
                $"managed heap after {Collections} induced full blocking collections: {Mb(heapBefore.TotalBytes)} before, {Mb(heapAfter.TotalBytes)} with the {total} pages open: " +
                $"{heapPerCircuitKb:N0} KB per {each} (gen0 {Mb(heapAfter.Gen0Bytes)}, gen1 {Mb(heapAfter.Gen1Bytes)}, gen2 {Mb(heapAfter.Gen2Bytes)}, " +
                $"large objects {Mb(heapAfter.LargeObjectBytes)}, pinned {Mb(heapAfter.PinnedObjectBytes)}; GC handles {heapBefore.GcHandles:N0} → {heapAfter.GcHandles:N0})",
                $"live objects found by those collections (promoted, without free space): {Mb(heapBefore.LiveBytes)} before, {Mb(heapAfter.LiveBytes)} with the circuits open: " +
                $"{(heapAfter.LiveBytes - heapBefore.LiveBytes) / 1024.0 / total:N0} KB per {each}",
                $"VmRSS {Held.TotalMinutes:N0} minutes after the last page became interactive, the {total} pages open and idle, no collection forced: {rssHeld / 1024.0:N0} MB, " +
                $"{(rssHeld - rssBefore) / (double)total:N0} KB per {each} from a cold start",
                $"resident memory by kind (anonymous: the GC's heap, native allocations, thread stacks; file-backed: code and mapped files) before, after the first wave, after the second: " +
                $"anonymous {statusBefore.AnonKb / 1024.0:N0} → {statusAfter.AnonKb / 1024.0:N0} → {statusSecond.AnonKb / 1024.0:N0} MB " +
                $"({(statusSecond.AnonKb - statusAfter.AnonKb) / (double)circuits:N0} KB per {each} of the second wave); " +
                $"file-backed {statusBefore.FileKb / 1024.0:N0} → {statusAfter.FileKb / 1024.0:N0} → {statusSecond.FileKb / 1024.0:N0} MB; " +
                $"threads {statusBefore.Threads} → {statusAfter.Threads} → {statusSecond.Threads}",
                $"VmRSS right after those collections: {rssBeforeCollected / 1024.0:N0} MB before, {rssAfterCollected / 1024.0:N0} MB with the circuits open: " +
                $"{(rssAfterCollected - rssBeforeCollected) / (double)total:N0} KB per {each}",
                _interactive != true
                    ? $"pages checked before the heap reading: {live} of {total} rendered on the server with no circuit and no WebSocket"
                    : ListsRecords
                        ? $"circuits checked before the heap reading: {live} of {total} interactive with an open WebSocket and rows rendered ({rows.Min()}–{rows.Max()} rows a page)"
                        : $"circuits checked before the heap reading: {live} of {total} interactive with an open WebSocket",
                timings.Describe(_interactive != true
                    ? $"open {path} until loaded (one after another)"
                    : ListsRecords
                        ? $"open {path} until interactive with its list rendered (one after another)"
                        : $"open {path} until interactive (one after another)"),
                $"signed in as the {states.Count} demo employees in turn, each having opened the page once before the first reading; one browser ({Browser}), one context per circuit; " +
                $"the app's GC settings: {GcSettings(run)}",
            };
            return new MeasurementResult(Name, perCircuit, double.NaN, "KB", double.NaN, 500, details) { LowerIsBetter = true };
        }
        finally
        {
            foreach (var (context, _, _) in opened)
                await context.CloseAsync();
        }
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:N1} MB";

    /// <summary>The GC settings the app runs with: its runtimeconfig.json, and any DOTNET_gc* variable the harness passes.</summary>
    private static string GcSettings(BenchmarkRun run)
    {
        var settings = new List<string>();
        var config = Path.ChangeExtension(run.App.AppDll, ".runtimeconfig.json");
        if (File.Exists(config))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(config));
            if (json.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties))
                settings.AddRange(properties.EnumerateObject()
                    .Where(p => p.Name.StartsWith("System.GC.", StringComparison.Ordinal))
                    .Select(p => $"{p.Name}={p.Value}"));
        }
        settings.AddRange(run.App.Environment.Where(e => e.Key.StartsWith("DOTNET_gc", StringComparison.OrdinalIgnoreCase)).Select(e => $"{e.Key}={e.Value}"));
        return settings.Count == 0 ? "the runtime's defaults" : string.Join(", ", settings);
    }

    /// <summary>The kinds of resident memory /proc reports for the app, and its thread count.</summary>
    private sealed record ProcessStatus(long AnonKb, long FileKb, int Threads)
    {
        public static ProcessStatus Read(int pid) =>
            new(ProcFs.Status(pid, "RssAnon"), ProcFs.Status(pid, "RssFile"), (int)ProcFs.Status(pid, "Threads"));
    }

    private static long RssKb(int pid) => ProcFs.Status(pid, "VmRSS");
}
