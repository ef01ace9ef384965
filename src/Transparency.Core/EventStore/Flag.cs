namespace Transparency.Core.EventStore;

public enum FlagCategory
{
    WrongPerson = 1,
    PrivateContent = 2,
    Sensitive = 3,
    Other = 4,
}

public enum FlagReviewState
{
    Open = 1,
    Upheld = 2,
    Dismissed = 3,
}

/// <summary>An employee's objection to one record, waiting for the privacy officer. While open, the record is quarantined from training.</summary>
public sealed class Flag
{
    public required string EmployeeId { get; set; }
    public Guid Id { get; set; }
    public Guid RecordId { get; set; }
    public FlagCategory Category { get; set; }
    public string? Note { get; set; }
    public DateTime RaisedAt { get; set; }
    public FlagReviewState ReviewState { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public string? Resolution { get; set; }
}
