namespace Transparency.Core.EventStore;

/// <summary>
/// One org unit's own figures for the works council's usage reports: what its direct members (not its sub-units')
/// had captured in one week (Monday 00:00 UTC onwards), of one capture kind or of all kinds together, what became of
/// it, and how they used their rights. Holds counts only, never a person. Each figure sits at the number of its
/// measure (<c>Policies.UsageMeasure</c>), with the number of distinct people behind it beside it, because whether a
/// figure may be shown depends on how many people it comes from; that is decided where reports are read, not here.
/// Recomputed from the records whenever <see cref="UsageCellRefresh"/> marks its org unit and week.
/// </summary>
public sealed class UsageCell
{
    /// <summary>The <see cref="Kind"/> of the cell that counts every kind together.</summary>
    public const CaptureKind AllKinds = 0;

    public required string OrgUnitId { get; set; }
    public DateTime WeekStart { get; set; }
    public CaptureKind Kind { get; set; }

    /// <summary>Each measure's value, by the measure's number.</summary>
    public int[] Values { get; set; } = [];

    /// <summary>How many distinct people are behind each value, by the measure's number.</summary>
    public int[] People { get; set; } = [];

    /// <summary>People counted here who also count in another org unit this week, because they moved during it.</summary>
    public int Movers { get; set; }

    public DateTime RefreshedAt { get; set; }
}
