using Transparency.Benchmarks;
using Transparency.Benchmarks.Harness;
using Transparency.Benchmarks.Store;

// The performance harness: generates a store at scale through the app's own migrations and demo
// generator, starts the built app as a real Kestrel process, and compares each app path with raw SQL
// on the same data. scripts/benchmark.sh starts PostgreSQL, builds, and runs this.
if (args.FirstOrDefault() == "erasure-cost")
    return await Transparency.Benchmarks.Erasure.ErasureCost.RunAsync(args[1..], CancellationToken.None);

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
// SIGTERM (a stopped script, a CI timeout) unwinds like Ctrl+C, so the app process is stopped too.
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
    // Work that does not observe cancellation (a long statement, the generator) must not keep the process alive.
    _ = Task.Delay(TimeSpan.FromSeconds(15)).ContinueWith(_ => Environment.Exit(143), TaskScheduler.Default);
});
var ct = cancel.Token;

var startedAt = DateTime.UtcNow;
var loadStart = Report.LoadAverage();
BenchmarkRun.Log($"Load average at the start: {loadStart}");

var store = await StoreGenerator.GenerateAsync(options, ct);
foreach (var line in store.Details)
    BenchmarkRun.Log(line);
var (captureKey, trainingKey) = await StoreGenerator.CreateApiKeysAsync(options.ConnectionString, ct);

var results = new List<MeasurementResult>();
await using var core = StoreGenerator.CoreServices(options.ConnectionString);
await using (var app = await AppProcess.StartAsync(options.AppDll, options.ConnectionString, options.Port, ct))
{
    BenchmarkRun.Log($"App started at {app.BaseAddress}");
    var run = new BenchmarkRun(options, app, captureKey, trainingKey, store, core);
    foreach (var measurement in Catalogue.All(options))
    {
        if (results.Count > 0)
            foreach (var line in await StoreGenerator.SettleRollupsAsync(core, ct))
                BenchmarkRun.Log($"before the next measurement: {line}");
        BenchmarkRun.Log($"== {measurement.Name}");
        var result = await measurement.RunAsync(run, ct);
        foreach (var line in result.Details)
            BenchmarkRun.Log(line);
        BenchmarkRun.Log($"{result.Name}: app {result.AppText}, baseline {result.BaselineText}, " +
                         $"ratio {result.RatioText} — goal {result.Goal}: {(result.Met ? "met" : "NOT met")}");
        results.Add(result);
    }
}

var loadEnd = Report.LoadAverage();
BenchmarkRun.Log($"Load average at the end: {loadEnd}");
var markdown = Report.Markdown(options, Report.Machine(), await Report.PostgresAsync(options.ConnectionString, ct), loadStart, loadEnd,
    startedAt, store, results);
Console.WriteLine();
Console.WriteLine(markdown);
if (options.Doc is { } doc)
{
    Report.WriteInto(doc, options.Scale, markdown);
    BenchmarkRun.Log($"Results written to {doc}");
}
return 0;
