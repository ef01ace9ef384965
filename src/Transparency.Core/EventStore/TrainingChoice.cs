namespace Transparency.Core.EventStore;

/// <summary>The employee's latest per-record training decision, kept on the record for the eligibility rule.</summary>
public enum TrainingChoice
{
    /// <summary>No decision on this record: the rules decide.</summary>
    None = 0,
    Withheld = 1,

    /// <summary>Explicitly released: also lifts the sensitive-context default for this record.</summary>
    Released = 2,
}
