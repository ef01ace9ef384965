using System.Text.Json;
using System.Text.Json.Nodes;

namespace Transparency.SampleClient;

/// <summary>Capture records as capture software on a work machine produces them, and the NDJSON files that hold them.</summary>
public static class SampleRecords
{
    private static readonly string[] Words = ["Thanks", "see", "you", "tomorrow", "the", "report", "is", "attached", "please", "review"];

    /// <summary>
    /// <paramref name="count"/> records for one employee over the last minutes: keystrokes, clicks,
    /// pointer paths and focus times in Outlook, all feeding operational telemetry and model training.
    /// </summary>
    public static List<JsonObject> For(string employeeId, int count, DateTimeOffset now)
    {
        var records = new List<JsonObject>(count);
        for (var i = 0; i < count; i++)
        {
            // Oldest first and never in the future: the server refuses capture times beyond its clock skew.
            var capturedAt = now.AddSeconds(-10 * (count - i));
            var (kind, content) = (i % 4) switch
            {
                0 => ("keystrokes", Typed(i)),
                1 => ("click", new JsonObject
                {
                    ["x"] = 640 + i, ["y"] = 412, ["button"] = "left", ["target"] = new JsonObject { ["role"] = "button", ["name"] = "Send" },
                }),
                2 => ("pointerTrajectory", new JsonObject
                {
                    ["points"] = new JsonArray(new JsonArray(10, 10, 0), new JsonArray(50 + i, 40, 120), new JsonArray(110, 90 + i, 260)),
                    ["screen"] = new JsonObject { ["w"] = 1920, ["h"] = 1080 },
                }),
                _ => ("appFocus", new JsonObject { ["durationMs"] = 30_000 + i * 1_000, ["windowTitle"] = "Inbox – Outlook" }),
            };
            records.Add(new JsonObject
            {
                ["id"] = Guid.CreateVersion7(capturedAt).ToString(),
                ["employeeId"] = employeeId,
                ["capturedAt"] = capturedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                ["kind"] = kind,
                ["deviceId"] = "LT-4411",
                ["application"] = "Outlook",
                ["site"] = "mail.example.com",
                ["purposes"] = new JsonArray("operationalTelemetry", "modelTraining"),
                ["source"] = "sample-capture/1.0",
                ["content"] = content,
            });
        }
        return records;
    }

    private static JsonObject Typed(int i)
    {
        var text = string.Join(' ', Enumerable.Range(i, 4).Select(w => Words[w % Words.Length]));
        return new JsonObject { ["text"] = text, ["keyCount"] = text.Length, ["durationMs"] = text.Length * 180 };
    }

    public static async Task SaveAsync(string path, IEnumerable<JsonObject> records, CancellationToken ct) =>
        await File.WriteAllLinesAsync(path, records.Select(r => r.ToJsonString()), ct);

    public static async Task<List<JsonObject>> LoadAsync(string path, CancellationToken ct) =>
        (await File.ReadAllLinesAsync(path, ct))
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => JsonNode.Parse(line) as JsonObject ?? throw new JsonException($"{path}: every line must be one JSON object."))
            .ToList();
}
