namespace Transparency.Core.EventStore;

/// <summary>
/// That an employee's captures of one kind have fed one purpose, and since when: ingestion reads these for
/// a whole batch in one query to notice a use that is new for the employee (and tell them), instead of
/// probing the records for every employee × kind × purpose it carries.
/// </summary>
public sealed class EmployeeUse
{
    public required string EmployeeId { get; set; }
    public CaptureKind Kind { get; set; }

    /// <summary>A single purpose.</summary>
    public Purposes Purpose { get; set; }
    public DateTime Since { get; set; }
}
