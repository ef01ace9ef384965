using Npgsql;
using Transparency.Benchmarks.Harness;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;

namespace Transparency.Benchmarks.Measurements;

/// <summary>
/// c. An employee's records page as <c>/my/records</c> loads it: <see cref="RecordQueryService.PageAsync"/> (50 rows,
/// newest first, keyset cursor) for a heavy employee, the first page or the page 50 pages deep (reached by walking
/// 50 pages with the real cursor), with or without a filter, against a hand-written keyset query returning the
/// same rows with the same information: every column the page shows and which eligibility clauses each row fails. The counts the page shows beside the list
/// (<see cref="RecordQueryService.CountAsync"/>) are timed as a detail.
/// </summary>
public sealed class RecordsPageMeasurement(bool deep, bool filtered) : IMeasurement
{
    public const int PageSize = 50;
    private const int Depth = 50;
    private const int WarmUp = 60;
    private const int CountWarmUp = 5;
    private const int Rounds = 60;

    /// <summary>The filter a person would set: their keystrokes of the last 60 days.</summary>
    public static RecordFilter Filter(DateTime now) => new() { Kinds = [CaptureKind.Keystrokes], From = DateOnly.FromDateTime(now.AddDays(-60)) };

    public string Name => $"Records page, {(deep ? $"{Depth} pages deep" : "first page")}, {(filtered ? "filtered" : "no filter")} (RecordQueryService.PageAsync)";

    public async Task<MeasurementResult> RunAsync(BenchmarkRun run, CancellationToken ct)
    {
        var employee = run.Store.HeavyEmployees.FirstOrDefault()
            ?? throw new InvalidOperationException("The records page measurement needs a heavy employee (--heavy-employees ≥ 1).");
        var id = new EmployeeId(employee);
        var now = DateTime.UtcNow;
        var filter = filtered ? Filter(now) : RecordFilter.All;
        var records = run.Core<RecordQueryService>();
        var details = new List<string>();

        RecordCursor? cursor = null;
        if (deep)
        {
            for (var i = 0; i < Depth && (i == 0 || cursor is not null); i++)
                cursor = (await records.PageAsync(id, filter, cursor, PageSize, ct)).Next;
            if (cursor is null)
                throw new InvalidOperationException($"{employee} has fewer than {Depth + 1} pages of records matching the filter.");
        }
        var counts = await records.CountAsync(id, filter, ct);
        details.Add($"employee {employee}: {counts.Total:N0} records match ({(filtered ? "kind Keystrokes, captured from " + filter.From!.Value.ToString("yyyy-MM-dd") : "no filter")}); " +
                    $"page of {PageSize}{(cursor is null ? ", first page" : $", after {Depth} pages (cursor {cursor.CapturedAt:yyyy-MM-dd HH:mm:ss})")}");

        await using var connection = await run.OpenAsync(ct);
        await using var raw = new NpgsqlCommand(RawSql(filtered, cursor is not null), connection);
        raw.Parameters.AddWithValue("employee", employee);
        raw.Parameters.AddWithValue("now", now);
        raw.Parameters.AddWithValue("size", PageSize);
        raw.Parameters.AddWithValue("kind", (int)CaptureKind.Keystrokes);
        raw.Parameters.AddWithValue("from", filter.From is { } f ? f.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : DateTime.MinValue);
        raw.Parameters.AddWithValue("after_at", cursor?.CapturedAt ?? DateTime.MaxValue);
        raw.Parameters.AddWithValue("after_id", cursor?.Id ?? Guid.Empty);
        await raw.PrepareAsync(ct);

        IReadOnlyList<(Guid Id, IneligibilityReasons Reasons)> appRows = [], rawRows = [];
        var (app, baseline) = await Timings.AlternateAsync(WarmUp, Rounds,
            async () => appRows = (await records.PageAsync(id, filter, cursor, PageSize, ct)).Rows.Select(r => (r.Id, r.Reasons)).ToList(),
            async () => rawRows = await ReadRowsAsync(raw, ct));
        details.Add(app.Describe($"RecordQueryService.PageAsync ({PageSize} rows)"));
        details.Add(baseline.Describe("raw keyset SELECT (same columns and ineligibility reasons, prepared)"));
        details.Add(appRows.SequenceEqual(rawRows)
            ? $"Same rows: both returned the same {appRows.Count} records in the same order with the same ineligibility reasons " +
              $"({appRows.Count(r => r.Reasons == IneligibilityReasons.None)} eligible)."
            : $"MISMATCH: the app returned {appRows.Count} records, raw SQL {rawRows.Count}; first difference at {appRows.Zip(rawRows).TakeWhile(p => p.First == p.Second).Count()}.");

        var countTimings = new Timings();
        for (var i = 0; i < CountWarmUp + 20; i++)
        {
            if (i < CountWarmUp)
                await records.CountAsync(id, filter, ct);
            else
                await countTimings.TimeAsync(() => records.CountAsync(id, filter, ct));
        }
        details.Add(countTimings.Describe("the counts beside the list (RecordQueryService.CountAsync, same filter)"));

        return MeasurementResult.Latency(Name + " p95", app.P95, baseline.P95, 1.5, 20, details);
    }

