using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Transparency.Benchmarks.Harness;
using Transparency.Benchmarks.Store;
using Transparency.Core.EventStore;

namespace Transparency.Benchmarks.Measurements;

/// <summary>
/// a. Ingestion: <c>POST /api/v1/capture-records</c> with JSON arrays of <paramref name="batchSize"/> records
/// from <paramref name="clients"/> concurrent clients against the running app, against the same number of
/// equivalent rows (records and contents, fresh ids) written by one binary COPY per table on one connection.
/// </summary>
public sealed class IngestionMeasurement(int records, int batchSize, int clients, int employeesPerBatch) : IMeasurement
{
    public string Name => "Ingestion (POST /api/v1/capture-records)";

    public async Task<MeasurementResult> RunAsync(BenchmarkRun run, CancellationToken ct)
    {
        var details = new List<string>();
        List<string> employees;
        await using (var connection = await run.OpenAsync(ct))
            employees = (await StoreGenerator.Rows(connection, "SELECT id FROM employees ORDER BY id", ct)).Select(r => (string)r[0]).ToList();

        var now = DateTime.UtcNow;
        // Enough for the app's code to go through tiered compilation before the clock starts.
        var warmUpBatches = clients * 10;
        var all = CaptureItems.Batches(employees, records + warmUpBatches * batchSize, batchSize, employeesPerBatch, now, seed: 20261127);
        var warmUp = all.Take(warmUpBatches).ToList();
        var timed = all.Skip(warmUpBatches).ToList();
        var bodies = timed.Select(CaptureItems.Json).ToList();
        var bytes = bodies.Sum(b => (long)b.Length);
        BenchmarkRun.Log($"Ingestion: {timed.Count:N0} batches of {batchSize:N0} records ({bytes / 1024.0 / 1024.0:N0} MB of JSON), {clients} clients, " +
                         $"{employeesPerBatch} employees per batch; warm-up {warmUpBatches} batches");

        using var http = run.CaptureClient();
        foreach (var batch in warmUp)
            await PostAsync(http, CaptureItems.Json(batch), batch.Count, ct);

        await PgStatStatements.ResetAsync(run, ct);
        var cpu = await CpuMeter.StartAsync(run, ct);
        var timings = new Timings();
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Count)
            {
                var body = bodies[i];
                var count = timed[i].Count;
                await timings.TimeAsync(() => PostAsync(http, body, count, ct));
            }
        }, ct)));
        var apiElapsed = Stopwatch.GetElapsedTime(started);
        var apiRate = records / apiElapsed.TotalSeconds;
        details.Add($"API: {records:N0} records in {apiElapsed.TotalSeconds:N1} s = {apiRate:N0} records/s; " +
                    $"{timings.Describe($"request of {batchSize:N0} records")}; app working set {run.App.WorkingSetBytes / 1024 / 1024:N0} MB");
        details.Add(cpu.Describe(records));
        details.AddRange(await PgStatStatements.TopAsync(run, "PostgreSQL time during API ingestion", apiElapsed, ct));

        // The baseline: the same records, fresh ids, as the rows ingestion writes, copied in one transaction.
        var rows = timed.SelectMany(b => b).Select(CaptureItems.WithFreshId).ToList();
        var hashes = rows.Select(CaptureItems.Hash).ToList();
        var receivedAt = DateTime.UtcNow;
        cpu = await CpuMeter.StartAsync(run, ct);
        started = Stopwatch.GetTimestamp();
        await using (var connection = await run.OpenAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await using (var importer = await connection.BeginBinaryImportAsync(
                "COPY capture_records (employee_id, id, captured_at, received_at, kind, device_id, application, site, source_agent, summary, " +
                "sensitivity, purposes, training_choice, has_open_flag, deleted_at, redacted_at, purged_at, last_decision_id, " +
                "previous_training_choice, ingest_hash) FROM STDIN (FORMAT BINARY)", ct))
            {
                for (var k = 0; k < rows.Count; k++)
                {
                    var r = rows[k];
                    await importer.StartRowAsync(ct);
                    await importer.WriteAsync(r.EmployeeId, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(r.Id, NpgsqlDbType.Uuid, ct);
                    await importer.WriteAsync(r.CapturedAt, NpgsqlDbType.TimestampTz, ct);
                    await importer.WriteAsync(receivedAt, NpgsqlDbType.TimestampTz, ct);
                    await importer.WriteAsync((int)r.Kind, NpgsqlDbType.Integer, ct);
                    await importer.WriteAsync(r.DeviceId, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(r.Application, NpgsqlDbType.Text, ct);
                    if (r.Site is null) await importer.WriteNullAsync(ct); else await importer.WriteAsync(r.Site, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(CaptureItems.Source, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(r.Summary, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync((int)r.Sensitivity, NpgsqlDbType.Integer, ct);
                    await importer.WriteAsync((int)r.Purposes, NpgsqlDbType.Integer, ct);
                    await importer.WriteAsync((int)TrainingChoice.None, NpgsqlDbType.Integer, ct);
                    await importer.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                    await importer.WriteNullAsync(ct);
                    await importer.WriteNullAsync(ct);
                    await importer.WriteNullAsync(ct);
                    await importer.WriteNullAsync(ct);
                    await importer.WriteAsync((int)TrainingChoice.None, NpgsqlDbType.Integer, ct);
                    await importer.WriteAsync(hashes[k], NpgsqlDbType.Text, ct);
                }
                await importer.CompleteAsync(ct);
            }
            await using (var importer = await connection.BeginBinaryImportAsync(
                "COPY capture_contents (employee_id, record_id, json, snapshot, snapshot_media_type) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var r in rows)
                {
                    await importer.StartRowAsync(ct);
                    await importer.WriteAsync(r.EmployeeId, NpgsqlDbType.Text, ct);
                    await importer.WriteAsync(r.Id, NpgsqlDbType.Uuid, ct);
                    await importer.WriteAsync(r.StoredContentJson, NpgsqlDbType.Text, ct);
                    if (r.Snapshot is null)
                    {
                        await importer.WriteNullAsync(ct);
                        await importer.WriteNullAsync(ct);
                    }
                    else
                    {
                        await importer.WriteAsync(r.Snapshot, NpgsqlDbType.Bytea, ct);
                        await importer.WriteAsync("image/png", NpgsqlDbType.Text, ct);
                    }
                }
                await importer.CompleteAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }
        var copyElapsed = Stopwatch.GetElapsedTime(started);
        var copyRate = rows.Count / copyElapsed.TotalSeconds;
        details.Add($"COPY: {rows.Count:N0} records + contents in {copyElapsed.TotalSeconds:N1} s = {copyRate:N0} records/s " +
                    "(one connection, one transaction, binary COPY into capture_records then capture_contents, indexes in place)");
        details.Add(cpu.Describe(rows.Count));

        return new MeasurementResult(Name, apiRate, copyRate, "records/s", 0.5, 20_000, details);
    }

    private static async Task<bool> PostAsync(HttpClient http, byte[] body, int count, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync("api/v1/capture-records", content, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Ingestion answered {(int)response.StatusCode}: {text[..Math.Min(2000, text.Length)]}");
        using var json = JsonDocument.Parse(text);
        var accepted = json.RootElement.GetProperty("accepted").GetInt32();
        if (accepted != count)
            throw new InvalidOperationException($"Ingestion accepted {accepted} of {count} records.");
        return true;
    }
}
