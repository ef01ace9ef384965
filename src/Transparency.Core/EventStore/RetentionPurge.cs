namespace Transparency.Core.EventStore;

/// <summary>
/// The purge log: one row per retention purge run that erased or held back anything. Purged records
/// carry the run's <see cref="StartedAt"/> as their <see cref="CaptureRecord.PurgedAt"/>, so every
/// tombstone can be traced to the run that made it.
/// </summary>
public sealed class RetentionPurge
{
    public Guid Id { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime FinishedAt { get; set; }

    /// <summary>The app instance that ran the purge (machine name and process id).</summary>
    public required string Instance { get; set; }

    /// <summary>Records whose content (payload, snapshot, summary) this run erased.</summary>
    public int RecordsPurged { get; set; }

    /// <summary>Records past their retention that an active legal hold kept.</summary>
    public int RecordsHeld { get; set; }

    /// <summary>The oldest and newest capture time among the purged records.</summary>
    public DateTime? OldestCapturedAt { get; set; }
    public DateTime? NewestCapturedAt { get; set; }

    /// <summary>Each purpose's retention as applied, e.g. <c>OperationalTelemetry=90d;Product=180d;ModelTraining=365d</c>.</summary>
    public required string Retention { get; set; }
}
