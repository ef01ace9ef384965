using Transparency.Benchmarks.Measurements;

namespace Transparency.Benchmarks.Harness;

/// <summary>The measurements a run performs, in order; each runs against the store as the previous ones left it.</summary>
public static class Catalogue
{
    public static IReadOnlyList<IMeasurement> All(BenchmarkOptions options) =>
        Everything(options).Where(m => options.Only.Count == 0 || options.Only.Any(w => m.Name.Contains(w, StringComparison.OrdinalIgnoreCase))).ToList();

    private static IReadOnlyList<IMeasurement> Everything(BenchmarkOptions options) =>
    [
        new IngestionMeasurement(options.IngestRecords, options.BatchSize, options.Clients, options.EmployeesPerBatch),
        new TrainingExportMeasurement(options.ExportLimit, options.PageSize),
        new RecordsPageMeasurement(deep: false, filtered: false),
        new RecordsPageMeasurement(deep: true, filtered: false),
        new RecordsPageMeasurement(deep: false, filtered: true),
        new RecordsPageMeasurement(deep: true, filtered: true),
        new HomeSummaryMeasurement(heavy: true),
        new HomeSummaryMeasurement(heavy: false),
        new BulkWithholdMeasurement(),
        new UsageReportMeasurement(department: false, options.Days),
        new UsageReportMeasurement(department: true, options.Days),
        new DisclosureMeasurement(),
        new CircuitMemoryMeasurement(options.Circuits, options.CircuitPath),
        new MixedLoadMeasurement(options.MixedContexts, options.MixedRamp),
    ];
}