    /// <summary>
    /// The page by hand: the filter, the keyset condition, and for each row which clauses of the eligibility rule it
    /// fails, as the page shows them (the rule's clauses as <see cref="TrainingExportMeasurement.Eligible"/> writes
    /// them, without the export's settle window, which is no part of the rule). The retention is subtracted as
    /// hours: a day of the register is 24 of them whatever the session's time zone.
    /// </summary>
    private static string RawSql(bool filtered, bool after) => $"""
        SELECT r.id, r.captured_at, r.kind, r.application, r.site, r.summary, r.purposes, r.sensitivity, r.training_choice,
               r.has_open_flag, r.deleted_at, r.redacted_at, r.purged_at,
               CASE WHEN (r.purposes & {(int)Purposes.ModelTraining}) <> 0 THEN 0 ELSE {(int)IneligibilityReasons.NotForTraining} END
               | CASE WHEN r.deleted_at IS NULL THEN 0 ELSE {(int)IneligibilityReasons.Deleted} END
               | CASE WHEN r.redacted_at IS NULL THEN 0 ELSE {(int)IneligibilityReasons.Redacted} END
               | CASE WHEN r.purged_at IS NULL THEN 0 ELSE {(int)IneligibilityReasons.Purged} END
               | CASE WHEN r.training_choice <> {(int)TrainingChoice.Withheld} THEN 0 ELSE {(int)IneligibilityReasons.WithheldByRecord} END
               | CASE WHEN NOT EXISTS (
                     SELECT 1 FROM standing_rules s
                     WHERE s.employee_id = r.employee_id AND s.removed_at IS NULL
                       AND (s.kind IS NULL OR s.kind = r.kind)
                       AND (s.application IS NULL OR s.application = r.application)
                       AND (s.site IS NULL OR s.site = r.site)
                       AND (s.captured_from IS NULL OR r.captured_at >= s.captured_from)
                       AND (s.captured_before IS NULL OR r.captured_at < s.captured_before)) THEN 0 ELSE {(int)IneligibilityReasons.WithheldByRule} END
               | CASE WHEN NOT r.has_open_flag THEN 0 ELSE {(int)IneligibilityReasons.Quarantined} END
               | CASE WHEN (r.sensitivity & {(int)SensitivityTagsExtensions.WithholdByDefault}) = 0
                           OR (r.training_choice = {(int)TrainingChoice.Released} AND (r.sensitivity & {(int)SensitivityTagsExtensions.NeverReleasable}) = 0) THEN 0
                      ELSE {(int)IneligibilityReasons.SensitiveContext} END
               | CASE WHEN r.captured_at >= @now - make_interval(hours => 24 * (SELECT retention_days FROM purposes WHERE id = {(int)Purposes.ModelTraining}))
                      THEN 0 ELSE {(int)IneligibilityReasons.OutsideRetention} END AS reasons
        FROM capture_records r
        WHERE r.employee_id = @employee
          {(filtered ? "AND r.kind = @kind AND r.captured_at >= @from" : "")}
          {(after ? "AND (r.captured_at, r.id) < (@after_at, @after_id)" : "")}
        ORDER BY r.captured_at DESC, r.id DESC
        LIMIT @size
        """;

    /// <summary>Reads every column of every row, as the app materialises them; keeps the id and the reasons to compare.</summary>
    private static async Task<IReadOnlyList<(Guid, IneligibilityReasons)>> ReadRowsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var rows = new List<(Guid, IneligibilityReasons)>(PageSize);
        var values = new object[14];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            reader.GetValues(values);
            rows.Add((reader.GetGuid(0), (IneligibilityReasons)reader.GetInt32(13)));
        }
        return rows;
    }
}
