namespace Transparency.Core.EventStore;

/// <summary>
/// A privacy officer's hold on an employee's records (all of them, or a capture period): it blocks
/// deletion and retention purge, and its reason is shown to the employee.
/// </summary>
public sealed class LegalHold
{
    public required string EmployeeId { get; set; }
    public Guid Id { get; set; }
    public required string Reason { get; set; }

    /// <summary>What the hold answers to (a case number, a regulator's letter), so it can be checked and lifted when that ends.</summary>
    public string? Reference { get; set; }
    public DateTime? CapturedFrom { get; set; }
    public DateTime? CapturedBefore { get; set; }
    public required string PlacedBy { get; set; }
    public DateTime PlacedAt { get; set; }
    public string? LiftedBy { get; set; }
    public DateTime? LiftedAt { get; set; }

    /// <summary>Why the hold ended, in words the employee reads.</summary>
    public string? LiftReason { get; set; }
}
