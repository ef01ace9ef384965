using Npgsql;
using Transparency.Benchmarks.Harness;
using Transparency.Core.Disclosures;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Benchmarks.Measurements;

/// <summary>
/// g. HR's disclosure for the heaviest employee (100,000 records and more), everything held:
/// <see cref="DisclosureService.IssueAsync"/> reads what it states from one snapshot, writes the PDF, hashes it, and records
/// the issue, the access-log entry and the notice in one transaction. The baseline is the raw queries behind the figures,
/// prepared, run one after another: by kind × purpose set with eligibility by hand, by month × kind, the span and erase
/// dates of the content held, the sources, the training receipts and revocations, and the access log. It writes no PDF.
/// </summary>
public sealed class DisclosureMeasurement : IMeasurement
{
    private const int WarmUp = 2;
    private const int Rounds = 10;
    private static readonly DisclosureReader Hr = new("benchmark-hr", ActorRole.HR, "Benchmark of the disclosure download");

    public string Name => "HR disclosure, heavy employee (DisclosureService.IssueAsync)";

    public async Task<MeasurementResult> RunAsync(BenchmarkRun run, CancellationToken ct)
    {
        await using var connection = await run.OpenAsync(ct);
        var employee = run.Store.HeavyEmployees.FirstOrDefault() ?? throw new InvalidOperationException("No heavy employee in the store.");
        var disclosures = run.Core<DisclosureService>();
        var now = DateTime.UtcNow;

        string[] statements =
        [
            $"""
            SELECT r.kind, r.purposes, count(*), count(*) FILTER (WHERE {TrainingExportMeasurement.Eligible}), count(*) FILTER (WHERE r.deleted_at IS NOT NULL)
            FROM capture_records r WHERE r.employee_id = @employee GROUP BY r.kind, r.purposes
            """,
            "SELECT date_trunc('month', captured_at), kind, count(*) FROM capture_records WHERE employee_id = @employee GROUP BY 1, 2",
            """
            SELECT purposes, min(captured_at), max(captured_at), count(*) FROM capture_records
            WHERE employee_id = @employee AND deleted_at IS NULL AND redacted_at IS NULL AND purged_at IS NULL GROUP BY purposes
            """,
            """
            SELECT source_agent, device_id, count(*), min(captured_at), max(captured_at) FROM capture_records
            WHERE employee_id = @employee GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 20
            """,
            "SELECT count(DISTINCT record_id), count(DISTINCT export_batch_id) FROM export_receipts WHERE employee_id = @employee",
            "SELECT count(DISTINCT record_id) FROM revocations WHERE employee_id = @employee",
            "SELECT channel, count(*), max(at) FROM access_log WHERE employee_id = @employee GROUP BY channel",
        ];
        var commands = new List<NpgsqlCommand>();
        foreach (var sql in statements)
        {
            var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("employee", employee);
            command.Parameters.AddWithValue("now", now);
            await command.PrepareAsync(ct);
            commands.Add(command);
        }

        IssuedFile? file = null;
        var records = 0L;
        var (app, baseline) = await Timings.AlternateAsync(WarmUp, Rounds,
            async () => file = await disclosures.IssueAsync(new EmployeeId(employee), DisclosurePeriod.Everything, Hr, "https://transparency.example/verify", ct),
            async () =>
            {
                records = 0;
                foreach (var command in commands)
                {
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    var first = command == commands[0];
                    while (await reader.ReadAsync(ct))
                        if (first)
                            records += reader.GetInt64(2);
                }
            });
        foreach (var command in commands)
            await command.DisposeAsync();

        var details = new List<string>
        {
            $"employee {employee}: {records:N0} records, everything held; the PDF is {file!.Content.Length / 1024.0:N0} KB",
            app.Describe("DisclosureService.IssueAsync (figures, PDF, SHA-256, issue + access log + notice committed)"),
            baseline.Describe($"raw SQL: the {statements.Length} aggregate queries behind the figures, prepared, no PDF"),
            $"each call was a real download: {WarmUp + Rounds} access-log entries and notices for {employee} were written",
        };
        return MeasurementResult.Latency(Name + " p95", app.P95, baseline.P95, double.NaN, 2000, details);
    }
}
