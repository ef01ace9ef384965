namespace Transparency.Core.EventStore;

/// <summary>
/// An org unit an employee belonged to before a move: until <see cref="Until"/> (exclusive, UTC) their records
/// count in <see cref="OrgUnitId"/>, from it in the next membership (a later row, or <see cref="Employee.OrgUnitId"/>).
/// Reports follow a move from the move on and leave what was counted before where it was.
/// </summary>
public sealed class PastMembership
{
    public required string EmployeeId { get; set; }
    public required string OrgUnitId { get; set; }
    public DateTime Until { get; set; }
}
