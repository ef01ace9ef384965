using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Testing;

namespace Transparency.Core.Tests.EventStore;

public sealed class MigrationTests
{
    /// <summary>
    /// The one index on employee data that does not lead with the employee: the privacy officer's
    /// review queue reads open flags of every employee, oldest first.
    /// </summary>
    private const string FlagReviewQueueIndex = "ix_flags_review_state_raised_at";
    private const string ExportBatchReceiptsIndex = "ix_export_receipts_batch";
    private const string ExportCursorIndex = "ix_capture_records_received";

    /// <summary>The revocation feed's cursor: every employee's revocations in the order they were recorded.</summary>
    private const string RevocationFeedIndex = "ix_revocations_sequence";

    /// <summary>The retention purge's work list: records still holding content, by purpose set and capture time.</summary>
    private const string RetentionPurgeIndex = "ix_capture_records_content_held";

    /// <summary>The summary rollup's work list: every employee's stale-day marks, oldest first.</summary>
    private const string SummaryRollupWorkListIndex = "ix_summary_cell_refreshes_marked_at";
    private const string PastMembershipsByUnitIndex = "ix_past_memberships_org_unit_id_until";

    /// <summary>The privacy officers' activity page: their decisions and reviews across employees, newest first.</summary>
    private const string OfficerDecisionsIndex = "ix_decisions_officer_at";
    private const string OfficerAccessIndex = "ix_access_log_officer_at";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Migrations_apply_to_an_empty_database(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider, migrate: false);
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            Assert.NotEmpty(db.Database.GetMigrations());
            Assert.Empty(await db.Database.GetAppliedMigrationsAsync(Ct));
            await db.Database.MigrateAsync(Ct);
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Ct));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        }

        // The migrated schema holds what the model writes, including a record's content.
        await TestData.AddEmployeesAsync(store, "E-1");
        var record = TestData.Record("E-1");
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            db.CaptureRecords.Add(record);
            await db.SaveChangesAsync(Ct);
        }
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            var read = await db.RecordsOf(new EmployeeId("E-1")).Include(r => r.Content).SingleAsync(Ct);
            Assert.Equal(record.Id, read.Id);
            Assert.Equal(record.CapturedAt, read.CapturedAt);
            Assert.Equal(DateTimeKind.Utc, read.CapturedAt.Kind);
            Assert.Equal(record.Content!.Json, read.Content!.Json);
        }
    }

    /// <summary>Fails when the model changed without <c>scripts/add-migration.sh</c> adding the migration for this provider.</summary>
    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public void Model_has_no_changes_missing_from_the_migrations(StoreProvider provider)
    {
        using var db = ModelOnly(provider);
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} model differs from its migrations' snapshot: run scripts/add-migration.sh <Name>.");
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public void Primary_keys_of_employee_data_lead_with_employee_id(StoreProvider provider)
    {
        using var db = ModelOnly(provider);
        var employeeData = EmployeeData(db.Model).ToList();
        Assert.Contains(employeeData, e => e.ClrType == typeof(CaptureRecord));
        Assert.All(employeeData, entity =>
            Assert.True(entity.FindPrimaryKey()!.Properties[0].Name == nameof(CaptureRecord.EmployeeId),
                $"{entity.ClrType.Name}'s key is ({string.Join(", ", entity.FindPrimaryKey()!.Properties.Select(p => p.Name))})"));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public void Indexes_of_employee_data_lead_with_employee_id_except_the_named_cross_employee_ones(StoreProvider provider)
    {
        using var db = ModelOnly(provider);
        var indexes = EmployeeData(db.Model).SelectMany(e => e.GetIndexes()).ToList();

        var reviewQueue = Assert.Single(indexes, i => i.GetDatabaseName() == FlagReviewQueueIndex);
        Assert.Equal([nameof(Flag.ReviewState), nameof(Flag.RaisedAt)], reviewQueue.Properties.Select(p => p.Name));
        var exportCursor = Assert.Single(indexes, i => i.GetDatabaseName() == ExportCursorIndex);
        Assert.Equal([nameof(CaptureRecord.ReceivedAt), nameof(CaptureRecord.EmployeeId), nameof(CaptureRecord.Id)], exportCursor.Properties.Select(p => p.Name));
        var batchReceipts = Assert.Single(indexes, i => i.GetDatabaseName() == ExportBatchReceiptsIndex);
        Assert.Equal([nameof(ExportReceipt.ExportBatchId)], batchReceipts.Properties.Select(p => p.Name));

        var revocationFeed = Assert.Single(indexes, i => i.GetDatabaseName() == RevocationFeedIndex);
        Assert.Equal([nameof(Revocation.Sequence)], revocationFeed.Properties.Select(p => p.Name));

        var purgeWorkList = Assert.Single(indexes, i => i.GetDatabaseName() == RetentionPurgeIndex);
        Assert.Equal([nameof(CaptureRecord.Purposes), nameof(CaptureRecord.CapturedAt)], purgeWorkList.Properties.Select(p => p.Name));
        Assert.Equal("purged_at IS NULL AND deleted_at IS NULL", purgeWorkList.GetFilter());

        var summaryWorkList = Assert.Single(indexes, i => i.GetDatabaseName() == SummaryRollupWorkListIndex);
        Assert.Equal([nameof(SummaryCellRefresh.MarkedAt)], summaryWorkList.Properties.Select(p => p.Name));

        // The usage rollup of one org unit finds who belonged to it in a week, across employees.
        var pastMembers = Assert.Single(indexes, i => i.GetDatabaseName() == PastMembershipsByUnitIndex);
        Assert.Equal([nameof(PastMembership.OrgUnitId), nameof(PastMembership.Until)], pastMembers.Properties.Select(p => p.Name));

        foreach (var name in new[] { OfficerDecisionsIndex, OfficerAccessIndex })
        {
            var officer = Assert.Single(indexes, i => i.GetDatabaseName() == name);
            Assert.Equal(["At"], officer.Properties.Select(p => p.Name));
            Assert.Equal("actor_role = 2", officer.GetFilter());
            Assert.Equal(2, (int)ActorRole.PrivacyOfficer);
        }

        var strays = indexes
            .Where(i => i.GetDatabaseName() is not (FlagReviewQueueIndex or ExportBatchReceiptsIndex or ExportCursorIndex or RevocationFeedIndex
                            or RetentionPurgeIndex or SummaryRollupWorkListIndex or PastMembershipsByUnitIndex
                            or OfficerDecisionsIndex or OfficerAccessIndex)
                        && i.Properties[0].Name != nameof(CaptureRecord.EmployeeId))
            .Select(i => $"{i.GetDatabaseName()} ({string.Join(", ", i.Properties.Select(p => p.Name))}) on {i.DeclaringEntityType.ClrType.Name}")
            .ToList();
        Assert.True(strays.Count == 0, "Indexes on employee data that do not lead with employee_id: " + string.Join("; ", strays));
    }

    /// <remarks>
    /// A sign-in session names the employee it matched, if any, but is not their data: it is keyed and read by its own id on every
    /// request, and an account that matches nobody has one too. An issued disclosure names its employee (none for the organisation's)
    /// but is the issuer's record of a file: the public verification page finds it by the file's hash, across employees.
    /// </remarks>
    private static IEnumerable<IEntityType> EmployeeData(IModel model) =>
        model.GetEntityTypes().Where(e => e.FindProperty(nameof(CaptureRecord.EmployeeId)) is not null
                                          && e.ClrType != typeof(UserSession) && e.ClrType != typeof(IssuedDisclosure));

    /// <summary>A context that only builds the provider's model; it never connects.</summary>
    private static TransparencyDbContext ModelOnly(StoreProvider provider)
    {
        var options = new DbContextOptionsBuilder<TransparencyDbContext>();
        CoreRegistration.Configure(options, new StoreOptions
        {
            Provider = provider,
            ConnectionString = provider == StoreProvider.Sqlite ? "Data Source=model-only.db" : "Host=127.0.0.1;Database=model_only",
        });
        return new TransparencyDbContext(options.Options);
    }
}
