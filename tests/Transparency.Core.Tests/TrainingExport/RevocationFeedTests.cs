using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.TrainingExport;
using Transparency.Testing;

namespace Transparency.Core.Tests.TrainingExport;

/// <summary>
/// The revocation feed is each training client's own: the records it took that are no longer eligible, and never
/// why. A downstream pipeline learns what to purge, not what an employee chose.
/// </summary>
public sealed class RevocationFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Each_client_reads_only_revocations_of_records_it_exported_all_for_the_one_neutral_reason(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, "P-1", "P-2", "P-3");
        var first = await ExportScene.AddClientAsync(store, "first-pipeline");
        var second = await ExportScene.AddClientAsync(store, "second-pipeline");
        var bystander = await ExportScene.AddClientAsync(store, "idle-pipeline");
        // Arrival order is the export order: one record a minute, the three employees in turn.
        var records = Enumerable.Range(0, 12)
            .Select(i => TestData.Record($"P-{i % 3 + 1}", TestData.Now.AddHours(-1)))
            .ToList();
        for (var i = 0; i < records.Count; i++)
            records[i].ReceivedAt = TestData.Now.AddMinutes(-30 + i);
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            db.CaptureRecords.AddRange(records);
            await db.SaveChangesAsync(Ct);
        }
        var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
        var service = ExportScene.Service(store, clock);

        // The first client takes records 0-7, the second 4-11: 4-7 leave with both.
        var firstPage = await service.TakePageAsync(first, null, 8, _ => { }, Ct);
        var fourth = records[3];
        var secondPage = await service.TakePageAsync(second, new ExportCursor(fourth.ReceivedAt!.Value, fourth.EmployeeId, fourth.Id), 100, _ => { }, Ct);
        var took = new Dictionary<ExportClient, (Guid Batch, HashSet<Guid> Ids)>
        {
            [first] = (firstPage.BatchId!.Value, records.Take(8).Select(r => r.Id).ToHashSet()),
            [second] = (secondPage.BatchId!.Value, records.Skip(4).Select(r => r.Id).ToHashSet()),
        };
        Assert.Equal((8, 8), (firstPage.RecordCount, secondPage.RecordCount));

        // Every kind of end: a withhold, a flag and a deletion, on records only one client took and on shared ones, and
        // a global opt-out that covers records of both.
        clock.Advance(TimeSpan.FromMinutes(5));
        var decisions = new DecisionService(store.Contexts, clock, store.Erasure);
        var withheld = new[] { records[0], records[6], records[9] };
        var flagged = new[] { records[3], records[10] };
        var deleted = new[] { records[1], records[5] };
        foreach (var r in withheld)
            await decisions.WithholdAsync(new EmployeeId(r.EmployeeId), ActTarget.One(r.Id), Ct);
        foreach (var r in flagged)
            await decisions.FlagAsync(new EmployeeId(r.EmployeeId), ActTarget.One(r.Id), FlagCategory.PrivateContent, null, Ct);
        foreach (var r in deleted)
            await decisions.DeleteAsync(new EmployeeId(r.EmployeeId), ActTarget.One(r.Id), Ct);
        await new StandingRuleService(store.Contexts, clock).AddAsync(new EmployeeId("P-3"), new RuleDraft(null, null, null, null, null), Ct);
        var ended = withheld.Concat(flagged).Concat(deleted).Concat(records.Where(r => r.EmployeeId == "P-3")).Select(r => r.Id).ToHashSet();

        foreach (var (client, (batch, ids)) in took)
        {
            var feed = await ReadAllAsync(service, client);
            Assert.Equal(ids.Intersect(ended).Order(), feed.Select(v => v.RecordId).Order());
            Assert.All(feed, v => Assert.Equal(batch, v.ExportBatchId));
            Assert.All(feed, v => Assert.Equal(RevokedRecord.NoLongerEligible, v.Reason));
            Assert.All(feed, v => Assert.Equal(TestData.Now.AddMinutes(5), v.IneligibleSince));
        }
        // Records only the other client took are never in a client's feed; a client that took nothing reads nothing.
        Assert.DoesNotContain(records[1].Id, (await ReadAllAsync(service, second)).Select(v => v.RecordId));
        Assert.DoesNotContain(records[9].Id, (await ReadAllAsync(service, first)).Select(v => v.RecordId));
        Assert.Empty(await ReadAllAsync(service, bystander));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_client_resumes_past_other_clients_revocations_without_missing_its_own(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, "Q-1");
        var first = await ExportScene.AddClientAsync(store, "first-pipeline");
        var second = await ExportScene.AddClientAsync(store, "second-pipeline");
        var records = Enumerable.Range(0, 4).Select(_ => TestData.Record("Q-1")).ToList();
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            db.CaptureRecords.AddRange(records);
            await db.SaveChangesAsync(Ct);
        }
        var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
        var service = ExportScene.Service(store, clock);
        var firstTook = await ExportScene.ExportAllAsync(service, first, limit: 100);
        var secondTook = await ExportScene.ExportAllAsync(service, second, limit: 100);
        Assert.Equal((4, 4), (firstTook.Count, secondTook.Count));
        var decisions = new DecisionService(store.Contexts, clock, store.Erasure);

        // Each withhold revokes for both clients; the first client polls after each, page by page.
        var firstCursor = 0L;
        var secondCursor = 0L;
        foreach (var record in records)
        {
            await decisions.WithholdAsync(new EmployeeId("Q-1"), ActTarget.One(record.Id), Ct);
            var page = await service.RevocationsAsync(first, firstCursor, 1, Ct);
            Assert.Equal([record.Id], page.Entries.Select(v => v.RecordId));
            Assert.Null(page.Next);
            firstCursor = page.Resume;
        }
        // The second client pages through all four in one go, one a page, and its resume cursor misses none.
        var seen = new List<Guid>();
        while (true)
        {
            var page = await service.RevocationsAsync(second, secondCursor, 1, Ct);
            seen.AddRange(page.Entries.Select(v => v.RecordId));
            secondCursor = page.Resume;
            if (page.Next is null)
                break;
        }
        Assert.Equal(records.Select(r => r.Id), seen);
        Assert.Empty((await service.RevocationsAsync(first, firstCursor, 100, Ct)).Entries);
        Assert.Empty((await service.RevocationsAsync(second, secondCursor, 100, Ct)).Entries);
    }

    private static async Task<List<RevokedRecord>> ReadAllAsync(TrainingExportService service, ExportClient client)
    {
        var (all, cursor) = (new List<RevokedRecord>(), 0L);
        while (true)
        {
            var page = await service.RevocationsAsync(client, cursor, 2, Ct);
            all.AddRange(page.Entries);
            cursor = page.Resume;
            if (page.Next is null)
                return all;
        }
    }
}
