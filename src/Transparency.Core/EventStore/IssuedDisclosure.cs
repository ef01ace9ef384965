namespace Transparency.Core.EventStore;

public enum DisclosureKind
{
    /// <summary>What is held about one employee (GDPR Art. 15).</summary>
    Employee = 1,

    /// <summary>The processing register and the organisation's aggregate figures.</summary>
    Organisation = 2,
}

/// <summary>
/// Append-only: a disclosure PDF was issued. The file itself is not kept; its SHA-256 is, so anyone holding the file can
/// have it verified (<c>/verify</c>) without the store giving anything away beyond the initials and org unit below.
/// </summary>
public sealed class IssuedDisclosure
{
    /// <summary>The document id printed in the file.</summary>
    public Guid Id { get; set; }

    public DisclosureKind Kind { get; set; }

    /// <summary>The employee it discloses; null for the organisation-wide disclosure.</summary>
    public string? EmployeeId { get; set; }

    public DateTime IssuedAt { get; set; }

    /// <summary>Who downloaded it (the account) and in which role: the employee themselves or HR.</summary>
    public required string IssuedTo { get; set; }
    public ActorRole IssuedToRole { get; set; }

    /// <summary>The capture period it covers (first and last day, UTC); null where it covers everything held.</summary>
    public DateOnly? PeriodFrom { get; set; }
    public DateOnly? PeriodTo { get; set; }

    /// <summary>The subject as verification shows it: initials and org unit at the time of issue, never the name.</summary>
    public required string SubjectInitials { get; set; }
    public required string SubjectOrgUnit { get; set; }

    /// <summary>SHA-256 of the whole file, lowercase hex.</summary>
    public required string Sha256 { get; set; }
    public long Bytes { get; set; }
}
