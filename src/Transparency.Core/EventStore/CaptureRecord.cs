namespace Transparency.Core.EventStore;

/// <summary>
/// One captured item's metadata and current state. The content lives in <see cref="CaptureContent"/>
/// so that listing never reads it and erasure touches one place. The state columns
/// (<see cref="TrainingChoice"/>, <see cref="HasOpenFlag"/>, the erasure times) are derived from the
/// decision log and updated in the same transaction that appends the decision.
/// </summary>
/// <remarks>
/// A deleted or purged record's row is its tombstone (DESIGN rule 3) and holds exactly: the employee, the id, the kind,
/// when it was captured, when it was erased and why (<see cref="DeletedAt"/> with the deciding
/// <see cref="LastDecisionId"/>, or <see cref="PurgedAt"/> for retention). Every other column is empty: see <see cref="Tombstone"/>.
/// </remarks>
public sealed class CaptureRecord
{
    public required string EmployeeId { get; set; }
    public Guid Id { get; set; }
    public DateTime CapturedAt { get; set; }
    /// <summary>When the store took the record in; erased with the content (a tombstone keeps only when it was captured).</summary>
    public DateTime? ReceivedAt { get; set; }
    public CaptureKind Kind { get; set; }
    // Where it was captured: always sent by the capture pipeline, erased with the content (null on a tombstone).
    public string? DeviceId { get; set; }
    public string? Application { get; set; }
    public string? Site { get; set; }
    public string? SourceAgent { get; set; }

    /// <summary>A one-line readable description; erased with the content.</summary>
    public string? Summary { get; set; }

    public SensitivityTags Sensitivity { get; set; }

    /// <summary>
    /// SHA-256 of the record as the capture pipeline sent it, less what is never kept (a password field's text,
    /// ADR 0003): a re-sent record with the same id is a duplicate when this matches, a conflict when it does not.
    /// Erased with the content (delete, retention purge), since short content could be found again from it; a re-sent
    /// id without a hash is a duplicate. Null for records not ingested through the API.
    /// </summary>
    public string? IngestHash { get; set; }
    public Purposes Purposes { get; set; }

    public TrainingChoice TrainingChoice { get; set; }
    public bool HasOpenFlag { get; set; }
    public DateTime? DeletedAt { get; set; }
    public DateTime? RedactedAt { get; set; }

    /// <summary>Content erased because every purpose's retention ran out.</summary>
    public DateTime? PurgedAt { get; set; }

    /// <summary>The latest decision that changed this record; marks the rows of a set-based act.</summary>
    public Guid? LastDecisionId { get; set; }

    /// <summary>The training choice before <see cref="LastDecisionId"/> changed it, so that act can be undone exactly.</summary>
    public TrainingChoice PreviousTrainingChoice { get; set; }

    public CaptureContent? Content { get; set; }
}
