using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Transparency.Core.Rollups;
using Transparency.Core.EventStore;
using Transparency.Testing;

namespace Transparency.Core.Tests.EventStore;

/// <summary>Stores filled before tombstones kept only what they say: the migration empties the rest of the rows already erased.</summary>
public sealed class TombstoneMigrationTests
{
    private const string Migration = "TombstonesKeepOnlyWhatTheySay";
    // Its data step: SQLite rebuilds a table after a migration's other steps, so the emptying comes one migration later.
    private const string DataStep = "EmptyHeldTombstones";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Migration_leaves_deleted_and_purged_rows_as_tombstones_and_keeps_live_records_whole(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider, migrate: false);
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var index = migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal));
            Assert.True(index > 0, $"No migration {Migration}.");
            await db.GetService<IMigrator>().MigrateAsync(migrations[index - 1], Ct);
        }

        await TestData.AddPurposesOfAnEarlierSchemaAsync(store);
        await TestData.AddEmployeesAsync(store, "E-1");
        var decision = Guid.NewGuid();
        // As a delete left a record before: the content and summary gone, the context and state still there.
        var deleted = TestData.Record("E-1", application: "Clinic portal", site: "clinic.example", sensitivity: SensitivityTags.Health)
            .With(r => { r.DeletedAt = TestData.Now.AddDays(-1); r.LastDecisionId = decision; r.Summary = null; r.Content = null;
                r.TrainingChoice = TrainingChoice.Withheld; r.HasOpenFlag = true; });
        var purged = TestData.Record("E-1", capturedAt: TestData.Now.AddDays(-400), application: "Payroll")
            .With(r => { r.PurgedAt = TestData.Now.AddDays(-2); r.LastDecisionId = Guid.NewGuid(); r.Summary = null; r.Content = null; });
        var live = TestData.Record("E-1", application: "Outlook", site: "mail.example").With(r => r.IngestHash = new string('b', 64));
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            db.CaptureRecords.AddRange(deleted, purged, live);
            var client = new ApiClient { Id = Guid.NewGuid(), Name = "capture", Scopes = "capture:write", CreatedAt = TestData.Now };
            db.ApiClients.Add(client);
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                ApiClientId = client.Id, Key = "batch-1", RequestHash = new string('c', 64), StatusCode = 200, ResponseBody = "{}", CreatedAt = TestData.Now,
            });
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            await db.Database.MigrateAsync(Ct);
            Assert.Contains(await db.Database.GetAppliedMigrationsAsync(Ct), m => m.EndsWith("_" + DataStep, StringComparison.Ordinal));
        }

        Assert.Empty(await Tombstones.BeyondTombstoneAsync(store, "E-1", deleted.Id, Ct));
        Assert.Empty(await Tombstones.BeyondTombstoneAsync(store, "E-1", purged.Id, Ct));
        await using var read = await store.Contexts.CreateDbContextAsync(Ct);
        var held = await read.CaptureRecords.AsNoTracking().ToDictionaryAsync(r => r.Id, Ct);
        // Why each was erased stays: the deleting decision, and the purge's own stamp.
        Assert.Equal((deleted.DeletedAt, decision), (held[deleted.Id].DeletedAt, held[deleted.Id].LastDecisionId));
        Assert.Equal(purged.PurgedAt, held[purged.Id].PurgedAt);
        Assert.Equal((deleted.Kind, deleted.CapturedAt), (held[deleted.Id].Kind, held[deleted.Id].CapturedAt));
        var after = held[live.Id];
        Assert.Equal((live.Application, live.Site, live.DeviceId, live.SourceAgent, live.Purposes, live.IngestHash, live.ReceivedAt),
            (after.Application, after.Site, after.DeviceId, after.SourceAgent, after.Purposes, after.IngestHash, after.ReceivedAt));
        Assert.Empty(await read.IdempotencyRecords.ToListAsync(Ct));
        // The tombstones now count under no purpose: their days and weeks are recomputed.
        var marks = await read.SummaryCellRefreshes.AsNoTracking().ToListAsync(Ct);
        var mark = Assert.Single(marks);
        Assert.Equal((DateTime.SpecifyKind(purged.CapturedAt.Date, DateTimeKind.Utc), DateTime.SpecifyKind(deleted.CapturedAt.Date, DateTimeKind.Utc)),
            (mark.FirstDay, mark.LastDay));
        var weeks = await read.UsageCellRefreshes.AsNoTracking().Select(m => m.WeekStart).ToListAsync(Ct);
        Assert.Equal(new[] { purged.CapturedAt, deleted.CapturedAt }.Select(Transparency.Core.Rollups.UsageWeeks.StartOf).Distinct().Order(), weeks.Order());
    }
}
