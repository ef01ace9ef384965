namespace Transparency.Core.EventStore;

/// <summary>A department or team. Reports aggregate over this hierarchy.</summary>
public sealed class OrgUnit
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? ParentId { get; set; }
    public OrgUnit? Parent { get; set; }
}
