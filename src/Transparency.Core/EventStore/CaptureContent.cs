namespace Transparency.Core.EventStore;

/// <summary>
/// The payload of one capture record. Deleting this row (and the record's summary) is what
/// "content erased" means; the record row stays behind as the tombstone.
/// </summary>
public sealed class CaptureContent
{
    public required string EmployeeId { get; set; }
    public Guid RecordId { get; set; }

    /// <summary>
    /// The property and value that stand in a keystroke record's JSON for text typed into a password field,
    /// which is never kept (ADR 0003): <c>{"keyCount":9,"durationMs":2100,"textWithheld":"passwordField"}</c>.
    /// </summary>
    public const string TextWithheldProperty = "textWithheld", TextWithheldPasswordField = "passwordField";

    /// <summary>Kind-specific JSON, as documented for the ingestion API.</summary>
    public required string Json { get; set; }

    /// <summary>Screen snapshot image bytes (screen snapshots only).</summary>
    public byte[]? Snapshot { get; set; }
    public string? SnapshotMediaType { get; set; }
}
