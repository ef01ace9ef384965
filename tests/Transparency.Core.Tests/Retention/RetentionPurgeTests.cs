using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.EventStore;
using Transparency.Core.Retention;
using Transparency.Testing;

namespace Transparency.Core.Tests.Retention;

/// <summary>
/// DESIGN rule 3 for retention: content goes once every purpose it feeds is past its retention (90 days
/// telemetry, 180 product, 365 training in the register), a tombstone stays, legal holds keep what they
/// cover, and several instances purging at once erase each record once.
/// </summary>
public sealed class RetentionPurgeTests
{
    private const string Ada = "RET-ADA";
    private const string Ben = "RET-BEN";
    private static readonly DateTime Now = TestData.Now;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Content_is_erased_once_every_purpose_it_feeds_is_past_its_retention(StoreProvider provider)
    {
        await using var store = await NewStoreAsync(provider);
        var telemetryOld = Record(Ada, 91, Purposes.OperationalTelemetry);
        var telemetryYoung = Record(Ada, 89, Purposes.OperationalTelemetry);
        var productOld = Record(Ada, 181, Purposes.Product);
        var productYoung = Record(Ada, 179, Purposes.Product);
        // Telemetry's 90 days are long over, but training still needs the content until day 365.
        var trainingYoung = Record(Ada, 200, Purposes.OperationalTelemetry | Purposes.ModelTraining);
        var trainingOld = Record(Ben, 366, Purposes.OperationalTelemetry | Purposes.ModelTraining, CaptureKind.ScreenSnapshot);
        trainingOld.Content!.Snapshot = [0x89, 0x50, 0x4E, 0x47];
        trainingOld.Content.SnapshotMediaType = "image/png";
        var deletedOld = Record(Ben, 400, Purposes.OperationalTelemetry);
        deletedOld.DeletedAt = Now.AddDays(-300);
        deletedOld.Summary = null;
        deletedOld.Content = null;
        // As ingestion leaves them: a hash over the content of each.
        foreach (var r in new[] { telemetryOld, telemetryYoung, productOld, productYoung, trainingYoung, trainingOld })
            r.IngestHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(r.Id.ToByteArray()));
        await AddAsync(store, telemetryOld, telemetryYoung, productOld, productYoung, trainingYoung, trainingOld, deletedOld);

        var result = await Service(store).PurgeAsync(Ct);

        Assert.Equal(new RetentionPurgeResult(Purged: 3, Held: 0, Skipped: false), result);
        var state = await StateAsync(store);
        foreach (var purged in new[] { telemetryOld, productOld, trainingOld })
        {
            var (record, hasContent) = state[purged.Id];
            Assert.Equal(Now, record.PurgedAt);
            Assert.Null(record.Summary);
            Assert.False(hasContent, $"the {purged.Kind} record captured {purged.CapturedAt:d} still has content");
            // Nor a hash from which short content could be found again.
            Assert.Null(record.IngestHash);
            // The tombstone: who, what kind, when, and when it was purged; nothing else.
            Assert.Equal((purged.EmployeeId, purged.Kind, purged.CapturedAt), (record.EmployeeId, record.Kind, record.CapturedAt));
            Assert.Empty(await Tombstones.BeyondTombstoneAsync(store, purged.EmployeeId, purged.Id, Ct));
        }
        foreach (var kept in new[] { telemetryYoung, productYoung, trainingYoung })
        {
            var (record, hasContent) = state[kept.Id];
            Assert.Null(record.PurgedAt);
            Assert.Equal(kept.Summary, record.Summary);
            Assert.True(hasContent);
            Assert.Equal(kept.IngestHash, record.IngestHash);
        }
        Assert.Null(state[deletedOld.Id].Record.PurgedAt);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_legal_hold_keeps_expired_content_until_it_is_lifted(StoreProvider provider)
    {
        await using var store = await NewStoreAsync(provider);
        // Held and free records interleaved in capture time, in batches of two: the purge must get past the held ones.
        var held = Enumerable.Range(0, 4).Select(i => Record(Ada, 100 + 2 * i, Purposes.OperationalTelemetry)).ToArray();
        var free = Enumerable.Range(0, 5).Select(i => Record(Ben, 101 + 2 * i, Purposes.OperationalTelemetry)).ToArray();
        var outsideHoldPeriod = Record(Ada, 300, Purposes.OperationalTelemetry);
        await AddAsync(store, [.. held, .. free, outsideHoldPeriod]);
        var hold = new LegalHold
        {
            EmployeeId = Ada, Id = Guid.NewGuid(), Reason = "Employment tribunal case 2026-114",
            CapturedFrom = Now.AddDays(-200), PlacedBy = "E00006", PlacedAt = Now.AddDays(-10),
        };
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            db.LegalHolds.Add(hold);
            await db.SaveChangesAsync(Ct);
        }

        var first = await Service(store, batchSize: 2).PurgeAsync(Ct);

