namespace Transparency.Core.EventStore;

/// <summary>One training-export response: which client took how many records, when.</summary>
public sealed class ExportBatch
{
    public Guid Id { get; set; }
    public Guid ApiClientId { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public int RecordCount { get; set; }
}

/// <summary>A training receipt: this record left in that export batch.</summary>
public sealed class ExportReceipt
{
    public required string EmployeeId { get; set; }
    public Guid RecordId { get; set; }
    public Guid ExportBatchId { get; set; }
    public DateTime ExportedAt { get; set; }
}
