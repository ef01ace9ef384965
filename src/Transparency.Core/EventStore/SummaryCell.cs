namespace Transparency.Core.EventStore;

/// <summary>
/// One aggregate behind an employee's home summary: their records captured on one day (00:00 UTC onwards), of one
/// capture kind, with one set of purposes, received up to <see cref="SummaryRollupState.ReceivedUpTo"/>. Holds
/// the figures the summary shows, from the one eligibility rule, except the training retention: that depends on
/// the time of reading, so the summary applies it when it reads. Recomputed from the records whenever a
/// <see cref="SummaryCellRefresh"/> marks its day.
/// </summary>
public sealed class SummaryCell
{
    public required string EmployeeId { get; set; }
    public DateTime Day { get; set; }
    public CaptureKind Kind { get; set; }

    /// <summary>The records' purposes as captured (a set): the summary splits them per purpose when it reads.</summary>
    public Purposes Purposes { get; set; }

    public int Records { get; set; }

    /// <summary>Records every clause of the eligibility rule accepts except the retention clause.</summary>
    public int EligibleWithinRetention { get; set; }

    /// <summary>Records not deleted that their employee withheld from training (by record or standing rule).</summary>
    public int Withheld { get; set; }

    /// <summary>Records not deleted under an open flag.</summary>
    public int Quarantined { get; set; }
    public int Deleted { get; set; }
    public DateTime RefreshedAt { get; set; }
}
