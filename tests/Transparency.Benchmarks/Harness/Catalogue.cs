using Transparency.Benchmarks.Measurements;

namespace Transparency.Benchmarks.Harness;

/// <summary>The measurements a run performs, in order; each runs against the store as the previous ones left it.</summary>
public static class Catalogue
{
    public static IReadOnlyList<IMeasurement> All(BenchmarkOptions options) =>
    [
        new IngestionMeasurement(options.IngestRecords, options.BatchSize, options.Clients, options.EmployeesPerBatch),
        new TrainingExportMeasurement(options.ExportLimit, options.PageSize),
        // Next: employee records page (keyset paging and its counts), home counts, bulk withhold,
        // works-council aggregate, Blazor circuit memory. Each is one IMeasurement class in Measurements/.
    ];
}
