using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Transparency.SampleClient;

public enum BatchFormat { Ndjson, Json }

/// <summary>What the server said about the records sent.</summary>
public sealed record CaptureReport(
    int Batches, int Accepted, int Duplicates, int ReplayedBatches, IReadOnlyList<Guid> AcceptedIds, Problem? Refusal, int? RefusedBatch)
{
    public bool Succeeded => Refusal is null;
}

/// <summary>
/// The capture pipeline's side of <c>POST /api/v1/capture-records</c>: records in batches, one
/// Idempotency-Key per batch that every retry of that batch repeats. The server writes a batch all or
/// nothing and answers only after commit, so a batch whose answer was lost is simply sent again: either
/// it was never written, or the server replays its first answer.
/// </summary>
public sealed class CapturePipeline(HttpClient http, TextWriter log, RetryOptions? retry = null)
{
    public const string Path = "api/v1/capture-records";

    private readonly RetryingSender _sender = new(http, log, retry);

    public async Task<CaptureReport> SendAsync(IReadOnlyList<JsonObject> records, int batchSize, BatchFormat format, CancellationToken ct = default)
    {
        var batches = records.Chunk(batchSize).ToList();
        int accepted = 0, duplicates = 0, replayed = 0;
        var acceptedIds = new List<Guid>();
        for (var b = 0; b < batches.Count; b++)
        {
            var batch = batches[b];
            var body = format == BatchFormat.Ndjson
                ? Encoding.UTF8.GetBytes(string.Concat(batch.Select(r => r.ToJsonString() + "\n")))
                : Encoding.UTF8.GetBytes(new JsonArray(batch.Select(r => (JsonNode?)r.DeepClone()).ToArray()).ToJsonString());
            // Unique per batch, and the same on every attempt of this batch.
            var key = $"batch-{Guid.NewGuid():N}";
            var label = $"batch {b + 1}/{batches.Count} ({batch.Length} records, Idempotency-Key {key})";

            using var response = await _sender.SendAsync(() =>
            {
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue(format == BatchFormat.Ndjson ? "application/x-ndjson" : "application/json");
                var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
                request.Headers.Add("Idempotency-Key", key);
                return request;
            }, ct);

            if (!response.IsSuccessStatusCode)
            {
                var problem = await Problem.ReadAsync(response, ct);
                log.WriteLine($"{label}: refused, {problem}");
                foreach (var error in problem.Errors)
                    log.WriteLine($"  record {b * batchSize + error.Index} (index {error.Index} in the batch), {error.Field ?? "-"}: {error.Message}");
                log.WriteLine((int)response.StatusCode < 500
                    ? "  Nothing of this batch was written; batches after it were not sent."
                    : $"  The server kept failing; send the batch again later with Idempotency-Key {key}. Batches after it were not sent.");
                return new CaptureReport(b, accepted, duplicates, replayed, acceptedIds, problem, b + 1);
            }

            var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
            var isReplay = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true");
            accepted += answer.GetProperty("accepted").GetInt32();
            duplicates += answer.GetProperty("duplicates").GetInt32();
            replayed += isReplay ? 1 : 0;
            acceptedIds.AddRange(answer.GetProperty("records").EnumerateArray()
                .Where(r => r.GetProperty("status").GetString() == "accepted")
                .Select(r => r.GetProperty("id").GetGuid()));
            log.WriteLine($"{label}: {answer.GetProperty("accepted").GetInt32()} accepted, {answer.GetProperty("duplicates").GetInt32()} duplicates" +
                (isReplay ? " (a retry: the server replayed its first answer)" : ""));
        }
        return new CaptureReport(batches.Count, accepted, duplicates, replayed, acceptedIds, null, null);
    }
}
