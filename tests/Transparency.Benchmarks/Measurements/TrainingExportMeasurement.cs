using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using Npgsql;
using Transparency.Benchmarks.Harness;
using Transparency.Benchmarks.Store;
using Transparency.Core.TrainingExport;

namespace Transparency.Benchmarks.Measurements;

/// <summary>
/// b. Training export: <c>GET /api/v1/training/records</c> page by page (following <c>X-Next-Cursor</c>)
/// for the first <paramref name="limit"/> eligible records in arrival order, against
/// <c>COPY (SELECT … the same records with their content …) TO STDOUT</c>. Both sides fold the record ids
/// into an order-independent checksum, so the check is that they carried the same records, not only as many.
/// </summary>
public sealed class TrainingExportMeasurement(int limit, int pageSize) : IMeasurement
{
    /// <summary>
    /// DESIGN rule 1 written by hand from Core/Policies/TrainingEligibility.cs, as the export applies it at
    /// <c>@now</c>: feeds ModelTraining (bit 4); not deleted, redacted or purged; not withheld by the record's
    /// decision (training_choice 1); no active standing rule of the employee matches; no open flag; no tag that
    /// withholds by default (all four: 15) unless the employee released the record (training_choice 2) and it was not
    /// typed into a password field (1), which no release lifts (ADR 0003); captured
    /// inside the ModelTraining retention; and received before the export's settle window (5 s).
    /// </summary>
    public const string Eligible = """
        (r.purposes & 4) <> 0
        AND r.deleted_at IS NULL AND r.redacted_at IS NULL AND r.purged_at IS NULL
        AND r.training_choice <> 1
        AND NOT EXISTS (
            SELECT 1 FROM standing_rules s
            WHERE s.employee_id = r.employee_id AND s.removed_at IS NULL
              AND (s.kind IS NULL OR s.kind = r.kind)
              AND (s.application IS NULL OR s.application = r.application)
              AND (s.site IS NULL OR s.site = r.site)
              AND (s.captured_from IS NULL OR r.captured_at >= s.captured_from)
              AND (s.captured_before IS NULL OR r.captured_at < s.captured_before))
        AND NOT r.has_open_flag
        AND ((r.sensitivity & 15) = 0 OR (r.training_choice = 2 AND (r.sensitivity & 1) = 0))
        AND r.captured_at >= @now - make_interval(days => (SELECT retention_days FROM purposes WHERE id = 4))
        AND r.received_at < @now - interval '5 seconds'
        """;

    private const int SettleSeconds = 5;

    /// <summary>Pages exported before the measured ones.</summary>
    private const int WarmUpPages = 10;

    public string Name => "Training export (GET /api/v1/training/records)";

