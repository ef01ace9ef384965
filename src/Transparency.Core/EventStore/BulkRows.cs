namespace Transparency.Core.EventStore;

/// <summary>
/// A row written in bulk: its table and, in one place, each column's name, type and value. <see cref="WriteTo"/> is
/// the only list of the table's columns (<see cref="BulkTable.Of{TRow}"/> reads the names and types from it), so a
/// column cannot be named in one order and filled in another.
/// </summary>
internal interface IBulkRow<TSelf> where TSelf : struct, IBulkRow<TSelf>
{
    static abstract BulkTable Table { get; }

    /// <summary>Hands every column to <paramref name="values"/>, always all of them and always in the same order.</summary>
    void WriteTo<TValues>(ref TValues values) where TValues : struct, IBulkValues;
}

/// <summary>One capture_records row: a record's metadata and current state, as ingestion and the demo write it.</summary>
internal readonly record struct CaptureRecordRow : IBulkRow<CaptureRecordRow>
{
    public static BulkTable Table { get; } = BulkTable.Of<CaptureRecordRow>("capture_records");

    public required string EmployeeId { get; init; }
    public required Guid Id { get; init; }
    public required DateTime CapturedAt { get; init; }
    public required CaptureKind Kind { get; init; }
    /// <summary>Null, like the context below, on a deleted record's tombstone.</summary>
    public DateTime? ReceivedAt { get; init; }
    public string? DeviceId { get; init; }
    public string? Application { get; init; }
    public string? Site { get; init; }
    public string? SourceAgent { get; init; }
    public string? Summary { get; init; }
    public SensitivityTags Sensitivity { get; init; }
    public Purposes Purposes { get; init; }
    public TrainingChoice TrainingChoice { get; init; }
    public bool HasOpenFlag { get; init; }
    public DateTime? DeletedAt { get; init; }
    public DateTime? RedactedAt { get; init; }
    public DateTime? PurgedAt { get; init; }
    public Guid? LastDecisionId { get; init; }
    public TrainingChoice PreviousTrainingChoice { get; init; }
    public string? IngestHash { get; init; }

    public void WriteTo<TValues>(ref TValues v) where TValues : struct, IBulkValues
    {
        v.Text("employee_id", EmployeeId);
        v.Uuid("id", Id);
        v.Timestamp("captured_at", CapturedAt);
        v.Timestamp("received_at", ReceivedAt);
        v.Integer("kind", (int)Kind);
        v.Text("device_id", DeviceId);
        v.Text("application", Application);
        v.Text("site", Site);
        v.Text("source_agent", SourceAgent);
        v.Text("summary", Summary);
        v.Integer("sensitivity", (int)Sensitivity);
        v.Integer("purposes", (int)Purposes);
        v.Integer("training_choice", (int)TrainingChoice);
        v.Boolean("has_open_flag", HasOpenFlag);
        v.Timestamp("deleted_at", DeletedAt);
        v.Timestamp("redacted_at", RedactedAt);
        v.Timestamp("purged_at", PurgedAt);
        v.Uuid("last_decision_id", LastDecisionId);
        v.Integer("previous_training_choice", (int)PreviousTrainingChoice);
        v.Text("ingest_hash", IngestHash);
    }
}

/// <summary>One capture_contents row: a record's content, kept apart from its metadata so erasure touches one place.</summary>
internal readonly record struct CaptureContentRow(string EmployeeId, Guid RecordId, string Json, byte[]? Snapshot, string? SnapshotMediaType)
    : IBulkRow<CaptureContentRow>
{
    public static BulkTable Table { get; } = BulkTable.Of<CaptureContentRow>("capture_contents");

    public void WriteTo<TValues>(ref TValues v) where TValues : struct, IBulkValues
    {
        v.Text("employee_id", EmployeeId);
        v.Uuid("record_id", RecordId);
        v.Text("json", Json);
        v.Bytes("snapshot", Snapshot);
        v.Text("snapshot_media_type", SnapshotMediaType);
    }
}

