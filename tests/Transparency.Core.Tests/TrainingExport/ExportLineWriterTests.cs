using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Transparency.Core.EventStore;
using Transparency.Core.TrainingExport;

namespace Transparency.Core.Tests.TrainingExport;

/// <summary>
/// The export writes its lines by hand for speed; the training pipeline reads them as the documented
/// <see cref="ExportedRecordLine"/>. These hold the two to the same JSON, and one line to its exact bytes.
/// </summary>
public sealed class ExportLineWriterTests
{
    public static TheoryData<string> Records => new(Samples.Keys);

    private static readonly Dictionary<string, ExportedRecord> Samples = new()
    {
        ["keystrokes with content"] = Record(
            content: """{"text":"Quarterly report draft","durationMs":5400,"nested":{"keys":[1,2,3],"ok":true,"none":null}}"""),
        ["snapshot with bytes"] = Record(kind: CaptureKind.ScreenSnapshot, snapshot: [0, 1, 2, 250, 251, 252, 253, 254, 255],
            mediaType: "image/png", content: """{"width":1280,"height":800}"""),
        ["snapshot without a media type"] = Record(kind: CaptureKind.ScreenSnapshot, snapshot: [137, 80, 78, 71], mediaType: null),
        ["no content, no site, no summary"] = Record(content: null, site: null, summary: null),
        ["several tags and purposes"] = Record(
            sensitivity: SensitivityTags.Banking | SensitivityTags.Health,
            purposes: Purposes.OperationalTelemetry | Purposes.Product | Purposes.ModelTraining),
        ["text that needs escaping"] = Record(
            summary: "Typed \"<script>\" & 'quotes' \\ tab\t and line\nbreak", site: "intranet.example/ä?q=ö&x=1",
            content: """{"text":"Grüße, \"quoted\" <b> & \\ \u00e9 \ud83d\ude00 \t"}"""),
    };

    [Theory, MemberData(nameof(Records))]
    public void Hand_written_line_is_the_documented_line(string sample)
    {
        var record = Samples[sample];
        using var content = record.ContentJson is null ? null : JsonDocument.Parse(record.ContentJson);
        var documented = JsonSerializer.SerializeToUtf8Bytes(Documented(record, content?.RootElement), ExportLineWriter.Json);

        var written = Line(record);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(documented), JsonNode.Parse(written)),
            $"documented: {Encoding.UTF8.GetString(documented)}\nwritten:    {Encoding.UTF8.GetString(written)}");
        // Same property order too, so a line reads the same whichever way it was written.
        Assert.Equal(Names(documented), Names(written));
    }

    /// <summary>
    /// The pipeline parses these bytes: names, order, timestamps, escaping and the snapshot's encoding are its
    /// contract, so a change to any of them is a change of the API, not of this writer.
    /// </summary>
    [Fact]
    public void A_line_is_exactly_the_contracted_json_and_one_newline()
    {
        var record = Record(kind: CaptureKind.ScreenSnapshot, snapshot: [137, 80, 78, 71], mediaType: "image/png",
            content: """{"width":1280,"height":800}""", site: "intranet.example/ä", summary: "Screen snapshot of <Word> & co",
            sensitivity: SensitivityTags.Banking | SensitivityTags.Health, purposes: Purposes.OperationalTelemetry | Purposes.ModelTraining);

        var line = Encoding.UTF8.GetString(Lines(record));

        // The expected line is one line; it is broken here only to be read.
        Assert.Equal(
            """
            {"id":"0196b7a4-1c2d-7e3f-8a9b-0c1d2e3f4a5b","employeeId":"E-042","capturedAt":"2026-11-27T09:30:15.1234567Z",
            "receivedAt":"2026-11-27T09:30:16Z","kind":"screenSnapshot","deviceId":"LAPTOP-7","application":"Word",
            "site":"intranet.example/\u00E4","sourceAgent":"capture-agent/2.4","summary":"Screen snapshot of \u003CWord\u003E \u0026 co",
            "sensitivity":["banking","health"],"purposes":["operationalTelemetry","modelTraining"],"content":{"width":1280,"height":800},
            "snapshot":{"mediaType":"image/png","base64":"iVBORw=="}}
            """.ReplaceLineEndings("") + "\n",
            line);
    }

    [Fact]
    public void Records_written_in_turn_are_one_line_each()
    {
        var first = Record(summary: "first");
        var second = Record(content: null, summary: "second");

        var lines = Encoding.UTF8.GetString(Lines(first, second)).Split('\n');

        Assert.Equal(3, lines.Length);
        Assert.Equal("first", JsonNode.Parse(lines[0])!["summary"]!.GetValue<string>());
        Assert.Equal("second", JsonNode.Parse(lines[1])!["summary"]!.GetValue<string>());
        Assert.Equal("", lines[2]);
    }

    [Fact]
    public void Stored_content_that_is_not_json_is_not_sent()
    {
        using var writer = new ExportLineWriter(new ArrayBufferWriter<byte>());

        Assert.ThrowsAny<JsonException>(() => writer.Write(Record(content: """{"text": "cut off""")));
    }

    /// <summary>The line as the API documents it, with the names the ingestion API takes ("keystrokes", "modelTraining").</summary>
    private static ExportedRecordLine Documented(ExportedRecord r, JsonElement? content) => new(
        r.Id, r.EmployeeId, r.CapturedAt, r.ReceivedAt, Camel(r.Kind), r.DeviceId, r.Application, r.Site, r.SourceAgent, r.Summary,
        Flags(r.Sensitivity), Flags(r.Purposes), content,
        r.Snapshot is null ? null : new SnapshotLine(r.SnapshotMediaType ?? "application/octet-stream", Convert.ToBase64String(r.Snapshot)));

    private static string Camel<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static List<string> Flags<T>(T set) where T : struct, Enum =>
        Enum.GetValues<T>().Where(f => Convert.ToInt64(f, System.Globalization.CultureInfo.InvariantCulture) != 0 && set.HasFlag(f)).Select(Camel).ToList();

    private static List<string> Names(byte[] json) =>
        JsonNode.Parse(json)!.AsObject().Select(p => p.Key).ToList();

    /// <summary>One record's line without its newline.</summary>
    private static byte[] Line(ExportedRecord record)
    {
        var bytes = Lines(record);
        Assert.Equal((byte)'\n', bytes[^1]);
        return bytes[..^1];
    }

    private static byte[] Lines(params ExportedRecord[] records)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new ExportLineWriter(buffer))
            foreach (var record in records)
                writer.Write(record);
        return buffer.WrittenSpan.ToArray();
    }

    private static ExportedRecord Record(
        CaptureKind kind = CaptureKind.Keystrokes, string? content = """{"text":"hello"}""", byte[]? snapshot = null, string? mediaType = null,
        string? site = "intranet.example", string? summary = "Typed 5 words",
        SensitivityTags sensitivity = SensitivityTags.None, Purposes purposes = Purposes.ModelTraining) => new(
        Guid.Parse("0196b7a4-1c2d-7e3f-8a9b-0c1d2e3f4a5b"), "E-042", new DateTime(2026, 11, 27, 9, 30, 15, 123, DateTimeKind.Utc).AddTicks(4567),
        new DateTime(2026, 11, 27, 9, 30, 16, DateTimeKind.Utc), kind, "LAPTOP-7", "Word", site, "capture-agent/2.4", summary,
        sensitivity, purposes, content, snapshot, mediaType);
}
