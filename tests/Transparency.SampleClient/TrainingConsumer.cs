using System.Text.Json;

namespace Transparency.SampleClient;

/// <summary>What one run of the training consumer did.</summary>
public sealed record TrainingSyncReport(int Pages, int Exported, int Stored, int Revocations, int Removed);

/// <summary>
/// The training pipeline's side of the export: follows <c>/api/v1/training/records</c> page by page with
/// <c>after</c> and <c>X-Next-Cursor</c> into the local dataset, then reads
/// <c>/api/v1/training/revocations</c> from its own cursor and purges every revoked record from the
/// dataset. Both cursors are kept, so the next run continues where this one stopped. The feed lists only what
/// this client took, and never says why a record was revoked: every line means "purge your copy".
/// </summary>
public sealed class TrainingConsumer(HttpClient http, TrainingDataset dataset, TextWriter log, RetryOptions? retry = null)
{
    public const string RecordsPath = "api/v1/training/records";
    public const string RevocationsPath = "api/v1/training/revocations";

    private readonly RetryingSender _sender = new(http, log, retry);

    public async Task<TrainingSyncReport> SyncAsync(int limit = 1000, CancellationToken ct = default)
    {
        var (pages, exported, stored) = await FollowExportAsync(limit, ct);
        var (revocations, removed) = await PurgeRevokedAsync(limit, ct);
        return new TrainingSyncReport(pages, exported, stored, revocations, removed);
    }

    private async Task<(int Pages, int Exported, int Stored)> FollowExportAsync(int limit, CancellationToken ct)
    {
        int pages = 0, exported = 0, stored = 0;
        var cursor = dataset.ReadCursor(TrainingDataset.RecordsCursor);
        log.WriteLine(cursor is null ? "Export: from the beginning" : $"Export: resuming after {cursor}");
        while (true)
        {
            var (lines, next, resume) = await PageAsync(RecordsPath, cursor, limit, ct);
            pages++;
            exported += lines.Count;
            stored += await dataset.AppendAsync(lines, ct);
            // X-Next-Cursor is absent on the last page; X-Resume-Cursor is where to poll from next time.
            cursor = next ?? resume ?? cursor;
            if (cursor is not null)
                dataset.WriteCursor(TrainingDataset.RecordsCursor, cursor);
            log.WriteLine($"  page {pages}: {lines.Count} records");
            if (next is null)
                break;
        }
        return (pages, exported, stored);
    }

    private async Task<(int Revocations, int Removed)> PurgeRevokedAsync(int limit, CancellationToken ct)
    {
        int revocations = 0, removed = 0;
        var cursor = dataset.ReadCursor(TrainingDataset.RevocationsCursor);
        log.WriteLine(cursor is null ? "Revocations: from the beginning" : $"Revocations: resuming after {cursor}");
        while (true)
        {
            var (lines, next, resume) = await PageAsync(RevocationsPath, cursor, limit, ct);
            var revoked = new HashSet<RecordKey>();
            foreach (var line in lines)
            {
                var json = JsonDocument.Parse(line).RootElement;
                revoked.Add(new RecordKey(json.GetProperty("employeeId").GetString()!, json.GetProperty("recordId").GetGuid()));
            }
            revocations += lines.Count;
            // Purged before the cursor moves: a crash in between purges again, which changes nothing.
            removed += await dataset.RemoveAsync(revoked, ct);
            cursor = next ?? resume ?? cursor;
            if (cursor is not null)
                dataset.WriteCursor(TrainingDataset.RevocationsCursor, cursor);
            if (next is null)
                break;
        }
        log.WriteLine($"  {revocations} revocations, {removed} records removed from the dataset");
        return (revocations, removed);
    }

    private async Task<(List<string> Lines, string? Next, string? Resume)> PageAsync(string path, string? after, int limit, CancellationToken ct)
    {
        var url = $"{path}?limit={limit}" + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
        using var response = await _sender.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), ct);
        if (!response.IsSuccessStatusCode)
            throw new ExportRefusedException(await Problem.ReadAsync(response, ct));
        var body = await response.Content.ReadAsStringAsync(ct);
        return (body.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList(),
            Header(response, "X-Next-Cursor"), Header(response, "X-Resume-Cursor"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>The export answered with a problem that asking again will not fix (a bad key, a missing scope, a bad cursor).</summary>
public sealed class ExportRefusedException(Problem problem) : Exception(problem.ToString())
{
    public Problem Problem { get; } = problem;
}
