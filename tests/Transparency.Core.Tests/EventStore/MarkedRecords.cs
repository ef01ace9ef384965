using System.Security.Cryptography;
using System.Text;
using Transparency.Core.EventStore;
using Transparency.Testing;

namespace Transparency.Core.Tests.EventStore;

/// <summary>
/// Capture records whose summary, content text and (large) snapshot each carry a marker found nowhere else, so a scan
/// of the store's bytes can tell whether anything of them is left after erasure.
/// </summary>
internal static class MarkedRecords
{
    /// <param name="large">
    /// A screen snapshot whose content text and image are longer than a SQLite page (overflow pages) and PostgreSQL's
    /// TOAST threshold, random so that neither store can compress them, with a marker at both ends of each.
    /// </param>
    public static (CaptureRecord Record, string[] Markers) Create(string employee, bool large, DateTime? capturedAt = null,
        Purposes purposes = Purposes.OperationalTelemetry | Purposes.ModelTraining)
    {
        var tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        string summary = $"summary-{tag}", text = $"text-{tag}", image = $"image-{tag}";
        var record = TestData.Record(employee, capturedAt, large ? CaptureKind.ScreenSnapshot : CaptureKind.Keystrokes, purposes);
        record.Summary = $"Typed {summary} in Outlook";
        if (!large)
        {
            record.Content!.Json = $$"""{"text":"{{text}}","keyCount":21,"durationMs":4200}""";
            return (record, [summary, text]);
        }
        record.Content!.Json = $$"""{"windowTitle":"{{text}} {{Convert.ToBase64String(RandomNumberGenerator.GetBytes(9_000))}} {{text}}"}""";
        record.Content.Snapshot = [.. Encoding.UTF8.GetBytes(image), .. RandomNumberGenerator.GetBytes(20_000), .. Encoding.UTF8.GetBytes(image)];
        record.Content.SnapshotMediaType = "image/png";
        return (record, [summary, text, image]);
    }
}
