using System.Text.Json;

namespace Transparency.SampleClient;

/// <summary>An RFC 9457 problem details answer, as every 4xx/5xx of the API is.</summary>
public sealed record Problem(int Status, string? Title, string? Detail, IReadOnlyList<ProblemItem> Errors)
{
    public static async Task<Problem> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            var json = JsonDocument.Parse(text).RootElement;
            var errors = json.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(e => new ProblemItem(
                    e.TryGetProperty("index", out var i) ? i.GetInt32() : -1,
                    e.TryGetProperty("field", out var f) ? f.GetString() : null,
                    e.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "")).ToList()
                : [];
            return new Problem((int)response.StatusCode, Text(json, "title"), Text(json, "detail"), errors);
        }
        catch (JsonException)
        {
            // Not problem details (a proxy's error page, say): show what came back.
            return new Problem((int)response.StatusCode, response.ReasonPhrase, text.Length > 300 ? text[..300] : text, []);
        }
    }

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public override string ToString() => $"{Status} {Title}" + (Detail is null ? "" : $": {Detail}");
}

/// <summary>One refused item: its index in the batch, the field and what is wrong with it.</summary>
public sealed record ProblemItem(int Index, string? Field, string Message);
