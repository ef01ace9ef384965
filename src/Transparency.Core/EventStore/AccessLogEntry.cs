namespace Transparency.Core.EventStore;

public enum AccessChannel
{
    HrDisclosureDownload = 1,
    PrivacyOfficerReview = 2,
    TrainingExport = 3,
    OrganisationDisclosure = 4,
}

/// <summary>Append-only: someone other than the employee read or downloaded the employee's data.</summary>
public sealed class AccessLogEntry
{
    public required string EmployeeId { get; set; }
    public Guid Id { get; set; }
    public DateTime At { get; set; }
    public required string ActorId { get; set; }
    public ActorRole ActorRole { get; set; }
    public AccessChannel Channel { get; set; }
    public string? Why { get; set; }
    public int RecordCount { get; set; }
    public Guid? ExportBatchId { get; set; }
}