    public async Task<MeasurementResult> RunAsync(BenchmarkRun run, CancellationToken ct)
    {
        // Let everything ingested before now leave the export's settle window.
        await Task.Delay(TimeSpan.FromSeconds(SettleSeconds + 2), ct);
        var now = DateTime.UtcNow;
        long eligible;
        await using (var connection = await run.OpenAsync(ct))
        await using (var count = new NpgsqlCommand($"SELECT count(*) FROM capture_records r WHERE {Eligible}", connection) { CommandTimeout = 0 })
        {
            count.Parameters.AddWithValue("now", now);
            eligible = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        // Warm-up: the first pages in arrival order, exported like any other (batches, receipts, access log), so the
        // app's code has been through tiered compilation before the clock starts: a freshly started app spends most
        // of its CPU in the JIT for its first half minute. The measured pages and the baseline start after them.
        using var http = run.TrainingClient();
        var warmUp = new IdChecksum();
        string? cursor = null;
        for (var i = 0; i < WarmUpPages && warmUp.Count < eligible / 2; i++)
            cursor = (await PageAsync(http, cursor, pageSize, warmUp, ct)).Next ?? cursor;
        // The app's cursors are sealed; the baseline continues from the last record the warm-up took.
        if (cursor is null || warmUp.Last is not { } last)
            throw new InvalidOperationException("The warm-up pages returned no cursor to measure from.");
        ExportCursor from;
        await using (var connection = await run.OpenAsync(ct))
        await using (var position = new NpgsqlCommand("SELECT received_at, employee_id FROM capture_records WHERE id = @id", connection))
        {
            position.Parameters.AddWithValue("id", last);
            await using var row = await position.ExecuteReaderAsync(ct);
            if (!await row.ReadAsync(ct))
                throw new InvalidOperationException($"The warm-up's last record {last} is not in the store.");
            from = new ExportCursor(DateTime.SpecifyKind(row.GetDateTime(0), DateTimeKind.Utc), row.GetString(1), last);
        }

        var target = (int)Math.Min(eligible - warmUp.Count, limit);
        BenchmarkRun.Log($"Training export: {eligible:N0} records eligible; {warmUp.Count:N0} exported to warm up; " +
                         $"reading the next {target:N0} in arrival order, pages of {pageSize:N0}");
        var details = new List<string>
        {
            $"{eligible:N0} records eligible (raw count); the first {warmUp.Count:N0} in arrival order exported as warm-up; " +
            $"both paths then read the next {target:N0} in arrival order",
        };

        await PgStatStatements.ResetAsync(run, ct);
        var cpu = await CpuMeter.StartAsync(run, ct);
        var timings = new Timings();
        var app = new IdChecksum();
        long bytes = 0;
        var started = Stopwatch.GetTimestamp();
        while (app.Count < target)
        {
            var take = Math.Min(pageSize, target - (int)app.Count);
            var page = await timings.TimeAsync(() => PageAsync(http, cursor, take, app, ct));
            bytes += page.Bytes;
            cursor = page.Next;
            if (cursor is null)
                break;
        }
        var appElapsed = Stopwatch.GetElapsedTime(started);
        var appRate = app.Count / appElapsed.TotalSeconds;
        details.Add($"API: {app.Count:N0} records ({bytes / 1024.0 / 1024.0:N0} MB NDJSON) in {appElapsed.TotalSeconds:N1} s = {appRate:N0} records/s; " +
                    timings.Describe($"page of up to {pageSize:N0}"));
        details.Add(cpu.Describe(app.Count));
        details.AddRange(await PgStatStatements.TopAsync(run, "PostgreSQL time during the API export", appElapsed, ct));

        var raw = new IdChecksum();
        long rawChars = 0;
        cpu = await CpuMeter.StartAsync(run, ct);
        started = Stopwatch.GetTimestamp();
        await using (var connection = await run.OpenAsync(ct))
        {
            // Literal time: COPY takes no parameters.
            var at = $"'{now:yyyy-MM-dd HH:mm:ss.ffffff}+00'::timestamptz";
            var sql = $"""
                COPY (
                    SELECT r.id, r.employee_id, r.captured_at, r.received_at, r.kind, r.device_id, r.application, r.site, r.source_agent,
                           r.summary, r.sensitivity, r.purposes, c.json, c.snapshot, c.snapshot_media_type
                    FROM capture_records r
                    LEFT JOIN capture_contents c ON c.employee_id = r.employee_id AND c.record_id = r.id
                    WHERE {Eligible.Replace("@now", at, StringComparison.Ordinal)}
                      AND (r.received_at, r.employee_id, r.id) > ('{from.ReceivedAt:yyyy-MM-dd HH:mm:ss.ffffff}+00'::timestamptz, '{from.EmployeeId}', '{from.Id}')
                    ORDER BY r.received_at, r.employee_id, r.id
                    LIMIT {target}
                ) TO STDOUT
                """;
            using var reader = await connection.BeginTextExportAsync(sql, ct);
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                rawChars += line.Length + 1;
                raw.Add(Guid.Parse(line.AsSpan(0, 36)));
            }
        }
        var rawElapsed = Stopwatch.GetElapsedTime(started);
        var rawRate = raw.Count / rawElapsed.TotalSeconds;
        details.Add($"COPY TO STDOUT (text): {raw.Count:N0} records ({rawChars / 1024.0 / 1024.0:N0} MB) in {rawElapsed.TotalSeconds:N1} s = {rawRate:N0} records/s");
        details.Add(cpu.Describe(raw.Count));
        details.Add(app.Count == raw.Count && app.Sum == raw.Sum
            ? $"Same records: both paths returned {app.Count:N0} records with the same id checksum."
            : $"MISMATCH: the API returned {app.Count:N0} records (checksum {app.Sum:x16}), raw SQL {raw.Count:N0} (checksum {raw.Sum:x16}).");

        return new MeasurementResult(Name, appRate, rawRate, "records/s", 0.5, null, details);
    }

    private sealed record Page(long Bytes, string? Next);

    /// <summary>Reads one NDJSON page, folding the id at the start of each line (<c>{"id":"…"</c>) into the checksum.</summary>
    private static async Task<Page> PageAsync(HttpClient http, string? cursor, int take, IdChecksum ids, CancellationToken ct)
    {
        var uri = $"api/v1/training/records?limit={take}" + (cursor is null ? "" : $"&after={Uri.EscapeDataString(cursor)}");
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"The export answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        var next = response.Headers.TryGetValues("X-Next-Cursor", out var values) ? values.FirstOrDefault() : null;
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[1 << 16];
        var head = new byte[43];
        var headLength = 0; // bytes of the current line's head collected; -1 once its id is read
        long bytes = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            bytes += read;
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b == (byte)'\n')
                {
                    headLength = 0;
                    continue;
                }
                if (headLength < 0)
                    continue;
                head[headLength++] = b;
                if (headLength == head.Length)
                {
                    if (!head.AsSpan(0, 7).SequenceEqual("{\"id\":\""u8) || !Utf8Parser.TryParse(head.AsSpan(7), out Guid id, out _))
                        throw new InvalidOperationException("An export line does not start with its id.");
                    ids.Add(id);
                    headLength = -1;
                }
            }
        }
        return new Page(bytes, next);
    }

    /// <summary>Count and an order-independent sum of record ids.</summary>
    private sealed class IdChecksum
    {
        public long Count { get; private set; }
        public ulong Sum { get; private set; }
        public Guid? Last { get; private set; }

        public void Add(Guid id)
        {
            Span<byte> b = stackalloc byte[16];
            id.TryWriteBytes(b);
            Sum += BitConverter.ToUInt64(b[..8]) ^ BitConverter.ToUInt64(b[8..]);
            Count++;
            Last = id;
        }
    }
}
