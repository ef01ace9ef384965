using System.Diagnostics;
using Transparency.Benchmarks.Harness;
using Transparency.Benchmarks.Store;
using Transparency.Core.Decisions;
using Transparency.Core.Policies;
using Transparency.Core.Records;

namespace Transparency.Benchmarks.Measurements;

/// <summary>
/// e. "Withhold from training" on every record matching a filter: <see cref="DecisionService.WithholdAsync"/> with
/// <see cref="ActTarget.Matching"/> for a heavy employee (about 100,000 records; one set-based UPDATE, the decision
/// and its record list, in one transaction) against one raw <c>UPDATE capture_records SET training_choice = 1 …</c>
/// over the same rows. Between repetitions, outside the clock, one raw UPDATE puts the rows back as they were; the
/// two paths take turns going first.
/// </summary>
public sealed class BulkWithholdMeasurement : IMeasurement
{
    private const int Repetitions = 3;

    public string Name => "Bulk withhold of all matching records (DecisionService.WithholdAsync)";

    public async Task<MeasurementResult> RunAsync(BenchmarkRun run, CancellationToken ct)
    {
        // The last heavy employee: the records page and summary measured the first one as the generator left it.
        var employee = run.Store.HeavyEmployees.LastOrDefault() ?? throw new InvalidOperationException("No heavy employee in the store.");
        var id = new EmployeeId(employee);
        var decisions = run.Core<DecisionService>();
        await using var connection = await run.OpenAsync(ct);

        // What the filter (all the employee's records) matches and the act changes: records not deleted, not yet withheld.
        var target = $"employee_id = '{employee}' AND deleted_at IS NULL AND training_choice <> 1";
        // Records withheld before the measurement stay withheld; the others go back to the choice they had.
        await StoreGenerator.Execute(connection,
            $"CREATE TEMP TABLE withheld_before AS SELECT id FROM capture_records WHERE employee_id = '{employee}' AND training_choice = 1", ct);
        var reset = $"UPDATE capture_records SET training_choice = previous_training_choice " +
                    $"WHERE employee_id = '{employee}' AND training_choice = 1 AND id NOT IN (SELECT id FROM withheld_before)";
        var rows = (long)(await StoreGenerator.Row(connection, $"SELECT count(*) FROM capture_records WHERE {target}", ct))[0];

        var (app, baseline) = (new Timings(), new Timings());
        var changed = new List<int>();
        for (var i = 0; i < Repetitions * 2; i++)
        {
            var appTurn = (i % 2 == 0) == (i / 2 % 2 == 0);
            var started = Stopwatch.GetTimestamp();
            if (appTurn)
            {
                var result = await decisions.WithholdAsync(id, ActTarget.Matching(RecordFilter.All), ct);
                app.Add(Stopwatch.GetElapsedTime(started));
                changed.Add(result.Changed);
            }
            else
            {
                await StoreGenerator.Execute(connection,
                    $"UPDATE capture_records SET previous_training_choice = training_choice, training_choice = 1 WHERE {target}", ct);
                baseline.Add(Stopwatch.GetElapsedTime(started));
            }
            await StoreGenerator.Execute(connection, reset, ct);
        }

        var details = new List<string>
        {
            $"employee {employee}: {rows:N0} records matched by the filter (all their records, none withheld yet); the act changed {string.Join(", ", changed.Select(c => c.ToString("N0")))}",
            app.Describe("DecisionService.WithholdAsync(ActTarget.Matching(all))") + $", max {app.Percentile(1):N1} ms",
            baseline.Describe("raw UPDATE … SET training_choice = 1 (autocommit)") + $", max {baseline.Percentile(1):N1} ms",
            $"{Repetitions} repetitions each, taking turns going first; rows put back by a raw UPDATE between repetitions (not timed); the figures are medians",
        };
        if (changed.Any(c => c != rows))
            details.Add($"MISMATCH: the act changed {string.Join(", ", changed)} records, the raw UPDATE's filter matches {rows:N0}.");

        return MeasurementResult.Latency(Name + " median", app.Median, baseline.Median, 1.5, null, details);
    }
}
