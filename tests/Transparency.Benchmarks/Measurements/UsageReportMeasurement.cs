using System.Diagnostics;
using Npgsql;
using Transparency.Benchmarks.Harness;
using Transparency.Benchmarks.Store;
using Transparency.Core.Rollups;
using Transparency.Core.AccessLog;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Reports;

namespace Transparency.Benchmarks.Measurements;

/// <summary>
/// f. The works council's report: <see cref="UsageReportService.ReportAsync"/> for the whole organisation or one
/// department over the last 13 whole weeks, all kinds: the unit's figures, its sub-units', each kind's and each week's,
/// with the minimum-group-size plan of every week (computed on the first call, then reused until the week's cells change;
/// the first call is reported on its own). It reads the <c>usage_figures</c> rollup, brought up to date first with
/// <see cref="UsageRollupService.RefreshAsync"/>. The baseline counts the same period's records, and those feeding each
/// purpose, from the records: <c>GROUP BY</c> over capture_records joined to employees. Both sides' totals are compared.
/// The raw query scans the period's records, so it runs only a few times.
/// </summary>
public sealed class UsageReportMeasurement(bool department, int days) : IMeasurement
{
    private const int WarmUp = 3;
    private const int Rounds = 30;
    private static readonly ReportViewer Viewer = new("benchmark", ActorRole.WorksCouncil, ReportFormat.Page);

    public string Name => $"Works council report, {(department ? "one department" : "whole organisation")} (UsageReportService.ReportAsync)";

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

        // The whole weeks of the last `days` days, the week in progress included.
        var lastWeek = UsageWeeks.StartOf(DateTime.UtcNow);
        var firstWeek = lastWeek.AddDays(-7 * (days / 7));
        var query = new UsageQuery(unit, ReportPeriod.Weeks(firstWeek, lastWeek), Kind: null);
        var reports = run.Core<UsageReportService>();
        var cold = Stopwatch.GetTimestamp();
        var report = await reports.ReportAsync(query, Viewer, ct) ?? throw new InvalidOperationException($"No org unit {unit}.");
        var coldMs = Stopwatch.GetElapsedTime(cold).TotalMilliseconds;
        var app = new Timings();
        for (var i = 0; i < WarmUp + Rounds; i++)
        {
            if (i < WarmUp)
                report = (await reports.ReportAsync(query, Viewer, ct))!;
            else
                report = (await app.TimeAsync(() => reports.ReportAsync(query, Viewer, ct)))!;
        }

        // The downloads: the same question, then the file written (what /council/reports/usage.csv and .pdf do after sign-in).
        var csv = new Timings();
        var pdf = new Timings();
        var (csvBytes, pdfBytes) = (0, 0);
        for (var i = 0; i < 10; i++)
        {
            csvBytes = (await csv.TimeAsync(async () => UsageReportCsv.Write((await reports.ReportAsync(query, Viewer, ct))!))).Length;
            pdfBytes = (await pdf.TimeAsync(async () => UsageReportPdf.Write((await reports.ReportAsync(query, Viewer, ct))!, DateTime.UtcNow))).Length;
        }

        await using var raw = new NpgsqlCommand("""
            WITH RECURSIVE units AS (
                SELECT id FROM org_units WHERE (@unit::text IS NULL AND parent_id IS NULL) OR id = @unit
                UNION SELECT o.id FROM org_units o JOIN units u ON o.parent_id = u.id)
            SELECT count(*), count(*) FILTER (WHERE r.purposes & 1 <> 0), count(*) FILTER (WHERE r.purposes & 2 <> 0),
                   count(*) FILTER (WHERE r.purposes & 4 <> 0)
            FROM capture_records r
            JOIN employees e ON e.id = r.employee_id
            WHERE r.captured_at >= @first AND r.captured_at < @next AND e.org_unit_id IN (SELECT id FROM units)
            """, connection) { CommandTimeout = 0 };
        raw.Parameters.AddWithValue("unit", NpgsqlTypes.NpgsqlDbType.Text, (object?)unit ?? DBNull.Value);
        raw.Parameters.AddWithValue("first", firstWeek);
        raw.Parameters.AddWithValue("next", lastWeek.AddDays(7));
        // At ten million records the scan takes minutes: once is enough to know where it stands.
        var rawRounds = run.Store.Records > 2_000_000 ? 1 : 3;
        var baseline = new Timings();
        long[] counted = [];
        for (var i = 0; i < rawRounds; i++)
        {
            await baseline.TimeAsync(async () =>
            {
                await using var reader = await raw.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                counted = [reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)];
            });
        }

        long[] reported =
        [
            report.Total[UsageMeasure.Records].Value, report.Total[UsageMeasure.FeedsOperations].Value,
            report.Total[UsageMeasure.FeedsProduct].Value, report.Total[UsageMeasure.FeedsTraining].Value,
        ];
        var hidden = report.SubUnits.Count(r => !r.Figures[UsageMeasure.Records].Shown);
        details.Add($"{(unit is null ? "whole organisation" : $"org unit {unit} and the units below it")}, {report.Weeks} whole weeks from {firstWeek:yyyy-MM-dd}: " +
                    $"{reported[0]:N0} records; {report.SubUnits.Count} sub-units ({hidden} with their records figure suppressed), {report.Kinds.Count} kinds, {report.Trend.Count} weeks of trend");
        details.Add($"first call (plans every week of the period): {coldMs:N1} ms");
        details.Add(app.Describe("UsageReportService.ReportAsync (reads the rollup, plans reused)"));
        details.Add(csv.Describe($"the report and its CSV ({csvBytes / 1024.0:N0} KB)"));
        details.Add(pdf.Describe($"the report and its PDF ({pdfBytes / 1024.0:N0} KB)"));
        details.Add(baseline.Describe("raw GROUP BY over capture_records ⋈ employees (records and each purpose, from the records)") + " — run only a few times");
        details.Add(reported.SequenceEqual(counted)
            ? $"Same totals: {counted[0]:N0} records, {counted[1]:N0} / {counted[2]:N0} / {counted[3]:N0} feeding operations / product / training on both sides."
            : $"MISMATCH: the report has {string.Join(" / ", reported.Select(v => v.ToString("N0")))}; the records give {string.Join(" / ", counted.Select(v => v.ToString("N0")))}.");

        return MeasurementResult.Latency(Name + " p95", app.P95, baseline.P95, double.NaN, 200, details);
    }
}
