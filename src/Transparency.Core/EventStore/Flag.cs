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

/// <summary>
/// An employee's objection to one record or to a set of records flagged in one act, waiting for the
/// privacy officer. While open, its records are quarantined from training. The records it covers are
/// its <see cref="RecordId"/>, when it names one, and those of its decision (<see cref="DecisionId"/> in
/// <c>decision_records</c>); a store filled by the demo generator names single records only on the flag.
/// </summary>
public sealed class Flag
{
    public required string EmployeeId { get; set; }
    public Guid Id { get; set; }

    /// <summary>The Flag decision that raised it.</summary>
    public Guid DecisionId { get; set; }

    /// <summary>The record, when the flag covers exactly one.</summary>
    public Guid? RecordId { get; set; }
    public int RecordCount { get; set; }
    public FlagCategory Category { get; set; }
    public string? Note { get; set; }
    public DateTime RaisedAt { get; set; }
    public FlagReviewState ReviewState { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public string? Resolution { get; set; }
}
