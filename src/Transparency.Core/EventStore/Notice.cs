namespace Transparency.Core.EventStore;

public enum NoticeKind
{
    FlagResolved = 1,
    NewPurposeOrKind = 2,
    DisclosureDownloaded = 3,
    LegalHold = 4,
}

/// <summary>An in-app notice to one employee about something that happened to their data.</summary>
public sealed class Notice
{
    public required string EmployeeId { get; set; }
    public Guid Id { get; set; }
    public DateTime At { get; set; }
    public NoticeKind Kind { get; set; }
    public required string Text { get; set; }

    /// <summary>Where in the app the employee can see more (a local path), if anywhere.</summary>
    public string? Link { get; set; }
    public DateTime? ReadAt { get; set; }
}
