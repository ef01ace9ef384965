using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using Transparency.Core.EventStore;
using Transparency.Core.TrainingExport;
using Transparency.Web.Auth;

namespace Transparency.Web.Api;

/// <summary>
/// The training pipeline's only way in: eligible records as NDJSON pages, and the feed of exported
/// records it must purge. Every page is recorded (batch, receipts, access log) before content leaves.
/// </summary>
public static class TrainingExportEndpoints
{
    public const string NdjsonMediaType = "application/x-ndjson";
    public const string NextCursorHeader = "X-Next-Cursor";
    public const string ResumeCursorHeader = "X-Resume-Cursor";
    public const string ExportBatchHeader = "X-Export-Batch";

    public static void MapTrainingExport(this WebApplication app)
    {
        var training = app.MapGroup("/api/v1/training")
            .RequireAuthorization(AppPolicies.TrainingRead)
            .WithTags("Training export")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        training.MapGet("/records", RecordsAsync)
            .WithName("ExportTrainingRecords")
            .WithSummary("Training-eligible records, oldest arrival first, as NDJSON")
            .WithDescription(
                "One JSON object per line: metadata, purposes and content (snapshot as base64). Only records eligible for " +
                "training at the time of the request, and received at least TrainingExport:SettleSeconds ago, are served. " +
                "Pass X-Next-Cursor back as `after` for the next page; it is absent on the last page, where X-Resume-Cursor " +
                "is the cursor to poll from later. Each response is recorded as an export batch (X-Export-Batch).")
            .Produces<ExportedRecordLine>(StatusCodes.Status200OK, NdjsonMediaType);

        training.MapGet("/revocations", RevocationsAsync)
            .WithName("TrainingRevocations")
            .WithSummary("Records this client exported that are no longer eligible, as NDJSON")
            .WithDescription(
                "One JSON object per line, in the order the revocations were recorded: a record this API client took, the " +
                "export batch that carried it, and since when it is no longer eligible. Every entry means the same: purge " +
                "your copy; the reason is always no_longer_eligible. Keep the cursor: records that become ineligible later " +
                "are appended after it. X-Next-Cursor is absent on the last page; poll again from X-Resume-Cursor.")
            .Produces<RevocationLine>(StatusCodes.Status200OK, NdjsonMediaType);
    }

    /// <summary>One line of the records stream.</summary>
    public sealed record ExportedRecordLine(
        Guid Id, string EmployeeId, DateTime CapturedAt, DateTime ReceivedAt, string Kind, string DeviceId, string Application, string? Site,
        string SourceAgent, string? Summary, IReadOnlyList<string> Sensitivity, IReadOnlyList<string> Purposes, JsonElement? Content,
        SnapshotLine? Snapshot);

    public sealed record SnapshotLine(string MediaType, string Base64);

    /// <summary>
    /// One line of the revocation feed. <see cref="Reason"/> is always <c>no_longer_eligible</c>: which of an employee's
    /// choices (or a flag, a deletion, the retention) ended the record's eligibility is not the pipeline's to know.
    /// </summary>
    public sealed record RevocationLine(
        long Sequence, Guid RecordId, string EmployeeId, Guid ExportBatchId, string Reason, DateTime IneligibleSince, DateTime RecordedAt);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly ReadOnlyMemory<byte> Newline = "\n"u8.ToArray();
    /// <summary>
    /// The buffer a page's lines wait in until the batch commits: pooled segments, cleared as they go back (they held
    /// records' content), and never a flush that waits for a reader (there is none until the commit).
    /// </summary>
    internal static readonly PipeOptions LineBuffer = new(pool: ClearingMemoryPool.Instance, pauseWriterThreshold: 0, resumeWriterThreshold: 0,
        minimumSegmentSize: 64 * 1024, useSynchronizationContext: false);

    private static async Task<IResult> RecordsAsync(
        HttpContext http, TrainingExportService export, string? after = null, string? limit = null)
    {
        if (BadLimit(limit, out var take) is { } badLimit)
            return badLimit;
        ExportCursor? cursor = null;
        if (after is not null && !ExportCursor.TryParse(after, out cursor))
            return BadCursor();
        if (Client(http) is not { } client)
            return NoClient();

        // The page's lines are written into a buffer while the page is selected, and sent once its batch has committed:
        // a failure before that leaves nothing half-sent and nothing unlogged. The lines are the page's only copy in
        // memory (pooled segments), so the records themselves are garbage as soon as each line is written.
        var lines = new Pipe(LineBuffer);
        ExportPage page;
        try
        {
            using (var writer = new Utf8JsonWriter(lines.Writer))
                page = await export.TakePageAsync(client, cursor, take, record =>
                {
                    WriteLine(writer, record);
                    writer.Flush();
                    writer.Reset();
                    lines.Writer.Write(Newline.Span);
                }, http.RequestAborted);
            await lines.Writer.CompleteAsync();
        }
        catch
        {
            await lines.Writer.CompleteAsync();
            await lines.Reader.CompleteAsync();
            throw;
        }
        SetCursorHeaders(http, page.Next?.Encode(), page.Resume?.Encode());
        if (page.BatchId is { } batchId)
            http.Response.Headers[ExportBatchHeader] = batchId.ToString();

        return Results.Stream(async _ =>
        {
            try
            {
                await lines.Reader.CopyToAsync(http.Response.BodyWriter, http.RequestAborted);
            }
            finally
            {
                await lines.Reader.CompleteAsync();
            }
            if (page.BatchId is { } id)
                await export.CompleteBatchAsync(id, http.RequestAborted);
        }, NdjsonMediaType);
    }

