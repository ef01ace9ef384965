namespace Transparency.Core.EventStore;

/// <summary>
/// Days of one employee whose summary cells are stale: records arrived, or the employee acted on records captured
/// on them. Until the rollup clears it, the home summary counts these days from the records themselves.
/// </summary>
public sealed class SummaryCellRefresh
{
    public required string EmployeeId { get; set; }

    /// <summary>New with every mark: marks are only ever added and cleared, never updated, so concurrent marks never conflict.</summary>
    public Guid Id { get; set; }

    public DateTime FirstDay { get; set; }

    /// <summary>The last stale day (inclusive).</summary>
    public DateTime LastDay { get; set; }

    /// <summary>When the change marked it; stale days are refreshed oldest mark first.</summary>
    public DateTime MarkedAt { get; set; }
}
