using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npgsql;
using Transparency.Benchmarks.Harness;

namespace Transparency.Benchmarks.Measurements;

/// <summary>
/// h. Employees using the app at the same time: <paramref name="contexts"/> browser contexts in one Debian Chromium, each
/// signed in through the development sign-in as a different generated employee, all started together (each after a random
/// pause of up to 2 s), each stepping once through what a person does, following the app's own links and buttons after the
/// first page (so the browser fetches the next page and puts it in place, as it does for a person):
/// <list type="number">
/// <item>their summary (<c>/</c>), opened by its address;</item>
/// <item>their records (<c>/my/records</c>, from the menu) until the page is interactive and lists its first row;</item>
/// <item>the training status filter set to "Used for training" until the list shows that filter's rows (over the circuit:
/// no HTTP request, so timed in the browser only);</item>
/// <item>the first such record's page, opened from its row;</item>
/// <item>"Withhold from training" on that page, then Undo (each a form post answered with a redirect to the page);</item>
/// <item>who accessed their data (<c>/my/access</c>, from the menu).</item>
/// </list>
/// An HTTP step's server time is the app's own <c>Server-Timing</c> on the page's answer (for a form post, the post's and
/// the redirected page's together); its client time runs from the act until the page shows its result. The goal is a p95
/// server time over the HTTP steps of at most 500 ms with no error at all: a timeout, an answer of 400 or more, an error in a page's console,
/// a lost circuit, a page showing something else than it should. Withholding and undoing leave every record's training
/// status as it was (its history keeps both acts). No raw-SQL baseline.
/// </summary>
public sealed class MixedLoadMeasurement(int contexts, int rampSeconds) : IMeasurement
{
    private const double CeilingMs = 500;
    private const string RecordsPath = CircuitMemoryMeasurement.RecordsPath;
    private const string AccessPath = "/my/access";

