using System.Text.Json.Nodes;

namespace Transparency.SampleClient;

/// <summary>
/// How the capture pipeline and the training pipeline use the Transparency API.
/// <code>
/// dotnet run --project tests/Transparency.SampleClient -- capture --employee E00001 --count 20
/// dotnet run --project tests/Transparency.SampleClient -- train --data training-data
/// </code>
/// </summary>
internal static class Program
{
    private const string DefaultUrl = "http://localhost:5062";
    // The demo app's published keys (README.md); they exist only with demo data outside Production.
    private const string DemoCaptureKey = "tr_demo_capture_0000000000000000000000000000";
    private const string DemoTrainingKey = "tr_demo_training_000000000000000000000000000";

    private const string Usage = """
        Usage:
          capture [--employee E00001] [--count 20] [--batch-size 10] [--format ndjson|json]
                  [--records file.ndjson] [--save file.ndjson] [--url URL] [--key KEY]
              Sends capture records in batches. Without --records it makes --count sample records for
              --employee (and writes them to --save, to send the same records again later).
          train   [--data training-data] [--limit 1000] [--count-only] [--url URL] [--key KEY]
              Follows the training export into <data>/records.jsonl, then purges the records the
              revocation feed lists. Cursors are kept in <data>, so the next run resumes.

        --url defaults to TRANSPARENCY_URL or http://localhost:5062; --key to TRANSPARENCY_CAPTURE_KEY /
        TRANSPARENCY_TRAINING_KEY or the demo app's published keys.
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" || !TryParse(args[1..], out var options))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        try
        {
            return args[0] switch
            {
                "capture" => await CaptureAsync(options, cancel.Token),
                "train" => await TrainAsync(options, cancel.Token),
                _ => Fail($"Unknown command '{args[0]}'.\n\n{Usage}", 2),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or ExportRefusedException or ArgumentException or IOException)
        {
            return Fail(e.Message, 1);
        }
    }

    private static async Task<int> CaptureAsync(Dictionary<string, string> options, CancellationToken ct)
    {
        var format = Option(options, "format", "ndjson") switch
        {
            "ndjson" => BatchFormat.Ndjson,
            "json" => BatchFormat.Json,
            var other => throw new ArgumentException($"--format must be ndjson or json, not '{other}'."),
        };
        List<JsonObject> records;
        if (options.TryGetValue("records", out var file))
            records = await SampleRecords.LoadAsync(file, ct);
        else
        {
            records = SampleRecords.For(Option(options, "employee", "E00001"), Number(options, "count", 20), DateTimeOffset.UtcNow);
            if (options.TryGetValue("save", out var save))
                await SampleRecords.SaveAsync(save, records, ct);
        }

        using var http = Client(options, "TRANSPARENCY_CAPTURE_KEY", DemoCaptureKey);
        var report = await new CapturePipeline(http, Console.Out).SendAsync(records, Number(options, "batch-size", 10), format, ct);
        Console.WriteLine(report.Succeeded
            ? $"{records.Count} records in {report.Batches} batches sent: {report.Accepted} accepted, {report.Duplicates} duplicates" +
              (report.ReplayedBatches > 0 ? $", {report.ReplayedBatches} batches answered from an earlier attempt" : "")
            : $"Stopped at batch {report.RefusedBatch}; the batches before it were stored: {report.Accepted} accepted, {report.Duplicates} duplicates.");
        return report.Succeeded ? 0 : 1;
    }

    private static async Task<int> TrainAsync(Dictionary<string, string> options, CancellationToken ct)
    {
        var dataset = await TrainingDataset.OpenAsync(Option(options, "data", "training-data"), options.ContainsKey("count-only"), ct);
        using var http = Client(options, "TRANSPARENCY_TRAINING_KEY", DemoTrainingKey);
        var report = await new TrainingConsumer(http, dataset, Console.Out).SyncAsync(Number(options, "limit", 1000), ct);
        Console.WriteLine($"{report.Exported} records exported in {report.Pages} pages, {report.Stored} new in the dataset; " +
            $"{report.Revocations} revocations, {report.Removed} records purged." +
            (dataset.CountOnly ? "" : $" The dataset holds {dataset.Keys.Count} records: {Path.GetFullPath(dataset.RecordsPath)}"));
        return 0;
    }

    private static HttpClient Client(Dictionary<string, string> options, string keyVariable, string demoKey)
    {
        var url = Option(options, "url", Environment.GetEnvironmentVariable("TRANSPARENCY_URL") is { Length: > 0 } u ? u : DefaultUrl);
        var key = Option(options, "key", Environment.GetEnvironmentVariable(keyVariable) is { Length: > 0 } k ? k : demoKey);
        // Each attempt has its own timeout (RetryOptions.AttemptTimeout); the client's own would cut retries short.
        var http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    private static bool TryParse(string[] args, out Dictionary<string, string> options)
    {
        options = [];
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                return false;
            var name = args[i][2..];
            if (name == "count-only")
                options[name] = "true";
            else if (i + 1 < args.Length)
                options[name] = args[++i];
            else
                return false;
        }
        return true;
    }

    private static string Option(Dictionary<string, string> options, string name, string fallback) =>
        options.TryGetValue(name, out var value) ? value : fallback;

    private static int Number(Dictionary<string, string> options, string name, int fallback) =>
        !options.TryGetValue(name, out var text) ? fallback
        : int.TryParse(text, out var n) && n > 0 ? n
        : throw new ArgumentException($"--{name} must be a whole number above 0, not '{text}'.");

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine(message);
        return code;
    }
}
