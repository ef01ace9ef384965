using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Testing;

namespace Transparency.Core.Tests.EventStore;

/// <summary>
/// Bulk writes go past EF, so nothing but these tests holds a row type to the table EF maps: the same columns with the
/// same types, and values EF reads back as they were written, on both providers.
/// </summary>
public sealed class BulkWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Tables => new(Rows.Select(t => t.Name));

    private static readonly BulkTable[] Rows =
        [CaptureRecordRow.Table, CaptureContentRow.Table, DecisionRow.Table, FlagRow.Table, ExportReceiptRow.Table, SummaryCellRow.Table];

    [Theory, MemberData(nameof(Tables))]
    public async Task A_row_type_fills_every_column_the_model_maps_with_its_type(string name)
    {
        await using var store = await TestStore.CreateAsync(StoreProvider.Sqlite, migrate: false);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var table = Rows.Single(t => t.Name == name);
        var entity = db.Model.GetEntityTypes().Single(e => e.GetTableName() == name);

        var mapped = entity.GetProperties().ToDictionary(p => p.GetColumnName(), p => TypeOf(p.ClrType));

        Assert.Equal(mapped.OrderBy(c => c.Key), table.Columns.Select(c => KeyValuePair.Create(c.Name, c.Type)).OrderBy(c => c.Key));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Rows_written_in_bulk_read_back_through_ef_as_written(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, "B-1");
        // A fraction of a millisecond, to the microsecond PostgreSQL keeps: written as text on SQLite, binary on PostgreSQL.
        var capturedAt = new DateTime(2026, 11, 20, 9, 14, 3, 120, DateTimeKind.Utc).AddTicks(40);
        var recordId = Guid.CreateVersion7(capturedAt);
        var decisionId = Guid.CreateVersion7(capturedAt.AddMinutes(5));
        var record = new CaptureRecordRow
        {
            EmployeeId = "B-1", Id = recordId, CapturedAt = capturedAt, ReceivedAt = capturedAt.AddSeconds(2), Kind = CaptureKind.ScreenSnapshot,
            DeviceId = "LAPTOP-1", Application = "Word", Site = null, SourceAgent = "agent/1", Summary = "Screen snapshot of Word",
            Sensitivity = SensitivityTags.Health, Purposes = Purposes.Product | Purposes.ModelTraining, TrainingChoice = TrainingChoice.Withheld,
            HasOpenFlag = true, LastDecisionId = decisionId, PreviousTrainingChoice = TrainingChoice.Released, IngestHash = "abc",
        };
        var decision = new DecisionRow
        {
            EmployeeId = "B-1", Id = decisionId, Kind = DecisionKind.Flag, RecordId = recordId, RecordCount = 1, Reason = "private",
            ActorId = "B-1", ActorRole = ActorRole.Employee, At = capturedAt.AddMinutes(5),
        };
        var flag = new FlagRow
        {
            EmployeeId = "B-1", Id = Guid.CreateVersion7(), DecisionId = decisionId, RecordId = recordId, RecordCount = 1,
            Category = FlagCategory.PrivateContent, Note = "private", RaisedAt = capturedAt.AddMinutes(5), ReviewState = FlagReviewState.Open,
        };
        var cell = new SummaryCellRow
        {
            EmployeeId = "B-1", Day = capturedAt.Date, Kind = CaptureKind.ScreenSnapshot, Purposes = Purposes.Product, Records = 3,
            EligibleWithinRetention = 1, Withheld = 1, Quarantined = 1, Deleted = 0, RefreshedAt = capturedAt.AddHours(1),
        };

        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            await db.Database.OpenConnectionAsync(Ct);
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await using (var writer = BulkWriter.For(db))
            {
                await writer.WriteAsync(record, Ct);
                await writer.WriteAsync(new CaptureContentRow("B-1", recordId, """{"width":1,"height":1}""", [1, 2, 3], "image/png"), Ct);
                await writer.WriteAsync(decision, Ct);
                await writer.WriteAsync(flag, Ct);
                await writer.WriteAsync(cell, Ct);
                await writer.CompleteAsync(Ct);
            }
            await transaction.CommitAsync(Ct);
        }

        await using var read = await store.Contexts.CreateDbContextAsync(Ct);
        var stored = await read.CaptureRecords.AsNoTracking().Include(r => r.Content).SingleAsync(Ct);
        Assert.Equal(record, new CaptureRecordRow
        {
            EmployeeId = stored.EmployeeId, Id = stored.Id, CapturedAt = stored.CapturedAt, ReceivedAt = stored.ReceivedAt, Kind = stored.Kind,
            DeviceId = stored.DeviceId, Application = stored.Application, Site = stored.Site, SourceAgent = stored.SourceAgent,
            Summary = stored.Summary, Sensitivity = stored.Sensitivity, Purposes = stored.Purposes, TrainingChoice = stored.TrainingChoice,
            HasOpenFlag = stored.HasOpenFlag, DeletedAt = stored.DeletedAt, RedactedAt = stored.RedactedAt, PurgedAt = stored.PurgedAt,
            LastDecisionId = stored.LastDecisionId, PreviousTrainingChoice = stored.PreviousTrainingChoice, IngestHash = stored.IngestHash,
        });
        Assert.Equal(DateTimeKind.Utc, stored.CapturedAt.Kind);
        Assert.Equal("""{"width":1,"height":1}""", stored.Content!.Json);
        Assert.Equal([1, 2, 3], stored.Content.Snapshot);
        Assert.Equal("image/png", stored.Content.SnapshotMediaType);

        var d = await read.Decisions.AsNoTracking().SingleAsync(Ct);
        Assert.Equal(decision, new DecisionRow
        {
            EmployeeId = d.EmployeeId, Id = d.Id, Kind = d.Kind, RecordId = d.RecordId, StandingRuleId = d.StandingRuleId,
            LegalHoldId = d.LegalHoldId, Filter = d.Filter, RecordCount = d.RecordCount, Reason = d.Reason, ActorId = d.ActorId,
            ActorRole = d.ActorRole, At = d.At,
        });
        var f = await read.Flags.AsNoTracking().SingleAsync(Ct);
        Assert.Equal(flag, new FlagRow
        {
            EmployeeId = f.EmployeeId, Id = f.Id, DecisionId = f.DecisionId, RecordId = f.RecordId, RecordCount = f.RecordCount,
            Category = f.Category, Note = f.Note, RaisedAt = f.RaisedAt, ReviewState = f.ReviewState, ResolvedAt = f.ResolvedAt,
            ResolvedBy = f.ResolvedBy, Resolution = f.Resolution,
        });
        var c = await read.SummaryCells.AsNoTracking().SingleAsync(Ct);
        Assert.Equal(cell, new SummaryCellRow
        {
            EmployeeId = c.EmployeeId, Day = c.Day, Kind = c.Kind, Purposes = c.Purposes, Records = c.Records,
            EligibleWithinRetention = c.EligibleWithinRetention, Withheld = c.Withheld, Quarantined = c.Quarantined, Deleted = c.Deleted,
            RefreshedAt = c.RefreshedAt,
        });
    }

    private static ColumnType TypeOf(Type clr) => (Nullable.GetUnderlyingType(clr) ?? clr) switch
    {
        var t when t == typeof(string) => ColumnType.Text,
        var t when t == typeof(Guid) => ColumnType.Uuid,
        var t when t == typeof(DateTime) => ColumnType.Timestamp,
        var t when t == typeof(int) || t.IsEnum => ColumnType.Integer,
        var t when t == typeof(bool) => ColumnType.Boolean,
        var t when t == typeof(byte[]) => ColumnType.Bytes,
        var t => throw new NotSupportedException($"No bulk column type for {t.Name}."),
    };
}
