namespace Transparency.Core.Ingestion;

/// <summary>One batch as it arrived: a JSON array, or NDJSON (one record per line).</summary>
public sealed record IngestionRequest(Guid ApiClientId, string? IdempotencyKey, ReadOnlyMemory<byte> Body, bool NdJson);

/// <summary>What is wrong with one item of a batch: its position, the field (a JSON path inside the item), and why.</summary>
public sealed record IngestionItemError(int Index, string Field, string Message);

/// <summary>One record of an acknowledged batch: <c>accepted</c> (written now) or <c>duplicate</c> (already held, unchanged).</summary>
public sealed record IngestedRecordStatus(Guid Id, string Status);

/// <summary>The acknowledgement of a committed batch.</summary>
public sealed record IngestionResponse(int Accepted, int Duplicates, IReadOnlyList<IngestedRecordStatus> Records);

/// <summary>
/// The outcome of one request. Success carries the response JSON (UTF-8) exactly as first sent (so an
/// Idempotency-Key replay is byte-identical); a refusal carries a problem title, detail and item errors.
/// </summary>
public sealed record IngestionResult(
    int StatusCode, byte[]? ResponseJson, string? Title, string? Detail, IReadOnlyList<IngestionItemError> Errors, bool Replayed = false)
{
    public bool IsSuccess => ResponseJson is not null;

    internal static IngestionResult Problem(int status, string title, string detail, IReadOnlyList<IngestionItemError>? errors = null) =>
        new(status, null, title, detail, errors ?? []);
}

/// <summary>
/// One capture record as the capture pipeline sends it. Describes the request body in the OpenAPI
/// document; the service reads the JSON itself so that every item's every error can be reported.
/// </summary>
public sealed record CaptureRecordInput(
    Guid Id, string EmployeeId, DateTimeOffset CapturedAt, string Kind, string DeviceId, string Application, string? Site,
    IReadOnlyList<string> Purposes, string Source, IReadOnlyList<string>? Sensitivity, System.Text.Json.JsonElement Content);
