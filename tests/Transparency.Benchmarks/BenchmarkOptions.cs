using System.Globalization;
using Transparency.Benchmarks.Measurements;

namespace Transparency.Benchmarks;

/// <summary>The harness's command line. Defaults are the issue's full scale; <c>--quick</c> is a tenth of it.</summary>
public sealed class BenchmarkOptions
{
    public required string ConnectionString { get; init; }
    public required string AppDll { get; init; }
    public string? Doc { get; init; }
    public string Command { get; init; } = "";
    public string Scale { get; init; } = "full";
    public int Records { get; init; } = 10_000_000;
    public int Employees { get; init; } = 70_000;
    public int Days { get; init; } = 90;
    public int IngestRecords { get; init; } = 1_000_000;
    public int BatchSize { get; init; } = 1_000;
    public int Clients { get; init; } = 4;
    public int EmployeesPerBatch { get; init; } = 10;
    public int ExportLimit { get; init; } = 500_000;
    public int PageSize { get; init; } = 10_000;
    public int Port { get; init; } = 56080;

    /// <summary>Employees with far more records than the rest, so a page 50 pages deep and a 100,000-record bulk act exist.</summary>
    public int HeavyEmployees { get; init; } = 3;
    public int HeavyRecords { get; init; } = 100_000;

    /// <summary>Run only the measurements whose name contains one of these words (all when empty).</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>
    /// Measure a store an earlier run generated in the same database instead of requiring an empty one (for
    /// iterating on one path; ingestion and bulk measurements change the store, so published figures come
    /// from a fresh store).
    /// </summary>
    public bool Reuse { get; init; }

    /// <summary>Concurrent Blazor circuits for the memory measurement.</summary>
    public int Circuits { get; init; } = 100;

    /// <summary>
    /// The page the circuits open for the memory measurement. Another page than the records page (e.g. <c>/my/export</c>, the
    /// layout with a few lines of text) shows what a circuit costs before a page adds its own components.
    /// </summary>
    public string CircuitPath { get; init; } = CircuitMemoryMeasurement.RecordsPath;

    /// <summary>Employees stepping through the app at once, each in a browser context of their own, for the mixed load.</summary>
    public int MixedContexts { get; init; } = 200;

    /// <summary>The mixed load's sessions start within this many seconds of each other (2 by default: all at once).</summary>
    public int MixedRamp { get; init; } = 2;

    public const string Usage = """
        Transparency.Benchmarks --connection <PostgreSQL connection string> --app <path to Transparency.Web.dll>
            [--quick] [--reuse] [--records N] [--employees N] [--days N] [--ingest-records N] [--batch N] [--clients N]
            [--employees-per-batch N] [--export-limit N] [--page-size N]
            [--heavy-employees N] [--heavy-records N] [--circuits N] [--circuit-path /my/records] [--mixed N] [--mixed-ramp S] [--only "records page,summary"] [--port N] [--doc docs/benchmarks.md] [--command "…"]
        The database must be empty: the harness creates the schema through the app's migrations and generates the store.
        With --reuse, a store an earlier run generated in that database is measured again as it is.
        """;

    public static BenchmarkOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var quick = false;
        var reuse = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
            {
                quick = true;
                continue;
            }
            if (args[i] == "--reuse")
            {
                reuse = true;
                continue;
            }
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Unexpected argument '{args[i]}'.\n{Usage}");
            values[args[i][2..]] = args[++i];
        }

        int Int(string key, int fallback) => values.Remove(key, out var text)
            ? int.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture)
            : fallback;
        string Required(string key) => values.Remove(key, out var text) ? text : throw new ArgumentException($"--{key} is required.\n{Usage}");

        var scale = values.ContainsKey("records") || values.ContainsKey("employees") ? "custom" : quick ? "quick" : "full";
        var records = Int("records", quick ? 1_000_000 : 10_000_000);
        var employees = Int("employees", quick ? 7_000 : 70_000);
        var options = new BenchmarkOptions
        {
            ConnectionString = Required("connection"),
            AppDll = Required("app"),
            Doc = values.Remove("doc", out var doc) ? doc : null,
            Command = values.Remove("command", out var command) ? command : "",
            Records = records,
            Employees = employees,
            Scale = scale,
            Reuse = reuse,
            Days = Int("days", 90),
            // A tenth of the store is ingested through the API (and as many rows copied for the baseline).
            IngestRecords = Int("ingest-records", Math.Max(10_000, records / 10)),
            BatchSize = Int("batch", 1_000),
            Clients = Int("clients", 4),
            EmployeesPerBatch = Int("employees-per-batch", 10),
            ExportLimit = Int("export-limit", 500_000),
            PageSize = Int("page-size", 10_000),
            HeavyEmployees = Int("heavy-employees", 3),
            HeavyRecords = Int("heavy-records", 100_000),
            Circuits = Int("circuits", 100),
            CircuitPath = values.Remove("circuit-path", out var circuitPath) ? circuitPath : CircuitMemoryMeasurement.RecordsPath,
            MixedContexts = Int("mixed", 200),
            MixedRamp = Int("mixed-ramp", 2),
            Only = values.Remove("only", out var only) ? only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [],
            Port = Int("port", 56080),
        };
        if (values.Count > 0)
            throw new ArgumentException($"Unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}.\n{Usage}");
        return options;
    }
}
