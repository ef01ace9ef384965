namespace Transparency.Core.EventStore;

/// <summary>
/// One aggregate of the works council's usage reports: what was captured in one org unit, of one capture
/// kind, feeding one purpose, in one week (Monday 00:00 UTC onwards). Holds counts only, never a person;
/// small cells are suppressed where reports are shown, not here. Recomputed from the records whenever
/// <see cref="UsageCellRefresh"/> marks its org unit and week.
/// </summary>
public sealed class UsageCell
{
    public required string OrgUnitId { get; set; }
    public DateTime WeekStart { get; set; }
    public CaptureKind Kind { get; set; }

    /// <summary>
    /// A single purpose: a record feeding two purposes counts in both. <see cref="Purposes.None"/> holds the tombstones
    /// (deleted and purged records), whose purposes are erased with their content.
    /// </summary>
    public Purposes Purpose { get; set; }

    public int Records { get; set; }

    /// <summary>Distinct employees with at least one such record that week.</summary>
    public int Employees { get; set; }

    /// <summary>Records the training-eligibility rule accepted when the cell was computed.</summary>
    public int TrainingEligible { get; set; }

    /// <summary>Records their employee withheld from training (by record or standing rule).</summary>
    public int Withheld { get; set; }
    public int Deleted { get; set; }

    /// <summary>Records under an open flag (quarantined).</summary>
    public int Flagged { get; set; }
    public DateTime RefreshedAt { get; set; }
}
