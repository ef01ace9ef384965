using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.OpenApi;
using Transparency.Core.Ingestion;
using Transparency.Web.Auth;

namespace Transparency.Web.Api;

/// <summary>The capture pipeline's way in: <c>POST /api/v1/capture-records</c>.</summary>
public static class IngestionEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string NdJson = "application/x-ndjson";
    public const string Tag = "Ingestion";

    public static void MapIngestion(this WebApplication app)
    {
        app.MapPost("/api/v1/capture-records", IngestAsync)
            .RequireAuthorization(AppPolicies.CaptureWrite)
            .RequireRateLimiting(ApiRateLimits.Ingestion)
            .WithName("IngestCaptureRecords")
            .WithTags(Tag)
            .WithSummary("Write a batch of capture records")
            .WithDescription(
                "A JSON array, or NDJSON (application/x-ndjson, one record per line). All or nothing: the batch is " +
                "acknowledged only after commit. A re-sent record with the same id and content is reported as duplicate; " +
                "an Idempotency-Key header replays the first response for the same body.")
            // The body is described for the OpenAPI document only: as endpoint metadata (Accepts) routing would answer any other
            // Content-Type itself, with an empty 415 that the pages' status handling turns into an HTML page. The handler answers
            // it with a problem that says what to send.
            .AddOpenApiOperationTransformer(async (operation, context, ct) =>
            {
                // One named component for a record, so a generated client has a CaptureRecordInput type to build batches from.
                context.Document?.AddComponent(nameof(CaptureRecordInput), await context.GetOrCreateSchemaAsync(typeof(CaptureRecordInput), null, ct));
                var schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchemaReference(nameof(CaptureRecordInput), context.Document) };
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = schema },
                        [NdJson] = new() { Schema = schema },
                    },
                };
            })
            .Produces<IngestionResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Read from the request itself (it is optional and checked by the service), so it is declared here.
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyKeyHeader,
                    In = ParameterLocation.Header,
                    Description = "1 to 200 characters, one per batch, repeated on every retry of it: a retry with the same body gets the first " +
                                  "response again (Idempotent-Replayed: true); the same key with another body is refused (422).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 200 },
                });
                operation.Responses?.GetValueOrDefault("200").AddHeader("Idempotent-Replayed", "`true` when this is the stored response to an earlier request with the same Idempotency-Key and body.");
                operation.Responses?.GetValueOrDefault("429").AddHeader("Retry-After", "Seconds to wait before the next request.");
                operation.Responses?.GetValueOrDefault("503").AddHeader("Retry-After", "Seconds to wait before re-sending the batch with the same Idempotency-Key: the store is unreachable.");
                return Task.CompletedTask;
            });
    }

    private static async Task<IResult> IngestAsync(HttpContext http, IngestionService ingestion)
    {
        var options = ingestion.Options;
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not ("application/json" or NdJson))
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: $"Send application/json (an array of records) or {NdJson} (one record per line).");
        if (http.Request.ContentLength > options.MaxRequestBytes)
            return TooLarge(options);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = options.MaxRequestBytes;

        // The body is read into a pooled buffer: a batch is a few hundred kilobytes, and a fresh array per request
        // lands on the large object heap, whose allocations set off full background collections every few seconds.
        PooledRequestBody body;
        try
        {
            body = await PooledRequestBody.ReadAsync(http.Request.Body, options.MaxRequestBytes, http.Request.ContentLength, http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(options);
        }
        IngestionResult result;
        // Nothing the service returns refers to the body, so the buffer goes back (cleared) once it has answered.
        using (body)
        {
            if (body.Length > options.MaxRequestBytes)
                return TooLarge(options);
            var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
            result = await ingestion.IngestAsync(
                new IngestionRequest(ClientId(http.User), key.Length == 0 ? null : key, body.Memory, mediaType == NdJson),
                http.RequestAborted);
        }
        if (result.IsSuccess)
        {
            if (result.Replayed)
                http.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Text(result.ResponseJson, "application/json; charset=utf-8", result.StatusCode);
        }
        return Results.Problem(statusCode: result.StatusCode, title: result.Title, detail: result.Detail,
            extensions: result.Errors.Count == 0 ? null : new Dictionary<string, object?> { ["errors"] = result.Errors });
    }

    private static IResult TooLarge(IngestionOptions options) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
            detail: $"The body is larger than the limit of {options.MaxRequestBytes} bytes (Ingestion:MaxRequestBytes). Split the batch.");

    /// <summary>
    /// The calling client's id: an API key's client id, or for an Entra token a stable id derived from its
    /// application, so Idempotency-Keys and rate limits are per client either way.
    /// </summary>
    internal static Guid ClientId(ClaimsPrincipal user)
    {
        if (Guid.TryParse(user.FindFirstValue(ApiKeyAuthenticationHandler.ClientIdClaim), out var id))
            return id;
        var name = user.FindFirstValue("azp") ?? user.FindFirstValue("appid") ?? user.Identity?.Name ?? "anonymous";
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));
    }
}
