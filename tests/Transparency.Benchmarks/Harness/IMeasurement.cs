using System.Globalization;

namespace Transparency.Benchmarks.Harness;

/// <summary>
/// One measurement of the harness: the app's path against a raw-SQL baseline on the same data, in the
/// same run. Add a class per measurement and list it in <see cref="Catalogue"/>.
/// </summary>
public interface IMeasurement
{
    /// <summary>Short name, as in the results table.</summary>
    string Name { get; }

    Task<MeasurementResult> RunAsync(BenchmarkRun run, CancellationToken ct);
}

/// <summary>One row of the results table, plus the detail lines printed under it.</summary>
/// <param name="Unit">The unit of both figures, e.g. "records/s" or "ms".</param>
/// <param name="GoalRatio">
/// The issue's goal for app ÷ baseline: a floor for throughputs (e.g. 0.5), a ceiling for latencies and sizes
/// (e.g. 1.5); NaN when the goal sets no ratio.
/// </param>
/// <param name="GoalAbsolute">A floor (throughputs) or ceiling (latencies, sizes) for the app figure, when the issue sets one.</param>
/// <remarks>
/// Throughputs are "higher is better"; <see cref="LowerIsBetter"/> turns the comparisons round for latencies and
/// memory. A measurement without a raw-SQL baseline (circuit memory) passes NaN as <paramref name="BaselineFigure"/>.
/// </remarks>
public sealed record MeasurementResult(
    string Name,
    double AppFigure,
    double BaselineFigure,
    string Unit,
    double GoalRatio,
    double? GoalAbsolute,
    IReadOnlyList<string> Details)
{
    /// <summary>Latency or size: the goal is a ceiling, and the ratio is read as "times the baseline".</summary>
    public bool LowerIsBetter { get; init; }

    /// <summary>A p95 latency against its goal, with the baseline's p95 and a ratio ceiling (NaN for none).</summary>
    public static MeasurementResult Latency(string name, double appMs, double baselineMs, double maxRatio, double? maxMs, IReadOnlyList<string> details) =>
        new(name, appMs, baselineMs, "ms", maxRatio, maxMs, details) { LowerIsBetter = true };

    public bool HasBaseline => !double.IsNaN(BaselineFigure);

    public double Ratio => HasBaseline && BaselineFigure > 0 ? AppFigure / BaselineFigure : double.NaN;

    public bool Met => LowerIsBetter
        ? (double.IsNaN(GoalRatio) || Ratio <= GoalRatio) && (GoalAbsolute is not { } ceiling || AppFigure <= ceiling)
        : (double.IsNaN(GoalRatio) || Ratio >= GoalRatio) && (GoalAbsolute is not { } floor || AppFigure >= floor);

    public string Goal
    {
        get
        {
            var parts = new List<string>();
            if (!double.IsNaN(GoalRatio))
                parts.Add(LowerIsBetter ? $"≤ {GoalRatio:0.##} × baseline" : $"≥ {GoalRatio:P0} of baseline");
            if (GoalAbsolute is { } limit)
                parts.Add($"{(LowerIsBetter ? "≤" : "≥")} {Figure(limit)}");
            return string.Join(" and ", parts);
        }
    }

    public string AppText => Figure(AppFigure);

    public string BaselineText => HasBaseline ? Figure(BaselineFigure) : "—";

    /// <summary>A throughput as a share of its baseline, a latency as a multiple of it.</summary>
    public string RatioText => double.IsNaN(Ratio) ? "—"
        : LowerIsBetter ? Ratio.ToString(Ratio < 0.1 ? "0.0###" : "0.00", CultureInfo.InvariantCulture) + " ×" : Ratio.ToString("P0", CultureInfo.InvariantCulture);

    private string Figure(double value) =>
        double.IsNaN(value) ? "not measured"
        : Math.Abs(value) >= 100 || value == Math.Floor(value) ? $"{value:N0} {Unit}" : $"{value:N1} {Unit}";
}
