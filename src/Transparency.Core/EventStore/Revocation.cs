namespace Transparency.Core.EventStore;

/// <summary>
/// Append-only: a record that left in a training export batch is no longer eligible. The client that took the
/// batch reads these in <see cref="Sequence"/> order and purges its copies. One row per record per
/// export batch, written when a revocation-feed request first sees the record ineligible.
/// </summary>
public sealed class Revocation
{
    /// <summary>
    /// Gapless and increasing in commit order across all clients: the revocation feed's cursor. A client's own feed
    /// reads it with gaps (the other clients' revocations).
    /// </summary>
    public long Sequence { get; set; }
    public required string EmployeeId { get; set; }
    public Guid RecordId { get; set; }
    public Guid ExportBatchId { get; set; }

    /// <summary>Every clause of the eligibility rule the record failed when the revocation was recorded (an <c>IneligibilityReasons</c> bit set).</summary>
    public int Reasons { get; set; }

    /// <summary>
    /// The strongest reason, e.g. <c>withheld</c>, <c>deleted</c>, <c>opted_out</c>: kept for audit, never shown to the
    /// training pipeline, whose feed says only <c>no_longer_eligible</c>.
    /// </summary>
    public required string ReasonClass { get; set; }

    /// <summary>When the record stopped being eligible, as best the store knows.</summary>
    public DateTime IneligibleSince { get; set; }
    public DateTime RecordedAt { get; set; }
}