    private static async Task<IResult> RevocationsAsync(
        HttpContext http, TrainingExportService export, string? after = null, string? limit = null)
    {
        if (BadLimit(limit, out var take) is { } badLimit)
            return badLimit;
        var from = 0L;
        if (after is not null && !RevocationCursor.TryParse(after, out from))
            return BadCursor();
        // The feed is the calling client's own: revocations of what its batches carried.
        if (Client(http) is not { } client)
            return NoClient();

        var page = await export.RevocationsAsync(client, from, take, http.RequestAborted);
        SetCursorHeaders(http, page.Next is { } next ? RevocationCursor.Encode(next) : null, RevocationCursor.Encode(page.Resume));
        return Results.Stream(async body =>
        {
            foreach (var r in page.Entries)
                await WriteLineAsync(body, new RevocationLine(
                    r.Sequence, r.RecordId, r.EmployeeId, r.ExportBatchId, r.Reason, r.IneligibleSince, r.RecordedAt), http.RequestAborted);
        }, NdjsonMediaType);
    }

    /// <summary>
    /// Writes one record as <see cref="ExportedRecordLine"/> serializes (a test holds the two equal), by hand: the
    /// content, stored as compact JSON checked at ingestion, is copied in as it is (validated, not parsed into a
    /// document and written out again) and the snapshot is encoded straight into the output. The export spent more
    /// of the app's time serializing than anything else.
    /// </summary>
    internal static void WriteLine(Utf8JsonWriter writer, ExportedRecord r)
    {
        writer.WriteStartObject();
        writer.WriteString(LineNames.Id, r.Id);
        writer.WriteString(LineNames.EmployeeId, r.EmployeeId);
        writer.WriteString(LineNames.CapturedAt, r.CapturedAt);
        writer.WriteString(LineNames.ReceivedAt, r.ReceivedAt);
        writer.WriteString(LineNames.Kind, EnumNames<CaptureKind>.Of(r.Kind));
        writer.WriteString(LineNames.DeviceId, r.DeviceId);
        writer.WriteString(LineNames.Application, r.Application);
        writer.WriteString(LineNames.Site, r.Site);
        writer.WriteString(LineNames.SourceAgent, r.SourceAgent);
        writer.WriteString(LineNames.Summary, r.Summary);
        WriteNames(writer, LineNames.Sensitivity, EnumNames<SensitivityTags>.FlagsOf(r.Sensitivity));
        WriteNames(writer, LineNames.Purposes, EnumNames<Purposes>.FlagsOf(r.Purposes));
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

    private static IEnumerable<T> Flags<T>(T set) where T : struct, Enum =>
        Enum.GetValues<T>().Where(f => Convert.ToInt64(f, CultureInfo.InvariantCulture) != 0 && set.HasFlag(f));

    /// <summary>The names of an enum's values and flag sets, worked out once per value rather than once per exported record.</summary>
    private static class EnumNames<T> where T : struct, Enum
    {
        private static readonly ConcurrentDictionary<T, string> Values = new();
        private static readonly ConcurrentDictionary<T, IReadOnlyList<string>> Sets = new();

        public static string Of(T value) => Values.GetOrAdd(value, v => Name(v));

        public static IReadOnlyList<string> FlagsOf(T set) => Sets.GetOrAdd(set, s => Names(Flags(s)).AsReadOnly());
    }

    // The same words the ingestion API takes ("keystrokes", "modelTraining", "passwordField").
    private static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static List<string> Names<T>(IEnumerable<T> values) where T : struct, Enum => values.Select(Name).ToList();

    private static async Task WriteLineAsync<T>(Stream body, T line, CancellationToken ct)
    {
        await JsonSerializer.SerializeAsync(body, line, Json, ct);
        await body.WriteAsync(Newline, ct);
    }

    private static void SetCursorHeaders(HttpContext http, string? next, string? resume)
    {
        if (next is not null)
            http.Response.Headers[NextCursorHeader] = next;
        if (resume is not null)
            http.Response.Headers[ResumeCursorHeader] = resume;
    }

    private static ExportClient? Client(HttpContext http) =>
        Guid.TryParse(http.User.FindFirst(ApiKeyAuthenticationHandler.ClientIdClaim)?.Value, out var id)
            ? new ExportClient(id)
            : null;

    private static IResult? BadLimit(string? limit, out int take)
    {
        take = TrainingExportOptions.DefaultLimit;
        if (limit is null)
            return null;
        if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) && take is >= 1 and <= TrainingExportOptions.MaxLimit)
            return null;
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid limit",
            detail: $"limit must be a whole number from 1 to {TrainingExportOptions.MaxLimit}.");
    }

    private static IResult BadCursor() => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid cursor",
        detail: "after must be a cursor this endpoint returned in X-Next-Cursor or X-Resume-Cursor.");

    // Export batches are charged to a registered API client; an identity without one cannot be recorded, so it gets nothing.
    private static IResult NoClient() => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No API client",
        detail: "Training export is recorded per API client; authenticate with a training:read API key.");
}