        Assert.Equal(new RetentionPurgeResult(Purged: 6, Held: 4, Skipped: false), first);
        var state = await StateAsync(store);
        Assert.All(held, r => Assert.True(state[r.Id].HasContent && state[r.Id].Record.PurgedAt is null));
        Assert.All(free.Append(outsideHoldPeriod), r => Assert.False(state[r.Id].HasContent));

        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
            await db.LegalHolds.Where(h => h.Id == hold.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.LiftedAt, Now).SetProperty(h => h.LiftedBy, "E00006"), Ct);
        var clock = new FakeTimeProvider(new DateTimeOffset(Now.AddHours(1)));
        var second = await Service(store, batchSize: 2, clock).PurgeAsync(Ct);

        Assert.Equal(new RetentionPurgeResult(Purged: 4, Held: 0, Skipped: false), second);
        state = await StateAsync(store);
        Assert.All(held, r => Assert.False(state[r.Id].HasContent));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Each_run_that_erases_or_holds_anything_is_logged(StoreProvider provider)
    {
        await using var store = await NewStoreAsync(provider);
        var oldest = Record(Ada, 150, Purposes.OperationalTelemetry);
        var newest = Record(Ben, 95, Purposes.OperationalTelemetry);
        await AddAsync(store, oldest, newest, Record(Ada, 10, Purposes.OperationalTelemetry));

        await Service(store).PurgeAsync(Ct);
        var nothingLeft = await Service(store, clock: new FakeTimeProvider(new DateTimeOffset(Now.AddMinutes(5)))).PurgeAsync(Ct);

        Assert.Equal(0, nothingLeft.Purged);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var run = Assert.Single(await db.RetentionPurges.ToListAsync(Ct));
        Assert.Equal(2, run.RecordsPurged);
        Assert.Equal(0, run.RecordsHeld);
        Assert.Equal(Now, run.StartedAt);
        Assert.Equal(oldest.CapturedAt, run.OldestCapturedAt);
        Assert.Equal(newest.CapturedAt, run.NewestCapturedAt);
        Assert.Equal("OperationalTelemetry=90d;Product=180d;ModelTraining=365d", run.Retention);
        Assert.Contains(Environment.MachineName, run.Instance);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Several_instances_purging_at_once_erase_each_record_exactly_once(StoreProvider provider)
    {
        await using var store = await NewStoreAsync(provider);
        var expired = Enumerable.Range(0, 1200)
            .Select(i => Record(i % 2 == 0 ? Ada : Ben, 91 + i % 300, (Purposes)(1 + i % 3)))
            .ToArray();
        var young = Enumerable.Range(0, 50).Select(i => Record(Ada, i, Purposes.OperationalTelemetry)).ToArray();
        await AddAsync(store, [.. expired, .. young]);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Service(store, batchSize: 50).PurgeAsync(Ct), Ct)));

        // Every expired record erased, by whichever instance; none counted twice.
        var expectedCount = expired.Count(r => r.CapturedAt < Now.AddDays(-RetentionDays(r.Purposes)));
        var state = await StateAsync(store);
        var erased = state.Values.Where(s => s.Record.PurgedAt is not null).ToList();
        Assert.Equal(expectedCount, erased.Count);
        Assert.All(erased, s => Assert.False(s.HasContent));
        Assert.Equal(expectedCount, results.Sum(r => r.Purged));
        Assert.All(young, r => Assert.True(state[r.Id].HasContent));
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(expectedCount, await db.RetentionPurges.SumAsync(p => p.RecordsPurged, Ct));
    }

    private static int RetentionDays(Purposes set) =>
        set.Each().Select(p => p switch { Purposes.OperationalTelemetry => 90, Purposes.Product => 180, _ => 365 }).Max();

    private static RetentionService Service(TestStore store, int batchSize = 2000, TimeProvider? clock = null) =>
        new(store.Contexts, clock ?? new FakeTimeProvider(new DateTimeOffset(Now)), new RetentionOptions { PurgeBatchSize = batchSize },
            store.Erasure, NullLogger<RetentionService>.Instance);

    private static CaptureRecord Record(string employee, int daysAgo, Purposes purposes, CaptureKind kind = CaptureKind.Keystrokes) =>
        TestData.Record(employee, Now.AddDays(-daysAgo).AddMinutes(-Random.Shared.Next(1, 600)), kind, purposes);

    private static async Task<TestStore> NewStoreAsync(StoreProvider provider)
    {
        var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, Ada, Ben);
        return store;
    }

    private static async Task AddAsync(TestStore store, params CaptureRecord[] records)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        db.CaptureRecords.AddRange(records);
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<Dictionary<Guid, (CaptureRecord Record, bool HasContent)>> StateAsync(TestStore store)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var records = await db.CaptureRecords.AsNoTracking().ToListAsync(Ct);
        var withContent = (await db.CaptureContents.Select(c => c.RecordId).ToListAsync(Ct)).ToHashSet();
        return records.ToDictionary(r => r.Id, r => (r, withContent.Contains(r.Id)));
    }
}
