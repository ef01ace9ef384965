using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;

namespace Transparency.Core.EventStore;

/// <summary>
/// What stays of a deleted or purged record (DESIGN rule 3): its id, its employee, its kind, when it was captured,
/// when it was erased and why — so downstream copies can be found and purged — and nothing else. The record page,
/// the delete dialog and the personal-data export say exactly this; a test holds the row to it.
/// </summary>
public static class Tombstone
{
    /// <summary>The columns a tombstone keeps, besides the erasure's own (deleted or purged at, and the deciding decision).</summary>
    public static readonly IReadOnlyList<string> Keeps =
    [
        nameof(CaptureRecord.EmployeeId), nameof(CaptureRecord.Id), nameof(CaptureRecord.Kind), nameof(CaptureRecord.CapturedAt),
    ];

    /// <summary>Records whose content is gone for good: deleted, or purged when their retention ran out.</summary>
    public static readonly Expression<Func<CaptureRecord, bool>> Is = r => r.DeletedAt != null || r.PurgedAt != null;

    /// <summary>Records that still hold their content and context: neither deleted nor purged.</summary>
    public static readonly Expression<Func<CaptureRecord, bool>> IsNot = r => r.DeletedAt == null && r.PurgedAt == null;

    /// <summary>
    /// Empties everything the tombstone does not keep, in the set-based UPDATE that erases (the content row itself is
    /// deleted beside it). The content's hash goes too: short content (a few keys, a window title) could be found again
    /// by hashing candidates; a re-sent id is still recognised by the id itself. The training state goes with the
    /// purposes: the decision log keeps the history of what the employee chose.
    /// </summary>
    public static UpdateSettersBuilder<CaptureRecord> Erase(this UpdateSettersBuilder<CaptureRecord> s) => s
        .SetProperty(r => r.Summary, (string?)null)
        .SetProperty(r => r.ReceivedAt, (DateTime?)null)
        .SetProperty(r => r.Application, (string?)null)
        .SetProperty(r => r.Site, (string?)null)
        .SetProperty(r => r.DeviceId, (string?)null)
        .SetProperty(r => r.SourceAgent, (string?)null)
        .SetProperty(r => r.Sensitivity, SensitivityTags.None)
        .SetProperty(r => r.Purposes, Purposes.None)
        .SetProperty(r => r.IngestHash, (string?)null)
        .SetProperty(r => r.TrainingChoice, TrainingChoice.None)
        .SetProperty(r => r.PreviousTrainingChoice, TrainingChoice.None)
        .SetProperty(r => r.HasOpenFlag, false);
}
