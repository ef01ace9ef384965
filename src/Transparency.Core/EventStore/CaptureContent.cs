namespace Transparency.Core.EventStore;

/// <summary>
/// The payload of one capture record. Deleting this row (and the record's summary) is what
/// "content erased" means; the record row stays behind as the tombstone.
/// </summary>
public sealed class CaptureContent
{
    public required string EmployeeId { get; set; }
    public Guid RecordId { get; set; }

    /// <summary>Kind-specific JSON, as documented for the ingestion API.</summary>
    public required string Json { get; set; }

    /// <summary>Screen snapshot image bytes (screen snapshots only).</summary>
    public byte[]? Snapshot { get; set; }
    public string? SnapshotMediaType { get; set; }
}
