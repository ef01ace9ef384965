namespace Transparency.Benchmarks.Harness;

/// <summary>
/// One measurement of the harness: the app's path against a raw-SQL baseline on the same data, in the
/// same run. Add a class per measurement and list it in <see cref="Measurements.Catalogue"/>.
/// </summary>
public interface IMeasurement
{
    /// <summary>Short name, as in the results table.</summary>
    string Name { get; }

    Task<MeasurementResult> RunAsync(BenchmarkRun run, CancellationToken ct);
}

/// <summary>One row of the results table, plus the detail lines printed under it.</summary>
/// <param name="Unit">The unit of both figures, e.g. "records/s".</param>
/// <param name="GoalRatio">The goal for app ÷ baseline, e.g. 0.5.</param>
/// <param name="GoalAbsolute">An additional floor for the app figure, when the issue sets one.</param>
public sealed record MeasurementResult(
    string Name,
    double AppFigure,
    double BaselineFigure,
    string Unit,
    double GoalRatio,
    double? GoalAbsolute,
    IReadOnlyList<string> Details)
{
    public double Ratio => BaselineFigure > 0 ? AppFigure / BaselineFigure : double.NaN;

    public bool Met => Ratio >= GoalRatio && (GoalAbsolute is not { } floor || AppFigure >= floor);

    public string Goal => GoalAbsolute is { } floor
        ? $"≥ {GoalRatio:P0} of baseline and ≥ {floor:N0} {Unit}"
        : $"≥ {GoalRatio:P0} of baseline";
}
