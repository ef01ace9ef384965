namespace Transparency.Core.EventStore;

public enum OwnDownloadKind
{
    /// <summary>Everything held about them, as the machine-readable export (<c>/my/export</c>).</summary>
    PersonalData = 1,

    /// <summary>Their Art. 15 disclosure as a PDF (<c>/my/disclosure.pdf</c>).</summary>
    Disclosure = 2,
}

/// <summary>
/// An employee downloading their own data. Nobody else read it, so it is not in the access log; it is a use of a right,
/// which the works council's reports count.
/// </summary>
public sealed class OwnDownload
{
    public required string EmployeeId { get; set; }
    public Guid Id { get; set; }
    public DateTime At { get; set; }
    public OwnDownloadKind Kind { get; set; }
}
