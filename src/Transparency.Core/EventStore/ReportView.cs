namespace Transparency.Core.EventStore;

public enum ReportFormat
{
    Page = 1,
    Csv = 2,
    Pdf = 3,
}

/// <summary>
/// Append-only: someone opened or downloaded an aggregate report. No employee's data was singled out, so no employee's
/// access page lists it; it is kept so that the works council's own use of the reports can be audited.
/// </summary>
public sealed class ReportView
{
    public Guid Id { get; set; }
    public DateTime At { get; set; }
    public required string ActorId { get; set; }
    public ActorRole ActorRole { get; set; }
    public ReportFormat Format { get; set; }

    /// <summary>The org unit asked about (null: the whole organisation).</summary>
    public string? OrgUnitId { get; set; }

    /// <summary>The question as asked: period and kind, in the report's query-string form.</summary>
    public required string Query { get; set; }
}