    // Generous: on a small machine a few hundred pages start at once, and a slow step should be counted, not cut short.
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);
    // Every session starts after a random pause of up to this long (--mixed-ramp, 2 s by default): all at once, as on a Monday
    // morning, or spread the way a load test ramps up.
    private TimeSpan MaxPause => TimeSpan.FromSeconds(rampSeconds);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan NegotiateWindow = TimeSpan.FromSeconds(15);
    private const int SignInsAtOnce = 4;

    // A context on these pages adds 60 to 110 MB to the browser's memory (Chromium 156, one renderer each): the load waits for
    // 80 MB a context and 2 GB to spare, and stops should the machine run short, rather than have the kernel end the app or
    // PostgreSQL on a machine the browser shares with them.
    private const long PlannedKbPerContext = 80 * 1024;
    private const long SpareKb = 2L * 1024 * 1024;
    private const long FloorKb = 1024 * 1024;
    private static readonly TimeSpan MemoryWait = TimeSpan.FromMinutes(10);

    private const string Summary = "summary";
    private const string Records = "records";
    private const string Filter = "filter";
    private const string RecordPage = "record page";
    private const string Withhold = "withhold";
    private const string Undo = "undo";
    private const string Access = "access log";
    private static readonly string[] Steps = [Summary, Records, Filter, RecordPage, Withhold, Undo, Access];

    public string Name => $"Mixed load, {contexts} employees at once{(rampSeconds > 2 ? $", starting within {rampSeconds} s" : "")} (p95 server time of the pages)";

    public async Task<MeasurementResult> RunAsync(BenchmarkRun run, CancellationToken ct)
    {
        // The headless shell when installed: 200 full browsers on the app's own two cores fall behind the app (see Details).
        if (CircuitMemoryMeasurement.Browser is not { } chromium)
            return NotMeasured("Debian's chromium is not installed (apt-get install chromium) and TRANSPARENCY_TEST_CHROMIUM is not set");

        // One more than the load: a warm-up session, so the load does not measure the app compiling its pages.
        var employees = await EmployeesAsync(run, contexts + 1, ct);
        if (employees.Count < contexts + 1)
            return NotMeasured($"the store has {employees.Count:N0} employees with a record used for training (the heavy ones left out), {contexts + 1:N0} are needed");

        var needed = contexts * PlannedKbPerContext + SpareKb;
        if (!await MemoryAvailableAsync(needed, ct))
            return NotMeasured($"the machine has {Gb(AvailableKb())} available, {contexts:N0} contexts need about {Gb(needed)} (waited {MemoryWait.TotalMinutes:N0} minutes)");

        var folder = Directory.CreateTempSubdirectory("transparency-mixed-");
        try
        {
            var niced = BrowserPriority.Script(folder.FullName, chromium);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = niced?.Path ?? chromium,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
                    // Each context of the full browser also loads its address bar's popup, a page in a renderer of its own, which
                    // nearly doubles the memory a context takes; a headless browser never shows it. Nor is a spare renderer needed.
                    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,SpareRendererForSitePerProcess",
                ],
            });
            var baseUrl = run.App.BaseAddress.ToString().TrimEnd('/');
            var pid = run.App.ProcessId;

            var warmUpFigures = new Figures();
            var warmUp = await Session.OpenAsync(browser, baseUrl, employees[contexts], warmUpFigures);
            try
            {
                if (await warmUp.SignInAsync())
                    await warmUp.RunAsync(TimeSpan.Zero, ct);
            }
            finally
            {
                await warmUp.CloseAsync();
            }

            var figures = new Figures();
            var sessions = new List<Session>();
            try
            {
                var signInStarted = Stopwatch.GetTimestamp();
                var signedIn = new ConcurrentBag<Session>();
                await Parallel.ForEachAsync(employees.Take(contexts), new ParallelOptions { MaxDegreeOfParallelism = SignInsAtOnce, CancellationToken = ct },
                    async (employee, _) =>
                    {
                        var session = await Session.OpenAsync(browser, baseUrl, employee, figures);
                        lock (sessions)
                            sessions.Add(session);
                        if (await session.SignInAsync())
                            signedIn.Add(session);
                    });
                var signInTime = Stopwatch.GetElapsedTime(signInStarted);
                var load = signedIn.OrderBy(s => s.Employee, StringComparer.Ordinal).ToList();

                // The same pauses every run: the load's shape does not change between runs of one size.
                var random = new Random(contexts);
                var pauses = load.Select(_ => TimeSpan.FromMilliseconds(random.NextDouble() * MaxPause.TotalMilliseconds)).ToList();

                var logFrom = run.App.Output.Length;
                var peakReset = ResetPeak(pid);
                var rssBefore = ProcessMemory.Read(pid);
                var cpuBefore = CpuSnapshot.Take(pid);
                var postgresCpu = await CpuMeter.StartAsync(run, ct);
                using var sampling = new CancellationTokenSource();
                var sampler = SampleAsync(pid, niced is { Grouped: true }, () =>
                {
                    figures.Error($"stopped: the machine's available memory fell below {Gb(FloorKb)}, every context closed");
                    foreach (var session in load)
                        _ = session.CloseAsync();
                }, sampling.Token);
                var started = Stopwatch.GetTimestamp();
                await Task.WhenAll(load.Select((session, i) => session.RunAsync(pauses[i], ct)));
                var wall = Stopwatch.GetElapsedTime(started);
                var cpuAfter = CpuSnapshot.Take(pid, withMemory: true);
                var postgres = postgresCpu.PostgresSeconds();
                await sampling.CancelAsync();
                var (peakRssKb, lowestAvailableKb) = await sampler;
                var rssAfter = ProcessMemory.Read(pid);
                var appLog = AppLog(run.App.Output[logFrom..]);

                return Result(figures, warmUpFigures, load.Count, signInTime, wall, rssBefore, rssAfter, peakRssKb, peakReset, lowestAvailableKb, cpuBefore, cpuAfter, postgres, appLog,
                    niced, chromium, browser.Version);
            }
            finally
            {
                foreach (var session in sessions)
                    await session.CloseAsync();
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private MeasurementResult NotMeasured(string why) =>
        new(Name, double.NaN, double.NaN, "ms", double.NaN, CeilingMs, [$"not measured: {why}"]) { LowerIsBetter = true };

    private MeasurementResult Result(Figures figures, Figures warmUp, int started, TimeSpan signInTime, TimeSpan wall,
        ProcessMemory before, ProcessMemory after, long peakRssKb, bool peakReset, long lowestAvailableKb, CpuSnapshot cpuBefore, CpuSnapshot cpuAfter, double? postgres, string appLog,
        (string Path, bool Grouped)? niced, string chromium, string version)
    {
        var details = new List<string>
        {
            $"{started:N0} of {contexts:N0} employees signed in (in {signInTime.TotalSeconds:N1} s, {SignInsAtOnce} at a time, before the load) and started together, " +
            $"each after a pause of up to {MaxPause.TotalSeconds:N0} s; {figures.Completed:N0} sessions went through every step; wall time of the load {wall.TotalSeconds:N1} s",
        };
        var all = new Timings();
        var worst = (Step: "", P95: double.NaN);
        foreach (var step in Steps)
        {
            var s = figures.Of(step);
            if (s.Server.Count > 0)
            {
                foreach (var ms in s.ServerSamples)
                    all.Add(TimeSpan.FromMilliseconds(ms));
                if (double.IsNaN(worst.P95) || s.Server.P95 > worst.P95)
                    worst = (step, s.Server.P95);
            }
            details.Add(s.Describe(step));
        }
        var p95 = all.P95;
        details.Add(all.Count == 0
            ? "all HTTP steps: no server time read"
            : $"all HTTP steps: n = {all.Count:N0}, server p50/p95/max {all.Median:N1}/{p95:N1}/{all.Percentile(1):N1} ms; the slowest step at p95: {worst.Step} ({worst.P95:N1} ms)");

        var errors = figures.Errors;
        var warmUpErrors = warmUp.Errors;
        // The warm-up's errors count too: an app that fails a lone employee fails the goal as much as one that fails under load.
        var errorCount = errors.Sum(e => e.Value) + warmUpErrors.Sum(e => e.Value);
        details.Add(errors.Count == 0 ? "errors: 0" : $"errors: {errors.Sum(e => e.Value):N0} — " + Kinds(errors));
        details.Add(figures.NegotiateGaps.Count == 0
            ? "circuits: no WebSocket opened"
            : $"circuits: {figures.NegotiateGaps.Count:N0} WebSockets opened after SignalR's negotiate, from the page sending it to the page opening the WebSocket " +
              $"p50/p95/max {figures.NegotiateGaps.Median:N0}/{figures.NegotiateGaps.P95:N0}/{figures.NegotiateGaps.Percentile(1):N0} ms, " +
              $"{figures.LateSockets:N0} later than {NegotiateWindow.TotalSeconds:N0} s (the server forgets a negotiated connection not opened within " +
              "its disconnect timeout, 15 s by default: the page's first WebSocket then fails with 404 and the page tries again; a browser that " +
              "falls that far behind is the load generator's limit, not the app's)");
        details.Add(appLog);
        details.Add(warmUpErrors.Count == 0
            ? "warm-up: one session by another employee before the load, every step done (its times not counted)"
            : $"warm-up: one session by another employee before the load (its times not counted), {warmUpErrors.Sum(e => e.Value):N0} error(s) — " +
              Kinds(warmUpErrors));

        details.Add($"app memory during the load (VmRSS read every {SampleEvery.TotalMilliseconds:N0} ms): {Mb(before.RssKb)} before, peak {Mb(peakRssKb)}, " +
                    $"{Mb(after.RssKb)} at the end; VmHWM {Mb(after.HwmKb)} " +
                    (peakReset ? "(the peak since the load began: reset through /proc/<pid>/clear_refs before it)" : "(the peak since the app started)") +
                    $"; the machine's available memory at its lowest {Gb(lowestAvailableKb)}");
        var seconds = wall.TotalSeconds;
        double app = cpuAfter.App - cpuBefore.App, browserCpu = cpuAfter.Browser - cpuBefore.Browser, driver = cpuAfter.Driver - cpuBefore.Driver,
            harness = cpuAfter.Harness - cpuBefore.Harness, machine = cpuAfter.Machine - cpuBefore.Machine;
        details.Add($"CPU during the load: app {app:N1} s ({app / seconds:N2} cores), browser {browserCpu:N1} s ({browserCpu / seconds:N2} cores), " +
                    $"Playwright driver {driver:N1} s, harness {harness:N1} s, PostgreSQL {(postgres is { } pg ? $"{pg:N1} s" : "n/a (not on this machine)")}, the rest of the machine " +
                    $"(the kernel's own work, such as the network between them, and anything else) {Math.Max(0, machine - app - browserCpu - driver - harness - (postgres ?? 0)):N1} s; the machine busy {machine / seconds:N2} of {Environment.ProcessorCount} cores");
        details.Add($"browser: Chromium {version} ({chromium}), headless, one context per employee (its address bar's popup pages turned off: one renderer a context), " +
                    (niced is { } n ? $"{BrowserPriority.Describe(n.Grouped)} (client times include the browser waiting for it)" : "at normal priority (nice is missing)") +
                    $"; {cpuAfter.BrowserPids.Count:N0} browser processes at the end of the load holding {Mb(cpuAfter.BrowserPssKb)} (their proportional set size: shared pages divided among them)");
        details.Add($"employees: {contexts:N0} generated employees with at least one record used for training, the heavy ones left out, the same ones every run " +
                    "(md5 of the id); signed in through the development sign-in by employee id");
        details.Add("server time: the Server-Timing header (app;dur) of the page's answer — the document for the summary (opened by its address), Blazor's " +
                    "enhanced navigation fetch for records, the record page and the access log (followed from the menu or the row), the post plus the " +
                    "redirected page for withhold and undo (their POST and GET shown apart); the records step's server time is its prerendered page only, " +
                    "the circuit's own work shows in its client time and in the filter's");

        // With any error the ceiling becomes 0 ms, so the row reads "not met": the goal is no error at all.
        var name = errorCount == 0 ? Name : $"{Name} — {errorCount:N0} error(s)";
        return new MeasurementResult(name, p95, double.NaN, "ms", double.NaN, errorCount == 0 ? CeilingMs : 0, details) { LowerIsBetter = true };
    }

    private static string Mb(long kb) => $"{kb / 1024.0:N0} MB";

    private static readonly Regex LogHeader = new(@"^(warn|fail|crit): (\S+)", RegexOptions.CultureInvariant);
    private static readonly Regex Variable = new(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|'[A-Za-z0-9_\-]{16,}'|\b[0-9A-Z]{13}(:[0-9A-F]{8})?\b",
        RegexOptions.CultureInvariant);

    /// <summary>The app's warnings and errors logged during the load (console logger: a header line, then the message indented), grouped.</summary>
    private static string AppLog(string output)
    {
        var entries = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = output.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (LogHeader.Match(lines[i]) is not { Success: true } header)
                continue;
            var message = i + 1 < lines.Length ? lines[i + 1].Trim() : "";
            var key = Variable.Replace($"{header.Groups[1].Value}: {header.Groups[2].Value} {message}", "…");
            key = key.Length <= 220 ? key : key[..220] + "…";
            entries[key] = entries.GetValueOrDefault(key) + 1;
        }
        return entries.Count == 0
            ? "app log during the load: no warning or error"
            : $"app log during the load: {entries.Values.Sum():N0} warnings and errors — " + Kinds(entries, 8);
    }

    /// <summary>The most frequent kinds of error with their counts, the rest summed up.</summary>
    private static string Kinds(IReadOnlyDictionary<string, int> errors, int shown = 12)
    {
        var ordered = errors.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
        var text = string.Join("; ", ordered.Take(shown).Select(e => $"{e.Key}: {e.Value:N0}"));
        return ordered.Count <= shown ? text : text + $"; {ordered.Count - shown:N0} other kinds: {ordered.Skip(shown).Sum(e => e.Value):N0}";
    }

    /// <summary>
    /// Employees who can take every step: not one of the heavy employees (their lists are the deep-paging measurements'
    /// subject), and with at least one record the training export would send now, so the filter finds one to withhold.
    /// </summary>
    private static async Task<List<string>> EmployeesAsync(BenchmarkRun run, int count, CancellationToken ct)
    {
        await using var connection = await run.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            SELECT e.id FROM employees e
            WHERE e.id <> ALL (@heavy)
              AND (e.leaves_on IS NULL OR e.leaves_on >= current_date)
              AND EXISTS (SELECT 1 FROM capture_records r WHERE r.employee_id = e.id AND {TrainingExportMeasurement.Eligible})
            ORDER BY md5(e.id)
            LIMIT @count
            """, connection);
        command.Parameters.AddWithValue("heavy", run.Store.HeavyEmployees.ToArray());
        command.Parameters.AddWithValue("now", DateTime.UtcNow);
        command.Parameters.AddWithValue("count", count);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>Sets the app's VmHWM back to its current resident size, so it reads the peak of the load alone.</summary>
    private static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Gb(long kb) => $"{kb / 1024.0 / 1024.0:N1} GB";

    private static long AvailableKb() => ProcFs.AvailableKb();

    /// <summary>Waits until the machine has <paramref name="neededKb"/> available (another run may be ending), at most <see cref="MemoryWait"/>.</summary>
    private static async Task<bool> MemoryAvailableAsync(long neededKb, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (AvailableKb() < neededKb)
        {
            if (waited.Elapsed >= MemoryWait)
                return false;
            BenchmarkRun.Log($"waiting for memory: {Gb(AvailableKb())} available, {Gb(neededKb)} needed");
            await Task.Delay(TimeSpan.FromSeconds(15), ct);
        }
        return true;
    }

    /// <summary>
    /// The app's highest VmRSS and the machine's lowest MemAvailable seen until cancelled; <paramref name="shortage"/> once it
    /// falls below the floor. Lowers the browser's renderers as they appear when <paramref name="lowerRenderers"/>.
    /// </summary>
    private static async Task<(long PeakRssKb, long LowestAvailableKb)> SampleAsync(int pid, bool lowerRenderers, Action shortage, CancellationToken ct)
    {
        long peak = 0, lowest = long.MaxValue;
        var stopped = false;
        void Sample()
        {
            peak = Math.Max(peak, ProcessMemory.Read(pid).RssKb);
            if (lowerRenderers)
                BrowserPriority.LowerRenderers(CpuSnapshot.Take(pid).BrowserPids);
            lowest = Math.Min(lowest, AvailableKb());
            if (lowest < FloorKb && !stopped)
            {
                stopped = true;
                shortage();
            }
        }
        using var timer = new PeriodicTimer(SampleEvery);
        try
        {
            do
                Sample();
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException)
        {
        }
        Sample();
        return (peak, lowest);
    }

    /// <summary>One employee's browser context and the session it steps through.</summary>
    private sealed class Session
    {
        private static readonly Regex AppDuration = new(@"(?:^|,)\s*app;dur=([0-9]+(?:\.[0-9]+)?)", RegexOptions.CultureInvariant);
        private static readonly Regex Guids = new("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", RegexOptions.CultureInvariant);
        // What differs between two reports of the same error: the time blazor.web.js logs it at, a SignalR connection's id.
        private static readonly Regex LoggedAt = new(@"^\[[0-9T:.\-Z]+\]\s*", RegexOptions.CultureInvariant);
        private static readonly Regex ConnectionIds = new(@"id=[A-Za-z0-9_\-]+", RegexOptions.CultureInvariant);

        // What each step waits for in the page, checked whenever the page changes (WaitUntilAsync). They read textContent, not
        // innerText, which would lay the page out again at each change.
        private static string Shown(params string[] selectors) =>
            $"() => {JsonSerializer.Serialize(selectors)}.every(s => document.querySelector(s)) ? 'shown' : false";

        // Ready when the list shows the filtered rows (each row's link carries the list's address, filter included), or says none match.
        private const string FilteredList = """
            () => {
              if (document.querySelector('[role=progressbar]')) return false;
              const link = document.querySelector('li.record-row .record-main a');
              if (link) return (link.getAttribute('href') || '').includes('training%3Deligible') ? 'rows' : false;
              return document.body.textContent.includes('No records match this filter.') ? 'none' : false;
            }
            """;

        // What the record page says after an act, once it says something other than before.
        private const string ActStatus = """
            previous => {
              const said = element => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
              const error = document.querySelector('[data-testid=act-error]');
              if (error) return 'error: ' + said(error);
              const text = said(document.querySelector('[data-testid=act-status-text]'));
              return text.length > 0 && text !== previous ? text : false;
            }
            """;

        // Resolves with the test's first truthy answer: checked once, then after each change to the page (a MutationObserver),
        // so a wait is one call into the page however long it lasts. Playwright's own waits ask again and again (a locator
        // every 500 ms, a function at its polling interval), each time a round trip through its driver, the browser process
        // and the page, which a few hundred pages whose steps take tens of seconds multiply. The test is part of the script
        // the harness sends, not evaluated in the page, whose Content-Security-Policy forbids eval.
        private static string WaitScript(string test) => $$"""
            arg => new Promise(resolve => {
              const check = {{test}};
              const answer = () => { const found = check(arg); return found ? String(found) : null; };
              const now = answer();
              if (now !== null) { resolve(now); return; }
              const observer = new MutationObserver(() => {
                const found = answer();
                if (found !== null) { observer.disconnect(); resolve(found); }
              });
              observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
            })
            """;

        private readonly IBrowserContext _context;
        private readonly IPage _page;
        private readonly string _baseUrl;
        private readonly Figures _figures;
        private readonly List<Answer> _answers = [];
        private string _step = "sign-in";
        private long? _negotiated;

        private Session(IBrowserContext context, IPage page, string employee, string baseUrl, Figures figures)
        {
            _context = context;
            _page = page;
            Employee = employee;
            _baseUrl = baseUrl;
            _figures = figures;
        }

        public string Employee { get; }

        public static async Task<Session> OpenAsync(IBrowser browser, string baseUrl, string employee, Figures figures)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            });
            context.SetDefaultTimeout((float)StepTimeout.TotalMilliseconds);
            context.SetDefaultNavigationTimeout((float)StepTimeout.TotalMilliseconds);
            var page = await context.NewPageAsync();
            var session = new Session(context, page, employee, baseUrl, figures);
            page.Request += (_, request) => session.OnRequest(request);
            page.Response += (_, response) => session.OnResponse(response);
            page.RequestFailed += (_, request) => session.OnRequestFailed(request);
            page.Console += (_, message) => session.OnConsole(message);
            page.PageError += (_, error) => session.Error($"script error in {session._step}: {Short(error)}");
            page.WebSocket += (_, _) => session.OnWebSocket();
            return session;
        }

        public async Task<bool> SignInAsync()
        {
            try
            {
                await _page.GotoAsync("/dev/sign-in?returnUrl=%2Fhealthz");
                await _page.Locator("#dev-employee-id").FillAsync(Employee);
                await _page.GetByRole(AriaRole.Button, new() { Name = "Sign in as this employee", Exact = true }).ClickAsync();
                await _page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/healthz");
                return true;
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                Error($"sign-in failed: {Short(e.Message)}");
                return false;
            }
        }

        public async Task RunAsync(TimeSpan pause, CancellationToken ct)
        {
            await Task.Delay(pause, ct);
            try
            {
                await StepAsync(Summary, async () =>
                {
                    await OpenAsync("/");
                    await WaitUntilAsync(Shown("[data-testid=figure-records]"));
                }, ("GET", "/"));

                await StepAsync(Records, async () =>
                {
                    await _page.Locator($"nav[aria-label='Main'] a[href='{RecordsPath}']").ClickAsync();
                    await WaitUntilAsync(Shown("[data-interactive='true']", "li.record-row"));
                    Expect(RecordsPath);
                }, ("GET", RecordsPath));
                await CheckCircuitAsync();

                string? shown = null;
                await StepAsync(Filter, async () =>
                {
                    await _page.Locator("#filter-training").SelectOptionAsync("Eligible");
                    shown = await WaitUntilAsync(FilteredList);
                });
                await CheckCircuitAsync();
                if (shown == "none")
                    throw new NoWithholdableRecordException();

                var first = _page.Locator("li.record-row").First;
                var status = await first.Locator("[data-status]").GetAttributeAsync("data-status");
                if (status != "eligible")
                    throw new UnexpectedContentException($"the first row under \"Used for training\" has the status \"{status}\"");
                var record = $"{RecordsPath}/{await first.GetAttributeAsync("data-record-id")}";

                await StepAsync(RecordPage, async () =>
                {
                    await first.Locator(".record-main a").ClickAsync();
                    await WaitUntilAsync(Shown("[data-testid=actions]"));
                    Expect(record);
                }, ("GET", record));

                var withhold = _page.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = "Withhold from training", Exact = true });
                if (await withhold.CountAsync() == 0)
                    throw new UnexpectedContentException("the record page offers no \"Withhold from training\"");
                await StepAsync(Withhold, async () =>
                {
                    await withhold.ClickAsync();
                    await ExpectStatusAsync("", "Withheld from model training.");
                    await WaitUntilAsync(Shown("[data-testid=undo]"));
                }, ("POST", record), ("GET", record));

                await StepAsync(Undo, async () =>
                {
                    await _page.GetByTestId("undo").ClickAsync();
                    await ExpectStatusAsync("Withheld from model training.", "Undone.");
                }, ("POST", record), ("GET", record));

                await StepAsync(Access, async () =>
                {
                    await _page.Locator($"nav[aria-label='Main'] a[href='{AccessPath}']").ClickAsync();
                    await WaitUntilAsync(Shown("[data-testid=access-table]"));
                    Expect(AccessPath);
                }, ("GET", AccessPath));
                _figures.Complete();
            }
            catch (TimeoutException)
            {
                Error($"timeout in {_step}");
            }
            catch (NoWithholdableRecordException)
            {
                Error("no withholdable record");
            }
            catch (UnexpectedContentException e)
            {
                Error($"unexpected content in {_step}: {e.Message}");
            }
            catch (PlaywrightException e)
            {
                Error($"browser error in {_step}: {Short(e.Message)}");
            }
        }

        public async Task CloseAsync()
        {
            try
            {
                await _context.CloseAsync();
            }
            catch (PlaywrightException)
            {
            }
        }

        /// <summary>Runs one step: its client time from the act until the page shows the result, its server time from the named answers.</summary>
        private async Task StepAsync(string step, Func<Task> act, params (string Method, string Path)[] answers)
        {
            _step = step;
            int mark;
            lock (_answers)
                mark = _answers.Count;
            var started = Stopwatch.GetTimestamp();
            await act();
            var client = Stopwatch.GetElapsedTime(started);

            var parts = new List<double>();
            foreach (var (method, path) in answers)
            {
                Answer? answer;
                lock (_answers)
                {
                    answer = _answers.Skip(mark).FirstOrDefault(a => a.Method == method && a.Path == path);
                    mark = answer is null ? mark : _answers.IndexOf(answer) + 1;
                }
                var header = answer is null ? null : await answer.Response.HeaderValueAsync("server-timing");
                if (header is not null && AppDuration.Match(header) is { Success: true } match)
                    parts.Add(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
                else
                    Error(answer is null ? $"no answer to {method} {Pattern(path)} seen in {step}" : $"no Server-Timing on {method} {Pattern(path)} in {step}");
            }
            _figures.Add(step, client, parts.Count == answers.Length ? parts : null);
        }

        private async Task<string> WaitUntilAsync(string test, string? arg = null) =>
            await _page.EvaluateAsync<string>(WaitScript(test), arg).WaitAsync(StepTimeout);

        private async Task OpenAsync(string path)
        {
            await _page.GotoAsync(path, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            Expect(path);
        }

        private void Expect(string path)
        {
            var landed = new Uri(_page.Url).AbsolutePath;
            if (landed != path)
                throw new UnexpectedContentException($"expected {Pattern(path)}, landed on {Pattern(landed)}");
        }

        private async Task ExpectStatusAsync(string previous, string expected)
        {
            var said = await WaitUntilAsync(ActStatus, previous);
            if (said != expected)
                throw new UnexpectedContentException($"the page says \"{Short(said)}\" instead of \"{expected}\"");
        }

        /// <summary>A page with a circuit that lost it shows the reconnect dialog (or, in a template's layout, the error bar).</summary>
        private async Task CheckCircuitAsync()
        {
            if (await _page.Locator("#components-reconnect-modal").IsVisibleAsync())
                throw new UnexpectedContentException("the reconnect dialog is shown");
            if (await _page.Locator("#blazor-error-ui").IsVisibleAsync())
                throw new UnexpectedContentException("Blazor's error bar is shown");
        }

        private void OnResponse(IResponse response)
        {
            if (!response.Url.StartsWith(_baseUrl, StringComparison.Ordinal))
                return;
            var path = new Uri(response.Url).AbsolutePath;
            lock (_answers)
                _answers.Add(new Answer(response.Request.Method, path, response));
            if (response.Status >= 400)
                Error($"HTTP {response.Status} on {response.Request.Method} {Pattern(path)}");
        }

        // The server makes the connection while it answers the negotiate; the time from the browser sending it to the browser
        // opening the WebSocket bounds the connection's age when the WebSocket reaches the server.
        private void OnRequest(IRequest request)
        {
            if (request.Url.StartsWith(_baseUrl, StringComparison.Ordinal) && new Uri(request.Url).AbsolutePath == "/_blazor/negotiate")
                _negotiated = Stopwatch.GetTimestamp();
        }

        private void OnWebSocket()
        {
            if (_negotiated is { } at)
                _figures.Negotiated(Stopwatch.GetElapsedTime(at));
            _negotiated = null;
        }

        private void OnRequestFailed(IRequest request)
        {
            // A navigation cancels what the page it leaves was still loading; that is the browser's doing, not the app's.
            if (request.Url.StartsWith(_baseUrl, StringComparison.Ordinal) && request.Failure != "net::ERR_ABORTED")
                Error($"request failed ({request.Failure}) on {request.Method} {Pattern(new Uri(request.Url).AbsolutePath)}");
        }

        private void OnConsole(IConsoleMessage message)
        {
            // An answer of 400 or more is counted from the answer itself; the browser also logs it as a console error.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                Error($"console error in {_step}: {Short(message.Text)}");
        }

        private void Error(string kind) => _figures.Error(kind);

        private static string Pattern(string path) => Guids.Replace(path, "{id}");

        private static string Short(string? text)
        {
            var line = ConnectionIds.Replace(LoggedAt.Replace(Pattern((text ?? "").Split('\n')[0].Trim()), ""), "id={id}");
            return line.Length <= 160 ? line : line[..160] + "…";
        }

        private sealed record Answer(string Method, string Path, IResponse Response);
    }

    private sealed class UnexpectedContentException(string message) : Exception(message);

    private sealed class NoWithholdableRecordException : Exception;

    /// <summary>The load's timings per step and its errors by kind, filled by all sessions at once.</summary>
    private sealed class Figures
    {
        private readonly ConcurrentDictionary<string, StepFigures> _steps = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
        private int _completed;

        public int Completed => _completed;

        public IReadOnlyDictionary<string, int> Errors => _errors.ToDictionary(StringComparer.Ordinal);

        public StepFigures Of(string step) => _steps.GetOrAdd(step, _ => new StepFigures());

        public void Add(string step, TimeSpan client, IReadOnlyList<double>? serverParts) => Of(step).Add(client, serverParts);

        public void Error(string kind) => _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);

        public void Complete() => Interlocked.Increment(ref _completed);

        /// <summary>Per circuit, from the negotiate request to the WebSocket the page opens with its answer.</summary>
        public Timings NegotiateGaps { get; } = new();

        private int _lateSockets;

        /// <summary>WebSockets opened later after their negotiate than the server keeps a negotiated connection.</summary>
        public int LateSockets => _lateSockets;

        public void Negotiated(TimeSpan gap)
        {
            NegotiateGaps.Add(gap);
            if (gap > NegotiateWindow)
                Interlocked.Increment(ref _lateSockets);
        }
    }

    private sealed class StepFigures
    {
        private readonly ConcurrentBag<double> _server = [];
        private readonly Timings _post = new();
        private readonly Timings _get = new();

        public Timings Client { get; } = new();
        public Timings Server { get; } = new();
        public IEnumerable<double> ServerSamples => _server;

        public void Add(TimeSpan client, IReadOnlyList<double>? serverParts)
        {
            Client.Add(client);
            if (serverParts is not { Count: > 0 })
                return;
            var sum = serverParts.Sum();
            _server.Add(sum);
            Server.Add(TimeSpan.FromMilliseconds(sum));
            if (serverParts.Count == 2)
            {
                _post.Add(TimeSpan.FromMilliseconds(serverParts[0]));
                _get.Add(TimeSpan.FromMilliseconds(serverParts[1]));
            }
        }

        public string Describe(string step)
        {
            var client = $"client p50/p95/max {Client.Median:N0}/{Client.P95:N0}/{Client.Percentile(1):N0} ms";
            if (Client.Count == 0)
                return $"{step}: n = 0";
            if (Server.Count == 0)
                return $"{step}: n = {Client.Count:N0}, no HTTP request (over the circuit), {client}";
            var parts = _post.Count > 0
                ? $" (POST p50/p95 {_post.Median:N1}/{_post.P95:N1} ms, redirected GET p50/p95 {_get.Median:N1}/{_get.P95:N1} ms)"
                : "";
            return $"{step}: n = {Client.Count:N0}, server p50/p95/max {Server.Median:N1}/{Server.P95:N1}/{Server.Percentile(1):N1} ms{parts}, {client}";
        }
    }

    /// <summary>The app's resident memory and its peak, from /proc.</summary>
    private sealed record ProcessMemory(long RssKb, long HwmKb)
    {
        public static ProcessMemory Read(int pid) => new(ProcFs.Status(pid, "VmRSS"), ProcFs.Status(pid, "VmHWM"));
    }

    /// <summary>
    /// CPU seconds so far of the app, the browser (every process the harness started besides the app and the Playwright
    /// driver, with what their reaped children used), the driver, the harness, and the whole machine (PostgreSQL's comes from CpuMeter).
    /// </summary>
    private sealed record CpuSnapshot(double App, double Browser, double Driver, double Harness, double Machine, IReadOnlyList<int> BrowserPids, long BrowserPssKb)
    {
        private const double Tick = ProcFs.SecondsPerTick;

        public static CpuSnapshot Take(int appPid, bool withMemory = false)
        {
            var processes = new Dictionary<int, (int Parent, string Name, long Ticks)>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
                if (int.TryParse(Path.GetFileName(dir), out var pid) && ProcFs.Stat(pid) is { } stat)
                    processes[pid] = (stat.Parent, stat.Name, stat.Ticks + stat.ReapedTicks);
            var children = processes.ToLookup(p => p.Value.Parent, p => p.Key);

            var harness = Environment.ProcessId;
            double browser = 0, driver = 0;
            var browserPids = new List<int>();
            var queue = new Queue<int>(children[harness]);
            while (queue.TryDequeue(out var pid))
            {
                if (pid == appPid)
                    continue;
                var (_, _, ticks) = processes[pid];
                if (IsPlaywrightDriver(pid))
                    driver += ticks * Tick;
                else
                {
                    browser += ticks * Tick;
                    browserPids.Add(pid);
                }
                foreach (var child in children[pid])
                    queue.Enqueue(child);
            }
            var browserPss = 0L;
            if (withMemory)
                foreach (var pid in browserPids)
                {
                    try
                    {
                        browserPss += ProcFs.PssKb(pid);
                    }
                    catch (Exception e) when (e is IOException or InvalidOperationException)
                    {
                    }
                }
            return new CpuSnapshot(
                processes.TryGetValue(appPid, out var app) ? app.Ticks * Tick : 0, browser, driver,
                processes.TryGetValue(harness, out var self) ? self.Ticks * Tick : 0, MachineBusy(), browserPids, browserPss);
        }

        // The driver is the node that Playwright brings (its process names itself after its thread, "MainThread", not "node").
        private static bool IsPlaywrightDriver(int pid)
        {
            try
            {
                return new FileInfo($"/proc/{pid}/exe").LinkTarget?.Contains("/.playwright/node/", StringComparison.Ordinal) == true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>Seconds every core of the machine was busy (the first line of /proc/stat, idle and iowait left out).</summary>
        private static double MachineBusy()
        {
            var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long Field(int n) => long.Parse(f[n], CultureInfo.InvariantCulture);
            // user, nice, system, irq, softirq, steal
            return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) * Tick;
        }
    }
}
