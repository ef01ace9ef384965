using System.Text.Json;

namespace Transparency.Core.TrainingExport;

/// <summary>
/// One line of the training export as the pipeline reads it (the API documents this shape): the record's metadata,
/// the API names of its kind, sensitivity tags and purposes, its content as JSON and its snapshot as base64.
/// <see cref="ExportLineWriter"/> writes exactly what <see cref="System.Text.Json.JsonSerializer"/> makes of it with
/// <see cref="JsonSerializerDefaults.Web"/>.
/// </summary>
public sealed record ExportedRecordLine(
    Guid Id, string EmployeeId, DateTime CapturedAt, DateTime ReceivedAt, string Kind, string DeviceId, string Application, string? Site,
    string SourceAgent, string? Summary, IReadOnlyList<string> Sensitivity, IReadOnlyList<string> Purposes, JsonElement? Content,
    SnapshotLine? Snapshot);

/// <summary>A screen snapshot inside an <see cref="ExportedRecordLine"/>: its media type and its bytes as base64.</summary>
public sealed record SnapshotLine(string MediaType, string Base64);