/// <summary>One decisions row: an act on records, appended, never edited.</summary>
internal readonly record struct DecisionRow : IBulkRow<DecisionRow>
{
    public static BulkTable Table { get; } = BulkTable.Of<DecisionRow>("decisions");

    public required string EmployeeId { get; init; }
    public required Guid Id { get; init; }
    public required DecisionKind Kind { get; init; }
    public Guid? RecordId { get; init; }
    public Guid? StandingRuleId { get; init; }
    public Guid? LegalHoldId { get; init; }
    public string? Filter { get; init; }
    public int RecordCount { get; init; }
    public string? Reason { get; init; }
    public required string ActorId { get; init; }
    public required ActorRole ActorRole { get; init; }
    public required DateTime At { get; init; }

    public void WriteTo<TValues>(ref TValues v) where TValues : struct, IBulkValues
    {
        v.Text("employee_id", EmployeeId);
        v.Uuid("id", Id);
        v.Integer("kind", (int)Kind);
        v.Uuid("record_id", RecordId);
        v.Uuid("standing_rule_id", StandingRuleId);
        v.Uuid("legal_hold_id", LegalHoldId);
        v.Text("filter", Filter);
        v.Integer("record_count", RecordCount);
        v.Text("reason", Reason);
        v.Text("actor_id", ActorId);
        v.Integer("actor_role", (int)ActorRole);
        v.Timestamp("at", At);
    }
}

/// <summary>One flags row: a flag an employee raised, and how the privacy officer resolved it.</summary>
internal readonly record struct FlagRow : IBulkRow<FlagRow>
{
    public static BulkTable Table { get; } = BulkTable.Of<FlagRow>("flags");

    public required string EmployeeId { get; init; }
    public required Guid Id { get; init; }
    public required Guid DecisionId { get; init; }
    public Guid? RecordId { get; init; }
    public int RecordCount { get; init; }
    public FlagCategory Category { get; init; }
    public string? Note { get; init; }
    public required DateTime RaisedAt { get; init; }
    public FlagReviewState ReviewState { get; init; }
    public DateTime? ResolvedAt { get; init; }
    public string? ResolvedBy { get; init; }
    public string? Resolution { get; init; }

    public void WriteTo<TValues>(ref TValues v) where TValues : struct, IBulkValues
    {
        v.Text("employee_id", EmployeeId);
        v.Uuid("id", Id);
        v.Uuid("decision_id", DecisionId);
        v.Uuid("record_id", RecordId);
        v.Integer("record_count", RecordCount);
        v.Integer("category", (int)Category);
        v.Text("note", Note);
        v.Timestamp("raised_at", RaisedAt);
        v.Integer("review_state", (int)ReviewState);
        v.Timestamp("resolved_at", ResolvedAt);
        v.Text("resolved_by", ResolvedBy);
        v.Text("resolution", Resolution);
    }
}

/// <summary>One export_receipts row: which export batch carried a record to the training pipeline.</summary>
internal readonly record struct ExportReceiptRow(string EmployeeId, Guid RecordId, Guid ExportBatchId, DateTime ExportedAt)
    : IBulkRow<ExportReceiptRow>
{
    public static BulkTable Table { get; } = BulkTable.Of<ExportReceiptRow>("export_receipts");

    public void WriteTo<TValues>(ref TValues v) where TValues : struct, IBulkValues
    {
        v.Text("employee_id", EmployeeId);
        v.Uuid("record_id", RecordId);
        v.Uuid("export_batch_id", ExportBatchId);
        v.Timestamp("exported_at", ExportedAt);
    }
}

/// <summary>One summary_cells row: an employee's figures for one day, kind and purpose set.</summary>
internal readonly record struct SummaryCellRow : IBulkRow<SummaryCellRow>
{
    public static BulkTable Table { get; } = BulkTable.Of<SummaryCellRow>("summary_cells");

    public required string EmployeeId { get; init; }
    public required DateTime Day { get; init; }
    public required CaptureKind Kind { get; init; }
    public required Purposes Purposes { get; init; }
    public int Records { get; init; }
    public int EligibleWithinRetention { get; init; }
    public int Withheld { get; init; }
    public int Quarantined { get; init; }
    public int Deleted { get; init; }
    public required DateTime RefreshedAt { get; init; }

    public void WriteTo<TValues>(ref TValues v) where TValues : struct, IBulkValues
    {
        v.Text("employee_id", EmployeeId);
        v.Timestamp("day", Day);
        v.Integer("kind", (int)Kind);
        v.Integer("purposes", (int)Purposes);
        v.Integer("records", Records);
        v.Integer("eligible_within_retention", EligibleWithinRetention);
        v.Integer("withheld", Withheld);
        v.Integer("quarantined", Quarantined);
        v.Integer("deleted", Deleted);
        v.Timestamp("refreshed_at", RefreshedAt);
    }
}
