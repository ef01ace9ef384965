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
    /// SHA-256 over the batch's record keys (employee and id), never over content: an idempotency record stays after
    /// its records are erased, and a hash content went into would let a guess at that content be checked. The same key
    /// with other records is refused; with the same records but other content, the records' own hashes refuse it.
    /// </summary>
    public required string RequestHash { get; set; }
    public int StatusCode { get; set; }
    public required string ResponseBody { get; set; }
    public DateTime CreatedAt { get; set; }
}
