using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.TrainingExport;
using Transparency.Testing;

namespace Transparency.Core.Tests.TrainingExport;

/// <summary>DESIGN rule 2: a record withheld at T never appears in an export response begun after T.</summary>
public sealed class ExportConsistencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Record_withheld_after_a_page_was_taken_is_left_out_of_later_pages_and_revoked(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, "C-1", "C-2");
        var client = await ExportScene.AddClientAsync(store);
        var records = new[] { TestData.Record("C-1"), TestData.Record("C-1"), TestData.Record("C-2") };
        await AddAsync(store, records);
        var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
        var service = ExportScene.Service(store, clock);
        var decisions = new DecisionService(store.Contexts, clock, store.Erasure);

        // The page is taken (and recorded) first, then the employee withholds one of its records.
        var carried = new List<ExportedRecord>();
        var page = await service.TakePageAsync(client, null, 100, carried.Add, Ct);
        Assert.Equal(records.Select(r => r.Id).Order(), carried.Select(r => r.Id).Order());
        await decisions.WithholdAsync(new EmployeeId("C-1"), ActTarget.One(records[0].Id), Ct);

        // An export begun after the withhold does not take it at all.
        clock.Advance(TimeSpan.FromSeconds(1));
        var later = new List<ExportedRecord>();
        await service.TakePageAsync(client, null, 100, later.Add, Ct);
        Assert.Equal(records.Skip(1).Select(r => r.Id).Order(), later.Select(r => r.Id).Order());

        // The first page's receipt stands; the revocation feed tells the pipeline to purge it, with the decision's time
        // but not the decision.
        var revocations = await service.RevocationsAsync(client, 0, 100, Ct);
        var revoked = Assert.Single(revocations.Entries);
        Assert.Equal((records[0].Id, RevokedRecord.NoLongerEligible, page.BatchId!.Value), (revoked.RecordId, revoked.Reason, revoked.ExportBatchId));
        Assert.Equal(TestData.Now, revoked.IneligibleSince);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_page_ends_early_once_its_content_passes_the_memory_budget_and_the_next_page_continues_there(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, "M-1");
        var client = await ExportScene.AddClientAsync(store);
        // Ten records a minute apart, each with a 1,000-byte snapshot.
        var records = Enumerable.Range(0, 10).Select(i => TestData.Record("M-1", TestData.Now.AddMinutes(-20 + i), CaptureKind.ScreenSnapshot)).ToList();
        foreach (var record in records)
            (record.Content!.Snapshot, record.Content.SnapshotMediaType) = (new byte[1_000], "image/png");
        await AddAsync(store, records);
        var service = new TrainingExportService(store.Contexts, new FakeTimeProvider(new DateTimeOffset(TestData.Now)),
            new TrainingExportOptions { PageContentBytes = 3_000 });

        var (first, second) = (new List<ExportedRecord>(), new List<ExportedRecord>());
        var firstPage = await service.TakePageAsync(client, null, 100, first.Add, Ct);
        var secondPage = await service.TakePageAsync(client, firstPage.Next, 100, second.Add, Ct);
        var rest = await ExportScene.ExportAllAsync(service, client, 100, secondPage.Next);

        // Each record's content counts 1,352 bytes (the snapshot as 1,336 characters of base64, and 16 of JSON): the third
        // passes 3,000, and the page stops after it.
        Assert.Equal(records.Take(3).Select(r => r.Id), first.Select(r => r.Id));
        Assert.Equal(records.Skip(3).Take(3).Select(r => r.Id), second.Select(r => r.Id));
        Assert.Equal(records.Select(r => r.Id), [.. first.Select(r => r.Id), .. second.Select(r => r.Id), .. rest.Select(r => r.Id)]);
        Assert.Equal((3, 3), (firstPage.RecordCount, secondPage.RecordCount));
        Assert.NotNull(secondPage.Next);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(3, await db.ExportReceipts.CountAsync(x => x.ExportBatchId == firstPage.BatchId, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Rules_deletion_and_retention_each_revoke_with_their_time_and_the_one_neutral_reason(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, "V-1", "V-2");
        var client = await ExportScene.AddClientAsync(store);
        var inExcel = TestData.Record("V-1", application: "Excel");
        var toDelete = TestData.Record("V-1");
        var ageing = TestData.Record("V-2", capturedAt: TestData.Now.AddDays(-360));
        var optedOut = TestData.Record("V-2", capturedAt: TestData.Now.AddDays(-2));
        await AddAsync(store, [inExcel, toDelete, ageing, optedOut]);
        var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
        var service = ExportScene.Service(store, clock);
        var exported = await ExportScene.ExportAllAsync(service, client, limit: 3);
        Assert.Equal(4, exported.Count);

        clock.Advance(TimeSpan.FromDays(1));
        var rules = new StandingRuleService(store.Contexts, clock);
        await rules.AddAsync(new EmployeeId("V-1"), new RuleDraft(null, "Excel", null, null, null), Ct);
        await new DecisionService(store.Contexts, clock, store.Erasure).DeleteAsync(new EmployeeId("V-1"), ActTarget.One(toDelete.Id), Ct);
        var first = await service.RevocationsAsync(client, 0, 100, Ct);
        Assert.Equal(
            [(inExcel.Id, TestData.Now.AddDays(1)), (toDelete.Id, TestData.Now.AddDays(1))],
            first.Entries.Select(v => (v.RecordId, v.IneligibleSince)).OrderBy(v => v.RecordId == toDelete.Id));

        // Time alone makes a record ineligible: it leaves the training retention (365 days) five days later.
        clock.Advance(TimeSpan.FromDays(5));
        var second = await service.RevocationsAsync(client, first.Resume, 100, Ct);
        var aged = Assert.Single(second.Entries);
        Assert.Equal((ageing.Id, TestData.Now.AddDays(5)), (aged.RecordId, aged.IneligibleSince));

        // Already revoked records are not revoked again when a global opt-out later covers them too.
        clock.Advance(TimeSpan.FromDays(1));
        await rules.AddAsync(new EmployeeId("V-2"), new RuleDraft(null, null, null, null, null), Ct);
        var third = await service.RevocationsAsync(client, second.Resume, 100, Ct);
        var opted = Assert.Single(third.Entries);
        Assert.Equal((optedOut.Id, TestData.Now.AddDays(7)), (opted.RecordId, opted.IneligibleSince));
        Assert.Equal([1L, 2, 3, 4], [.. first.Entries.Select(v => v.Sequence), aged.Sequence, opted.Sequence]);

        // The pipeline is told the same about a rule, a deletion, the retention and an opt-out; the store keeps which
        // it was, for its own audit.
        Assert.All([.. first.Entries, aged, opted], v => Assert.Equal(RevokedRecord.NoLongerEligible, v.Reason));
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var kept = await db.Revocations.AsNoTracking().ToDictionaryAsync(v => v.RecordId, v => v.ReasonClass, Ct);
        Assert.Equal(
            new Dictionary<Guid, string> { [inExcel.Id] = "rule", [toDelete.Id] = "deleted", [ageing.Id] = "retention", [optedOut.Id] = "opted_out" },
            kept);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Concurrent_feed_requests_record_each_revocation_once_in_one_gapless_sequence(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, "F-1", "F-2");
        var client = await ExportScene.AddClientAsync(store);
        var records = Enumerable.Range(0, 60).Select(i => TestData.Record(i % 2 == 0 ? "F-1" : "F-2")).ToList();
        await AddAsync(store, records);
        var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
        var service = ExportScene.Service(store, clock);
        await ExportScene.ExportAllAsync(service, client, limit: 25);
        await ExportScene.ExportAllAsync(service, client, limit: 1_000);
        var decisions = new DecisionService(store.Contexts, clock, store.Erasure);
        var withheld = records.Where((_, i) => i % 3 != 0).ToList();
        foreach (var group in withheld.GroupBy(r => r.EmployeeId))
            await decisions.WithholdAsync(new EmployeeId(group.Key), ActTarget.Selection(group.Select(r => r.Id)), Ct);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => service.RecordDueRevocationsAsync(Ct), Ct)));
        var feed = await service.RevocationsAsync(client, 0, 10_000, Ct);

        // Two exports carried every record, so each withheld record is revoked once per export.
        Assert.Equal(withheld.Count * 2, feed.Entries.Count);
        Assert.Equal(Enumerable.Range(1, feed.Entries.Count).Select(i => (long)i), feed.Entries.Select(v => v.Sequence));
        Assert.True(withheld.Select(r => r.Id).ToHashSet().SetEquals(feed.Entries.Select(v => v.RecordId)));
        Assert.All(feed.Entries.GroupBy(v => v.RecordId), g => Assert.Equal(2, g.Select(v => v.ExportBatchId).Distinct().Count()));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Records_still_settling_are_held_back_and_served_once_settled(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, "S-1");
        var client = await ExportScene.AddClientAsync(store);
        var settled = TestData.Record("S-1");
        var fresh = TestData.Record("S-1");
        fresh.ReceivedAt = TestData.Now.AddSeconds(-1);
        await AddAsync(store, [settled, fresh]);
        var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
        var service = ExportScene.Service(store, clock);

        var (first, second) = (new List<ExportedRecord>(), new List<ExportedRecord>());
        var firstPage = await service.TakePageAsync(client, null, 100, first.Add, Ct);
        Assert.Equal([settled.Id], first.Select(r => r.Id));
        Assert.Null(firstPage.Next);

        clock.Advance(TimeSpan.FromSeconds(10));
        await service.TakePageAsync(client, firstPage.Resume, 100, second.Add, Ct);
        Assert.Equal([fresh.Id], second.Select(r => r.Id));
    }

    /// <summary>
    /// Withholds and exports race on real connections. Every export that began after a withhold
    /// completed must leave that record out, whatever the interleaving.
    /// </summary>
    [Fact]
    public async Task Export_begun_after_a_concurrent_withhold_never_carries_the_record_on_postgres()
    {
        await using var store = await TestStore.CreateAsync(StoreProvider.Postgres);
        var employees = Enumerable.Range(1, 4).Select(i => $"R-{i}").ToArray();
        await TestData.AddEmployeesAsync(store, employees);
        var client = await ExportScene.AddClientAsync(store);
        var records = employees.SelectMany(e => Enumerable.Range(0, 25).Select(_ => TestData.Record(e))).ToList();
        await AddAsync(store, records);
        var service = ExportScene.Service(store, TimeProvider.System);
        var decisions = new DecisionService(store.Contexts, TimeProvider.System, store.Erasure);

        var withheldAt = new ConcurrentDictionary<Guid, long>();
        var exports = new ConcurrentBag<(long BegunAt, List<Guid> Ids)>();
        var targets = records.Where((_, i) => i % 3 == 0).ToList();

        var withholding = Task.Run(async () =>
        {
            foreach (var record in targets)
            {
                await decisions.WithholdAsync(new EmployeeId(record.EmployeeId), ActTarget.One(record.Id), Ct);
                withheldAt[record.Id] = System.Diagnostics.Stopwatch.GetTimestamp();
            }
        }, Ct);
        var exporting = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!withholding.IsCompleted)
            {
                var begun = System.Diagnostics.Stopwatch.GetTimestamp();
                var carried = new List<Guid>();
                await service.TakePageAsync(client, null, 1_000, record => carried.Add(record.Id), Ct);
                exports.Add((begun, carried));
            }
        }, Ct)).ToList();
        await Task.WhenAll([withholding, .. exporting]);

        Assert.NotEmpty(exports);
        var violations = exports
            .SelectMany(e => e.Ids.Where(id => withheldAt.TryGetValue(id, out var at) && at < e.BegunAt))
            .ToList();
        Assert.Empty(violations);
        // The race is real: some exports carried a target that was withheld later.
        Assert.Contains(exports, e => e.Ids.Intersect(targets.Select(t => t.Id)).Any());
    }

    private static async Task AddAsync(TestStore store, IEnumerable<CaptureRecord> records)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        db.CaptureRecords.AddRange(records);
        await db.SaveChangesAsync(Ct);
    }
}
