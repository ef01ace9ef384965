namespace Transparency.Core.EventStore;

/// <summary>An org unit's week whose usage cells are stale: records arrived or were acted on since they were computed.</summary>
public sealed class UsageCellRefresh
{
    public required string OrgUnitId { get; set; }
    public DateTime WeekStart { get; set; }

    /// <summary>When the latest change marked it; stale weeks are refreshed oldest first.</summary>
    public DateTime MarkedAt { get; set; }

    /// <summary>New with every mark: a refresh clears the mark only if nothing marked it again meanwhile.</summary>
    public Guid Version { get; set; }
}
