using System.Buffers;
using System.Text.Json;
using Transparency.Core.EventStore;

namespace Transparency.Core.TrainingExport;

/// <summary>
/// Writes exported records as the training pipeline's NDJSON: one <see cref="ExportedRecordLine"/> per line, each
/// ended by <c>\n</c>. The line is the pipeline's contract, so it is written here, next to the records it describes,
/// and a web endpoint only sends on what this wrote.
/// </summary>
/// <remarks>
/// Written by hand rather than serialized: the content, stored as compact JSON checked at ingestion, is copied in as
/// it is (validated, not parsed into a document and written out again) and the snapshot is encoded straight into the
/// output. The export spent more of the app's time serializing than anything else. Tests hold the hand-written line
/// equal to the serialized <see cref="ExportedRecordLine"/>.
/// </remarks>
public sealed class ExportLineWriter(IBufferWriter<byte> output) : IDisposable
{
    /// <summary>The serializer options <see cref="ExportedRecordLine"/>'s documented form is named by.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Utf8JsonWriter _json = new(output);

    /// <summary>Writes <paramref name="record"/> as one line, newline included, to the output.</summary>
    /// <exception cref="JsonException">The stored content is not valid JSON: the line is cut off, and what was written must be discarded.</exception>
    public void Write(ExportedRecord record)
    {
        WriteObject(_json, record);
        _json.Flush();
        _json.Reset();
        output.Write("\n"u8);
    }

    public void Dispose() => _json.Dispose();

    private static void WriteObject(Utf8JsonWriter writer, ExportedRecord r)
    {
        writer.WriteStartObject();
        writer.WriteString(LineNames.Id, r.Id);
        writer.WriteString(LineNames.EmployeeId, r.EmployeeId);
        writer.WriteString(LineNames.CapturedAt, r.CapturedAt);
        writer.WriteString(LineNames.ReceivedAt, r.ReceivedAt);
        writer.WriteString(LineNames.Kind, ApiNames.Kinds.Of(r.Kind));
        writer.WriteString(LineNames.DeviceId, r.DeviceId);
        writer.WriteString(LineNames.Application, r.Application);
        writer.WriteString(LineNames.Site, r.Site);
        writer.WriteString(LineNames.SourceAgent, r.SourceAgent);
        writer.WriteString(LineNames.Summary, r.Summary);
        WriteNames(writer, LineNames.Sensitivity, ApiNames.Sensitivity.NamesOf(r.Sensitivity));
        WriteNames(writer, LineNames.Purposes, ApiNames.Purposes.NamesOf(r.Purposes));
        writer.WritePropertyName(LineNames.Content);
        if (r.ContentJson is null)
            writer.WriteNullValue();
        else
            writer.WriteRawValue(r.ContentJson);
        if (r.Snapshot is null)
            writer.WriteNull(LineNames.Snapshot);
        else
        {
            writer.WriteStartObject(LineNames.Snapshot);
            writer.WriteString(LineNames.MediaType, r.SnapshotMediaType ?? "application/octet-stream");
            writer.WriteBase64String(LineNames.Base64, r.Snapshot);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteNames(Utf8JsonWriter writer, JsonEncodedText property, IReadOnlyList<string> names)
    {
        writer.WriteStartArray(property);
        foreach (var name in names)
            writer.WriteStringValue(name);
        writer.WriteEndArray();
    }

    /// <summary><see cref="ExportedRecordLine"/>'s property names as the web serializer names them, encoded once.</summary>
    private static class LineNames
    {
        public static readonly JsonEncodedText Id = Name(nameof(ExportedRecordLine.Id));
        public static readonly JsonEncodedText EmployeeId = Name(nameof(ExportedRecordLine.EmployeeId));
        public static readonly JsonEncodedText CapturedAt = Name(nameof(ExportedRecordLine.CapturedAt));
        public static readonly JsonEncodedText ReceivedAt = Name(nameof(ExportedRecordLine.ReceivedAt));
        public static readonly JsonEncodedText Kind = Name(nameof(ExportedRecordLine.Kind));
        public static readonly JsonEncodedText DeviceId = Name(nameof(ExportedRecordLine.DeviceId));
        public static readonly JsonEncodedText Application = Name(nameof(ExportedRecordLine.Application));
        public static readonly JsonEncodedText Site = Name(nameof(ExportedRecordLine.Site));
        public static readonly JsonEncodedText SourceAgent = Name(nameof(ExportedRecordLine.SourceAgent));
        public static readonly JsonEncodedText Summary = Name(nameof(ExportedRecordLine.Summary));
        public static readonly JsonEncodedText Sensitivity = Name(nameof(ExportedRecordLine.Sensitivity));
        public static readonly JsonEncodedText Purposes = Name(nameof(ExportedRecordLine.Purposes));
        public static readonly JsonEncodedText Content = Name(nameof(ExportedRecordLine.Content));
        public static readonly JsonEncodedText Snapshot = Name(nameof(ExportedRecordLine.Snapshot));
        public static readonly JsonEncodedText MediaType = Name(nameof(SnapshotLine.MediaType));
        public static readonly JsonEncodedText Base64 = Name(nameof(SnapshotLine.Base64));

        private static JsonEncodedText Name(string property) => JsonEncodedText.Encode(Json.PropertyNamingPolicy!.ConvertName(property));
    }
}
