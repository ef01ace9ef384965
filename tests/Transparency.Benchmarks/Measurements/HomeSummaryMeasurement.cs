using Npgsql;
using Transparency.Benchmarks.Harness;
using Transparency.Benchmarks.Store;
using Transparency.Core.Policies;
using Transparency.Core.Records;

namespace Transparency.Benchmarks.Measurements;

/// <summary>
/// d. The counts behind an employee's home summary: <see cref="RecordSummaryService.GetAsync"/> (last 30 days: total,
/// training eligible, withheld, quarantined, deleted, by kind × purpose) for a heavy or a typical employee, against
/// one hand-written grouped query computing the same counts.
/// </summary>
public sealed class HomeSummaryMeasurement(bool heavy) : IMeasurement
{
    private const int WarmUp = 60;
    private const int Rounds = 40;

    public string Name => $"Home summary counts, {(heavy ? "heavy" : "typical")} employee (RecordSummaryService.GetAsync)";

    public async Task<MeasurementResult> RunAsync(BenchmarkRun run, CancellationToken ct)
    {
        await using var connection = await run.OpenAsync(ct);
        var employee = heavy
            ? run.Store.HeavyEmployees.FirstOrDefault() ?? throw new InvalidOperationException("No heavy employee in the store.")
            // Typical: the employee whose record count is nearest the average (the heavy ones left out).
            : (string)(await StoreGenerator.Row(connection, $"""
                WITH n AS (SELECT employee_id, count(*) AS records FROM capture_records
                           WHERE employee_id <> ALL (ARRAY[{string.Join(", ", run.Store.HeavyEmployees.Select(h => $"'{h}'").DefaultIfEmpty("''"))}]::text[])
                           GROUP BY employee_id)
                SELECT employee_id FROM n ORDER BY abs(records - (SELECT avg(records) FROM n)), employee_id LIMIT 1
                """, ct))[0];
        var id = new EmployeeId(employee);
        var summaries = run.Core<RecordSummaryService>();
        var now = DateTime.UtcNow;

        await using var raw = new NpgsqlCommand($"""
            SELECT r.kind, p.bit,
                   count(*), count(*) FILTER (WHERE eligible),
                   count(*) FILTER (WHERE r.deleted_at IS NOT NULL)
            FROM (SELECT r.kind, r.purposes, r.deleted_at, ({TrainingExportMeasurement.Eligible}) AS eligible
                  FROM capture_records r
                  WHERE r.employee_id = @employee AND r.captured_at >= @since) r
            CROSS JOIN (VALUES (1), (2), (4)) AS p(bit)
            WHERE r.purposes & p.bit <> 0
            GROUP BY r.kind, p.bit
            """, connection);
        raw.Parameters.AddWithValue("employee", employee);
        raw.Parameters.AddWithValue("now", now);
        raw.Parameters.AddWithValue("since", now.AddDays(-RecordSummaryService.DefaultDays));
        await raw.PrepareAsync(ct);

        RecordSummary? summary = null;
        List<object[]> rows = [];
        var (app, baseline) = await Timings.AlternateAsync(WarmUp, Rounds,
            async () => summary = await summaries.GetAsync(id, ct: ct),
            async () => rows = await ReadAsync(raw, ct));

        var details = new List<string>
        {
            $"employee {employee}: {summary!.Records:N0} records in the last {summary.Days} days, {summary.TrainingEligible:N0} training eligible, " +
            $"{summary.Withheld:N0} withheld, {summary.Quarantined:N0} quarantined, {summary.Deleted:N0} deleted; {summary.ByKindAndPurpose.Count} kind × purpose cells",
            app.Describe("RecordSummaryService.GetAsync"),
            baseline.Describe("raw SQL (one grouped SELECT by kind × purpose, eligibility by hand, prepared)"),
        };
        var appCells = summary.ByKindAndPurpose.ToDictionary(c => ((int)c.Kind, (int)c.Purpose), c => c.Records);
        var rawCells = rows.ToDictionary(r => ((int)r[0], (int)r[1]), r => (int)(long)r[2]);
        details.Add(appCells.Count == rawCells.Count && appCells.All(c => rawCells.TryGetValue(c.Key, out var n) && n == c.Value)
            ? $"Same counts: the {appCells.Count} kind × purpose cells agree ({appCells.Values.Sum():N0} record-purposes)."
            : $"MISMATCH: kind × purpose cells differ (app {appCells.Values.Sum():N0} record-purposes in {appCells.Count} cells, raw {rawCells.Values.Sum():N0} in {rawCells.Count}).");

        return MeasurementResult.Latency(Name + " p95", app.P95, baseline.P95, double.NaN, 50, details);
    }

    private static async Task<List<object[]>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var rows = new List<object[]>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }
}
