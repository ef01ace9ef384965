namespace Transparency.Core.EventStore;

public enum DecisionKind
{
    Flag = 1,
    Unflag = 2,
    Delete = 3,
    Withhold = 4,
    Release = 5,
    Redact = 6,
    LegalHold = 7,
    LiftLegalHold = 8,
}

public enum ActorRole
{
    Employee = 1,
    PrivacyOfficer = 2,
    HR = 3,
    WorksCouncil = 4,
    Service = 5,
    System = 6,
}

/// <summary>
/// One act on an employee's records, appended and never edited: the history is the audit trail.
/// A single-record act names its record; a standing rule names the rule; a bulk act carries the
/// filter it applied and how many records it changed.
/// </summary>
public sealed class Decision
{
    public required string EmployeeId { get; set; }
    public Guid Id { get; set; }
    public DecisionKind Kind { get; set; }
    public Guid? RecordId { get; set; }
    public Guid? StandingRuleId { get; set; }
    public Guid? LegalHoldId { get; set; }

    /// <summary>The filter of a bulk act, as readable JSON.</summary>
    public string? Filter { get; set; }
    public int RecordCount { get; set; }
    public string? Reason { get; set; }
    public required string ActorId { get; set; }
    public ActorRole ActorRole { get; set; }
    public DateTime At { get; set; }
}
