using System.Diagnostics;
using Npgsql;
using Transparency.Benchmarks.Harness;
using Transparency.Benchmarks.Store;
using Transparency.Core.Rollups;
using Transparency.Core.Reports;

namespace Transparency.Benchmarks.Measurements;

/// <summary>
/// f. The works council's aggregate: records and distinct employees by org unit × kind × purpose × week over the
/// period, for the whole organisation or one department with the units below it. <see cref="UsageReportService.UsageAsync"/>
/// reads the <c>usage_cells</c> rollup (brought up to date first with <see cref="UsageRollupService.RefreshAsync"/>);
/// the baseline computes the same cells from the records: <c>GROUP BY</c> over capture_records joined to employees,
/// <c>COUNT(*)</c> and <c>COUNT(DISTINCT employee_id)</c>, each purpose bit (1, 2, 4) counted on its own. Both sides'
/// totals are compared. The raw query scans the period's records, so it runs only a few times.
/// </summary>
public sealed class UsageReportMeasurement(bool department, int days) : IMeasurement
{
    private const int WarmUp = 3;
    private const int Rounds = 30;

    public string Name => $"Works council usage, {(department ? "one department" : "whole organisation")} (UsageReportService.UsageAsync)";

    public async Task<MeasurementResult> RunAsync(BenchmarkRun run, CancellationToken ct)
    {
        var details = new List<string>();
        await using var connection = await run.OpenAsync(ct);

        // What arrived or changed since the store was generated (ingestion, acts) goes into the rollup first;
        // the app's own rollup job may hold the lock meanwhile, so a skipped run is tried again.
        var rollup = run.Core<UsageRollupService>();
        var started = Stopwatch.GetTimestamp();
        var weeks = 0;
        while (true)
        {
            var result = await rollup.RefreshAsync(ct);
            weeks += result.WeeksRefreshed;
            if (!result.Skipped && result.WeeksStillStale == 0)
                break;
            if (result.Skipped)
                await Task.Delay(500, ct);
        }
        details.Add($"rollup brought up to date before measuring: {weeks:N0} org unit weeks in {Stopwatch.GetElapsedTime(started).TotalSeconds:N1} s");

        // A department: the unit with units below it that holds the most employees in its subtree (not the root).
        string? unit = null;
        if (department)
            unit = (string)(await StoreGenerator.Row(connection, """
                WITH RECURSIVE tree AS (
                    SELECT id AS top, id FROM org_units WHERE parent_id IS NOT NULL AND id IN (SELECT parent_id FROM org_units)
                    UNION ALL SELECT t.top, o.id FROM tree t JOIN org_units o ON o.parent_id = t.id)
                SELECT t.top FROM tree t JOIN employees e ON e.org_unit_id = t.id GROUP BY t.top ORDER BY count(*) DESC, t.top LIMIT 1
                """, ct))[0];

        var to = DateTime.UtcNow;
        var from = to.AddDays(-days);
        var first = UsageWeeks.StartOf(from);
        var usage = run.Core<UsageReportService>();
        IReadOnlyList<UsageRow> rows = [];
        var app = new Timings();
        for (var i = 0; i < WarmUp + Rounds; i++)
        {
            if (i < WarmUp)
                rows = await usage.UsageAsync(unit, from, to, ct);
            else
                rows = await app.TimeAsync(() => usage.UsageAsync(unit, from, to, ct));
        }

        await using var raw = new NpgsqlCommand($"""
            WITH RECURSIVE units AS (
                SELECT id FROM org_units WHERE @unit::text IS NULL OR id = @unit
                UNION SELECT o.id FROM org_units o JOIN units u ON o.parent_id = u.id)
            SELECT e.org_unit_id, date_trunc('week', r.captured_at AT TIME ZONE 'UTC') AS week, r.kind, p.bit,
                   count(*) AS records, count(DISTINCT r.employee_id) AS employees
            FROM capture_records r
            JOIN employees e ON e.id = r.employee_id
            CROSS JOIN (VALUES (0), (1), (2), (4)) AS p(bit)
            -- A tombstone (deleted or purged) keeps no purposes and counts under none (bit 0).
            WHERE r.captured_at >= @first AND (r.purposes & p.bit <> 0 OR (p.bit = 0 AND r.purposes = 0))
              AND e.org_unit_id IN (SELECT id FROM units)
            GROUP BY 1, 2, 3, 4
            """, connection) { CommandTimeout = 0 };
        raw.Parameters.AddWithValue("unit", NpgsqlTypes.NpgsqlDbType.Text, (object?)unit ?? DBNull.Value);
        raw.Parameters.AddWithValue("first", first);
        // At ten million records the scan takes minutes: once is enough to know where it stands.
        var rawRounds = run.Store.Records > 2_000_000 ? 1 : 3;
        var baseline = new Timings();
        var (rawCells, rawRecords, rawEmployees) = (0, 0L, 0L);
        for (var i = 0; i < rawRounds; i++)
        {
            (rawCells, rawRecords, rawEmployees) = (0, 0, 0);
            await baseline.TimeAsync(async () =>
            {
                await using var reader = await raw.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    rawCells++;
                    rawRecords += reader.GetInt64(4);
                    rawEmployees += reader.GetInt64(5);
                }
            });
        }

        details.Add($"{(unit is null ? "whole organisation" : $"org unit {unit} and the units below it")}, {days} days from {first:yyyy-MM-dd} " +
                    $"(whole weeks): {rows.Count:N0} cells, {rows.Sum(r => (long)r.Records):N0} record-purposes");
        details.Add(app.Describe("UsageReportService.UsageAsync (reads the rollup)"));
        details.Add(baseline.Describe("raw GROUP BY over capture_records ⋈ employees (from the records)") + " — run only a few times");
        details.Add(rows.Count == rawCells && rows.Sum(r => (long)r.Records) == rawRecords && rows.Sum(r => (long)r.Employees) == rawEmployees
            ? $"Same totals: {rawCells:N0} cells, {rawRecords:N0} record-purposes, {rawEmployees:N0} employee-cells on both sides."
            : $"MISMATCH: the rollup has {rows.Count:N0} cells, {rows.Sum(r => (long)r.Records):N0} record-purposes, {rows.Sum(r => (long)r.Employees):N0} employee-cells; " +
              $"the records give {rawCells:N0}, {rawRecords:N0}, {rawEmployees:N0}.");

        return MeasurementResult.Latency(Name + " p95", app.P95, baseline.P95, double.NaN, 1000, details);
    }
}
