using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Transparency.Core.EventStore;

namespace Transparency.Benchmarks.Measurements;

/// <summary>One capture record as the capture pipeline sends it, and the rows it becomes in the store.</summary>
public sealed record CaptureItem(
    Guid Id, string EmployeeId, DateTime CapturedAt, CaptureKind Kind, string DeviceId, string Application, string? Site,
    Purposes Purposes, SensitivityTags Sensitivity, string SentContentJson, string StoredContentJson, byte[]? Snapshot, string Summary);

/// <summary>
/// Capture records with the shapes the API documents (small JSON content per kind; screen snapshots carry
/// a 1×1 PNG), spread over every kind, the three purposes and a few sensitive sites. Each batch holds the
/// records of a handful of employees, as a collector forwarding several machines would send them.
/// </summary>
public static class CaptureItems
{
    public const string Source = "capture-agent/2.3.1";

    /// <summary>The smallest valid PNG: its signature and a 1×1 image.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static readonly (string Application, string? Site)[] Surfaces =
    [
        ("Outlook", "mail.example.com"), ("Slack", null), ("Visual Studio Code", null), ("Excel", null), ("Edge", "intranet.demo.example"),
        ("Chrome", "jira.demo.example"), ("Teams", null), ("Terminal", null), ("Edge", "wiki.demo.example"), ("Firefox", "crm.demo.example"),
    ];

    // Configured sensitive contexts (appsettings.json): the server tags these on arrival.
    private static readonly (string Application, string? Site, SensitivityTags Tag)[] SensitiveSurfaces =
    [
        ("Edge", "online.bank.example", SensitivityTags.Banking), ("Chrome", "patient-portal.example", SensitivityTags.Health),
        ("Edge", "works-council.intranet.example", SensitivityTags.WorksCouncil),
    ];

    private static readonly string[] Phrases =
    [
        "Thanks, see you tomorrow", "Can you review the quarterly numbers?", "git commit -m \"Fix paging\"", "=SUM(B2:B40)",
        "Meeting moved to 3 pm", "Let me check and get back to you⌫⌫⌫ you",
    ];

    public static List<List<CaptureItem>> Batches(IReadOnlyList<string> employees, int records, int batchSize, int employeesPerBatch, DateTime now, int seed)
    {
        var rng = new Random(seed);
        var batches = new List<List<CaptureItem>>();
        for (var done = 0; done < records; done += batchSize)
        {
            var size = Math.Min(batchSize, records - done);
            var people = Enumerable.Range(0, employeesPerBatch).Select(_ => employees[rng.Next(employees.Count)]).ToArray();
            var batch = new List<CaptureItem>(size);
            for (var i = 0; i < size; i++)
                batch.Add(Item(rng, people[rng.Next(people.Length)], now));
            batches.Add(batch);
        }
        return batches;
    }

    /// <summary>The same records under fresh ids, for the COPY baseline.</summary>
    public static CaptureItem WithFreshId(CaptureItem item) => item with { Id = Guid.CreateVersion7() };

