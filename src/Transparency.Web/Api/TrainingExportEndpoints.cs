using System.Buffers;
using System.ComponentModel;
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
    public const string Tag = "Training export";

    public static void MapTrainingExport(this WebApplication app)
    {
        var training = app.MapGroup("/api/v1/training")
            .RequireAuthorization(AppPolicies.TrainingRead)
            .RequireRateLimiting(ApiRateLimits.TrainingExport)
            .WithTags(Tag)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                var page = operation.Responses?.GetValueOrDefault("200");
                page.AddHeader(NextCursorHeader, "The cursor to pass as `after` for the next page; absent on the last page.");
                page.AddHeader(ResumeCursorHeader, "Where this page ended (or the request's cursor if the page is empty): poll from here later.");
                operation.Responses?.GetValueOrDefault("429").AddHeader("Retry-After", "Seconds to wait before the next request.");
                operation.Responses?.GetValueOrDefault("503").AddHeader("Retry-After", "Seconds to wait before trying again: the store is unreachable; nothing was exported.");
                return Task.CompletedTask;
            });

        training.MapGet("/records", RecordsAsync)
            .WithName("ExportTrainingRecords")
            .WithSummary("Training-eligible records, oldest arrival first, as NDJSON")
            .WithDescription(
                "One JSON object per line: metadata, purposes and content (snapshot as base64). Only records eligible for " +
                "training at the time of the request, and received at least TrainingExport:SettleSeconds ago, are served. " +
                "Pass X-Next-Cursor back as `after` for the next page; it is absent on the last page, where X-Resume-Cursor " +
                "is the cursor to poll from later. Each response is recorded as an export batch (X-Export-Batch).")
            .Produces<ExportedRecordLine>(StatusCodes.Status200OK, NdjsonMediaType)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Responses?.GetValueOrDefault("200").AddHeader(ExportBatchHeader, "The export batch this page was recorded as; absent when the page is empty.");
                return Task.CompletedTask;
            });

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

    /// <summary>
    /// One line of the revocation feed. <see cref="Reason"/> is always <c>no_longer_eligible</c>: which of an employee's
    /// choices (or a flag, a deletion, the retention) ended the record's eligibility is not the pipeline's to know.
    /// </summary>
    public sealed record RevocationLine(
        long Sequence, Guid RecordId, string EmployeeId, Guid ExportBatchId, string Reason, DateTime IneligibleSince, DateTime RecordedAt);

    private const string AfterDescription = "A cursor this endpoint returned in X-Next-Cursor or X-Resume-Cursor; omit to start at the beginning.";
    private const string LimitDescription = "Entries per page, a whole number from 1 to 10000; 1000 if omitted.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly ReadOnlyMemory<byte> Newline = "\n"u8.ToArray();
    /// <summary>
    /// The buffer a page's lines wait in until the batch commits: pooled segments, cleared as they go back (they held
    /// records' content), and never a flush that waits for a reader (there is none until the commit).
    /// </summary>
    internal static readonly PipeOptions LineBuffer = new(pool: ClearingMemoryPool.Instance, pauseWriterThreshold: 0, resumeWriterThreshold: 0,
        minimumSegmentSize: 64 * 1024, useSynchronizationContext: false);

    private static async Task<IResult> RecordsAsync(
        HttpContext http, TrainingExportService export, ExportCursors cursors,
        [Description(AfterDescription)] string? after = null, [Description(LimitDescription)] string? limit = null)
    {
        if (UnknownParameter(http) is { } unknown)
            return unknown;
        if (BadLimit(limit, out var take) is { } badLimit)
            return badLimit;
        if (Client(http) is not { } client)
            return NoClient();
        ExportCursor? cursor = null;
        if (after is not null && !cursors.TryOpen(after, out cursor))
            return BadCursor();

        // The page's lines are written into a buffer while the page is selected, and sent once its batch has committed:
        // a failure before that leaves nothing half-sent and nothing unlogged. The lines are the page's only copy in
        // memory (pooled segments), so the records themselves are garbage as soon as each line is written.
        var lines = new Pipe(LineBuffer);
        ExportPage page;
        try
        {
            using (var writer = new ExportLineWriter(lines.Writer))
                page = await export.TakePageAsync(client, cursor, take, writer.Write, http.RequestAborted);
            await lines.Writer.CompleteAsync();
        }
        catch
        {
            await lines.Writer.CompleteAsync();
            await lines.Reader.CompleteAsync();
            throw;
        }
        SetCursorHeaders(http, page.Next is { } next ? cursors.Seal(next) : null, page.Resume is { } resume ? cursors.Seal(resume) : null);
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
        HttpContext http, TrainingExportService export, ExportCursors cursors,
        [Description(AfterDescription)] string? after = null, [Description(LimitDescription)] string? limit = null)
    {
        if (UnknownParameter(http) is { } unknown)
            return unknown;
        if (BadLimit(limit, out var take) is { } badLimit)
            return badLimit;
        // The feed is the calling client's own: revocations of what its batches carried.
        if (Client(http) is not { } client)
            return NoClient();
        var from = 0L;
        if (after is not null && !cursors.TryOpen(after, out from))
            return BadCursor();

        var page = await export.RevocationsAsync(client, from, take, http.RequestAborted);
        SetCursorHeaders(http, page.Next is { } next ? cursors.Seal(next) : null, cursors.Seal(page.Resume));
        return Results.Stream(async body =>
        {
            foreach (var r in page.Entries)
                await WriteLineAsync(body, new RevocationLine(
                    r.Sequence, r.RecordId, r.EmployeeId, r.ExportBatchId, r.Reason, r.IneligibleSince, r.RecordedAt), http.RequestAborted);
        }, NdjsonMediaType);
    }

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

    /// <summary>
    /// A parameter these reads do not take, or one given twice, is refused: a pipeline that sends its stored cursor under another
    /// name would otherwise read the feed from its start again without being told.
    /// </summary>
    private static IResult? UnknownParameter(HttpContext http)
    {
        foreach (var (name, values) in http.Request.Query)
        {
            if (name is not ("after" or "limit"))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown parameter",
                    detail: $"This endpoint takes 'after' (the cursor) and 'limit'; '{Shown(name)}' is not one of them.");
            if (values.Count > 1)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Parameter given twice",
                    detail: $"'{name}' may be given once.");
        }
        return null;
    }

    private static string Shown(string name) => name.Length > 40 ? name[..40] + "…" : name;

    private static IResult BadCursor() => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid cursor",
        detail: "after must be a cursor this endpoint returned in X-Next-Cursor or X-Resume-Cursor, unchanged.");

    // Export batches are charged to a registered API client; an identity without one cannot be recorded, so it gets nothing.
    private static IResult NoClient() => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No API client",
        detail: "Training export is recorded per API client; authenticate with a training:read API key.");
}
