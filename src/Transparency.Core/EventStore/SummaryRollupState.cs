namespace Transparency.Core.EventStore;

/// <summary>How far the summary rollup has looked at arriving records (by received time): a single row.</summary>
public sealed class SummaryRollupState
{
    public int Id { get; set; }

    /// <summary>Summary cells hold exactly the records received up to this instant; later ones are counted from the records.</summary>
    public DateTime ReceivedUpTo { get; set; }
}