    private static CaptureItem Item(Random rng, string employeeId, DateTime now)
    {
        var sensitive = rng.NextDouble() < 0.02;
        var (application, site, tag) = sensitive
            ? SensitiveSurfaces[rng.Next(SensitiveSurfaces.Length)]
            : Surfaces[rng.Next(Surfaces.Length)] is var (a, s) ? (a, s, SensitivityTags.None) : default;
        var roll = rng.NextDouble();
        var kind = roll < 0.28 ? CaptureKind.PointerTrajectory
            : roll < 0.52 ? CaptureKind.Click
            : roll < 0.78 ? CaptureKind.Keystrokes
            : roll < 0.83 ? CaptureKind.ScreenSnapshot
            : CaptureKind.AppFocus;
        var purposes = Purposes.OperationalTelemetry;
        if (rng.NextDouble() < 0.35) purposes |= Purposes.Product;
        if (rng.NextDouble() < (kind == CaptureKind.AppFocus ? 0.25 : 0.85)) purposes |= Purposes.ModelTraining;
        var where = site ?? application;
        var inv = CultureInfo.InvariantCulture;

        string sent, stored, summary;
        byte[]? snapshot = null;
        switch (kind)
        {
            case CaptureKind.PointerTrajectory:
            {
                var points = new StringBuilder();
                int x = rng.Next(0, 1900), y = rng.Next(0, 1060), ms = 0;
                for (var p = 0; p < 8; p++, ms += rng.Next(8, 40))
                {
                    points.Append(inv, $"{(p == 0 ? "" : ",")}[{x},{y},{ms}]");
                    x = Math.Clamp(x + rng.Next(-40, 41), 0, 1919);
                    y = Math.Clamp(y + rng.Next(-30, 31), 0, 1079);
                }
                sent = stored = $$$"""{"points":[{{{points}}}],"screen":{"w":1920,"h":1080}}""";
                summary = $"Moved the pointer across {where}";
                break;
            }
            case CaptureKind.Click:
                sent = stored = string.Create(inv, $$$"""{"x":{{{rng.Next(0, 1920)}}},"y":{{{rng.Next(0, 1080)}}},"button":"left","target":{"role":"button","name":"Send"}}""");
                summary = $"Clicked button \"Send\" in {where}";
                break;
            case CaptureKind.Keystrokes:
            {
                var text = Phrases[rng.Next(Phrases.Length)];
                sent = stored = JsonSerializer.Serialize(new { text, keyCount = text.Length, durationMs = text.Length * 180 });
                summary = $"Typed {text.Length} keys on {where}";
                break;
            }
            case CaptureKind.ScreenSnapshot:
                sent = $$"""{"imageBase64":"{{Convert.ToBase64String(Png)}}","mediaType":"image/png","width":1,"height":1}""";
                stored = """{"mediaType":"image/png","width":1,"height":1}""";
                snapshot = Png;
                summary = $"Screen snapshot of {where}";
                break;
            default:
                sent = stored = string.Create(inv, $$"""{"durationMs":{{rng.Next(5_000, 600_000)}},"windowTitle":"{{application}} – work"}""");
                summary = $"Focused {where} for a few minutes";
                break;
        }
        var capturedAt = now.AddMilliseconds(-rng.Next(60_000, 20 * 3_600_000));
        return new CaptureItem(Guid.CreateVersion7(), employeeId, capturedAt, kind, $"LT-{rng.Next(1000, 9999)}", application, site,
            purposes, tag, sent, stored, snapshot, summary);
    }

    /// <summary>A batch as the JSON array the ingestion API takes.</summary>
    public static byte[] Json(IReadOnlyList<CaptureItem> batch)
    {
        var buffer = new ArrayBufferWriter<byte>(batch.Count * 512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var i in batch)
            {
                json.WriteStartObject();
                json.WriteString("id", i.Id);
                json.WriteString("employeeId", i.EmployeeId);
                json.WriteString("capturedAt", i.CapturedAt);
                json.WriteString("kind", ApiNames.Kinds.Of(i.Kind));
                json.WriteString("deviceId", i.DeviceId);
                json.WriteString("application", i.Application);
                if (i.Site is not null)
                    json.WriteString("site", i.Site);
                json.WriteStartArray("purposes");
                foreach (var p in ApiNames.Purposes.NamesOf(i.Purposes))
                    json.WriteStringValue(p);
                json.WriteEndArray();
                json.WriteString("source", Source);
                json.WritePropertyName("content");
                json.WriteRawValue(i.SentContentJson, skipInputValidation: true);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A stand-in for the server's idempotency hash, so the baseline writes a column of the same size.</summary>
    public static string Hash(CaptureItem item) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(item.Id + item.SentContentJson)));
}
