namespace Transparency.Core.EventStore;

/// <summary>
/// The first response to a request made with an <c>Idempotency-Key</c>: a retry with the same key and
/// the same body gets this response again instead of being processed twice.
/// </summary>
public sealed class IdempotencyRecord
{
    public Guid ApiClientId { get; set; }
    public required string Key { get; set; }

    /// <summary>SHA-256 of the request body: the same key with another body is refused.</summary>
    public required string RequestHash { get; set; }
    public int StatusCode { get; set; }
    public required string ResponseBody { get; set; }
    public DateTime CreatedAt { get; set; }
}
