namespace Transparency.Core.EventStore;

/// <summary>
/// Which records one decision changed. Written set-based with the decision, so a record's history
/// names every act that touched it, bulk acts included.
/// </summary>
public sealed class DecisionRecord
{
    public required string EmployeeId { get; set; }
    public Guid DecisionId { get; set; }
    public Guid RecordId { get; set; }
}
