namespace Transparency.Core.EventStore;

/// <summary>
/// An employee's rule that withholds matching records from training, present and future.
/// Criteria left empty match everything, so a rule with none is the global opt-out. Rules are
/// evaluated by the eligibility rule in SQL, never copied onto records, so removing one
/// releases exactly what it alone withheld.
/// </summary>
public sealed class StandingRule
{
    public required string EmployeeId { get; set; }
    public Guid Id { get; set; }
    public CaptureKind? Kind { get; set; }
    public string? Application { get; set; }
    public string? Site { get; set; }

    /// <summary>Matches records captured at or after this instant.</summary>
    public DateTime? CapturedFrom { get; set; }

    /// <summary>Matches records captured before this instant ("nothing before date D").</summary>
    public DateTime? CapturedBefore { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? RemovedAt { get; set; }

    public bool IsGlobalOptOut =>
        Kind is null && Application is null && Site is null && CapturedFrom is null && CapturedBefore is null;
}
