namespace Transparency.Core.EventStore;

/// <summary>How far the rollup has looked at arriving records (by received time): a single row.</summary>
public sealed class UsageRollupState
{
    public int Id { get; set; }
    public DateTime ReceivedUpTo { get; set; }
}
