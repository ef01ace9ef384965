namespace Transparency.Core.EventStore;

/// <summary>
/// The first response to a request made with an <c>Idempotency-Key</c>: a retry with the same key and
/// the same body gets this response again instead of being processed twice.
/// </summary>
public sealed class IdempotencyRecord
{
    public Guid ApiClientId { get; set; }
    public required string Key { get; set; }

    /// <summary>
    /// SHA-256 over the hashes of the batch's records as they are stored (never over the body, which may carry a
    /// password field's text): the same key with other records is refused.
    /// </summary>
    public required string RequestHash { get; set; }
    public int StatusCode { get; set; }
    public required string ResponseBody { get; set; }
    public DateTime CreatedAt { get; set; }
}
