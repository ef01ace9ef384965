using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.AccessLog;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Tests.Policies;
using Transparency.Core.TrainingExport;
using Transparency.Testing;
using static Transparency.Core.Tests.Policies.Rules;

namespace Transparency.Core.Tests.TrainingExport;

/// <summary>
/// A store with thousands of records in random states, exported in full by cursor: what leaves must be
/// exactly what the rule (and its plain C# reading) calls eligible, and after random further acts each
/// client's revocation feed must list exactly the records it exported that stopped being eligible.
/// </summary>
public sealed class TrainingExportPropertyTests
{
    private const int Employees = 25;
    private const int Records = 3_000;

    private static readonly string[] Applications = ["Outlook", "Excel", "Teams", "Chrome"];
    private static readonly string?[] Sites = [null, "intranet.example", "bank.example", "health.example"];
    private static readonly CaptureKind[] Kinds = Enum.GetValues<CaptureKind>();
    private static readonly SensitivityTags[] Tags = Enum.GetValues<SensitivityTags>().Where(t => t != SensitivityTags.None).ToArray();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Full_export_is_exactly_the_eligible_set_and_each_clients_revocations_exactly_what_it_took_that_became_ineligible(
        StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var employees = Enumerable.Range(1, Employees).Select(i => $"TX-{i:000}").ToArray();
        await TestData.AddEmployeesAsync(store, employees);
        var client = await ExportScene.AddClientAsync(store);

        var random = new Random(20261127);
        var rules = employees.SelectMany(e => RandomRules(random, e)).ToList();
        // Few distinct arrival times, so many records share one and the cursor's tie-breaks are exercised.
        var arrivals = Enumerable.Range(0, 400).Select(i => TestData.Now.AddMinutes(-10 - i * 7)).ToArray();
        var records = Enumerable.Range(0, Records)
            .Select(_ => RandomRecord(random, employees[random.Next(employees.Length)], arrivals[random.Next(arrivals.Length)]))
            .ToList();
        // A few arrived inside the settle window: not served yet.
        var unsettled = records.Take(20).ToList();
        unsettled.ForEach(r => r.ReceivedAt = TestData.Now.AddSeconds(-2));
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            await BulkInsert.InsertAsync(db, rules, Ct);
            await BulkInsert.InsertAsync(db, records, Ct);
            await BulkInsert.InsertAsync(db, records.Where(r => r.Content is not null).Select(r => r.Content!).ToList(), Ct);
        }

        var service = ExportScene.Service(store);
        var exported = await ExportScene.ExportAllAsync(service, client, limit: 137);

        int retentionDays;
        HashSet<Guid> eligibleBySql;
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            var eligibility = await TrainingEligibility.ForAsync(db, TestData.Now, Ct);
            eligibleBySql = (await db.CaptureRecords.Where(eligibility.IsEligible).Select(r => r.Id).ToListAsync(Ct)).ToHashSet();
            retentionDays = await db.Purposes.Where(p => p.Id == Purposes.ModelTraining).Select(p => p.RetentionDays).SingleAsync(Ct);
        }
        var eligibleByReference = records
            .Where(r => ReferenceEligibility.ReasonsFor(r, rules, TestData.Now, retentionDays) == IneligibilityReasons.None)
            .Select(r => r.Id).ToHashSet();
        var settledIds = records.Except(unsettled).Select(r => r.Id).ToHashSet();

        Assert.Equal(exported.Count, exported.Select(r => r.Id).Distinct().Count());
        var exportedIds = exported.Select(r => r.Id).ToHashSet();
        Assert.InRange(exportedIds.Count, 500, Records - 500);
        Assert.True(exportedIds.SetEquals(eligibleBySql.Intersect(settledIds)), "The export differs from IsEligible.");
        Assert.True(exportedIds.SetEquals(eligibleByReference.Intersect(settledIds)), "The export differs from the reference reading of the rule.");
        Assert.Equal(exported.OrderBy(r => r.ReceivedAt).Select(r => r.ReceivedAt), exported.Select(r => r.ReceivedAt));
        Assert.All(exported, r => Assert.NotNull(r.ContentJson));

        List<ExportReceipt> receipts;
        List<ExportBatch> batches;
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            receipts = await db.ExportReceipts.AsNoTracking().ToListAsync(Ct);
            Assert.True(receipts.Select(x => x.RecordId).ToHashSet().SetEquals(exportedIds));
            Assert.Equal(exportedIds.Count, receipts.Count);
            batches = await db.ExportBatches.AsNoTracking().ToListAsync(Ct);
            Assert.All(batches, b => Assert.Equal(client.ApiClientId, b.ApiClientId));
            Assert.All(batches, b => Assert.NotNull(b.CompletedAt));
            Assert.Equal(exportedIds.Count, batches.Sum(b => b.RecordCount));
        }
        // Each employee's access log has one training-export entry per batch that carried their records, naming the
        // client and the count; and nothing about anyone else's.
        var log = new AccessLogService(store.Contexts, TimeProvider.System);
        foreach (var employee in employees)
        {
            var carried = receipts.Where(x => x.EmployeeId == employee).GroupBy(x => x.ExportBatchId)
                .Select(g => (Batch: g.Key, Count: g.Count())).OrderBy(c => c.Batch).ToList();
            var entries = (await log.ListAsync(new EmployeeId(employee), new AccessFilter(AccessChannel.TrainingExport), 0, AccessLogService.MaxPageSize, Ct)).Entries;
            Assert.Equal(carried, entries.Select(a => (Batch: a.ExportBatchId!.Value, Count: a.RecordCount)).OrderBy(c => c.Batch).ToList());
            Assert.All(entries, a => Assert.Equal("training-pipeline", a.ActorId));
            Assert.All(entries, a => Assert.Equal(batches.Single(b => b.Id == a.ExportBatchId).StartedAt, a.At));
        }

        // A second client takes the later half again, from a cursor in the middle of the first client's export: records
        // of the later half are then carried by both.
        var other = await ExportScene.AddClientAsync(store, "second-pipeline");
        var middle = exported[exported.Count / 2];
        var otherExported = await ExportScene.ExportAllAsync(service, other, limit: 211, new ExportCursor(middle.ReceivedAt, middle.EmployeeId, middle.Id));
        var exportedBy = new Dictionary<ExportClient, HashSet<Guid>>
        {
            [client] = exportedIds,
            [other] = otherExported.Select(r => r.Id).ToHashSet(),
        };
        Assert.True(exportedBy[other].SetEquals(exported.Skip(exported.Count / 2 + 1).Select(r => r.Id)));
        Dictionary<Guid, ExportClient> batchClients;
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
            batchClients = await db.ExportBatches.ToDictionaryAsync(b => b.Id, b => new ExportClient(b.ApiClientId), Ct);

        // Nothing has changed yet: nothing to revoke.
        foreach (var c in exportedBy.Keys)
            Assert.Empty((await service.RevocationsAsync(c, 0, 10_000, Ct)).Entries);

        // Random acts on the store, the way the decision log leaves records, and one global opt-out.
        var changed = records.Where(_ => random.Next(100) < 15).ToList();
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            foreach (var record in changed)
            {
                var tracked = await db.CaptureRecords.SingleAsync(r => r.EmployeeId == record.EmployeeId && r.Id == record.Id, Ct);
                switch (random.Next(5))
                {
                    case 0: tracked.TrainingChoice = TrainingChoice.Withheld; break;
                    case 1: tracked.HasOpenFlag = true; break;
                    case 2: tracked.DeletedAt = TestData.Now.AddMinutes(-1); break;
                    case 3: tracked.RedactedAt = TestData.Now.AddMinutes(-1); break;
                    default: tracked.TrainingChoice = TrainingChoice.Released; break;
                }
                record.TrainingChoice = tracked.TrainingChoice;
                record.HasOpenFlag = tracked.HasOpenFlag;
                record.DeletedAt = tracked.DeletedAt;
                record.RedactedAt = tracked.RedactedAt;
            }
            var optOut = GlobalOptOut(employees[3]);
            db.StandingRules.Add(optOut);
            rules.Add(optOut);
            await db.SaveChangesAsync(Ct);
        }

        var revokedBy = new Dictionary<ExportClient, List<RevokedRecord>>();
        var cursors = new Dictionary<ExportClient, long>();
        foreach (var c in exportedBy.Keys)
        {
            var (revoked, cursor) = (new List<RevokedRecord>(), 0L);
            while (true)
            {
                var page = await service.RevocationsAsync(c, cursor, 50, Ct);
                revoked.AddRange(page.Entries);
                cursor = page.Resume;
                if (page.Next is null)
                    break;
            }
            (revokedBy[c], cursors[c]) = (revoked, cursor);
        }
        var ineligible = records
            .Where(r => ReferenceEligibility.ReasonsFor(r, rules, TestData.Now, retentionDays) != IneligibilityReasons.None)
            .ToDictionary(r => r.Id);
        foreach (var (c, revoked) in revokedBy)
        {
            // Exactly what this client took and lost, each once, from its own batches, in sequence order, all for the one reason.
            var expected = exportedBy[c].Where(ineligible.ContainsKey).ToHashSet();
            Assert.NotEmpty(expected);
            Assert.True(revoked.Select(v => v.RecordId).ToHashSet().SetEquals(expected), "A client's revocation feed differs from what it took that became ineligible.");
            Assert.Equal(revoked.Count, revoked.Select(v => v.RecordId).Distinct().Count());
            Assert.All(revoked, v => Assert.Equal(c, batchClients[v.ExportBatchId]));
            Assert.Equal(revoked.Select(v => v.Sequence).Order(), revoked.Select(v => v.Sequence));
            Assert.All(revoked, v => Assert.Equal(RevokedRecord.NoLongerEligible, v.Reason));
        }
        // The two feeds together are the one gapless sequence: nothing recorded is left out of both.
        Assert.Equal(Enumerable.Range(1, revokedBy.Values.Sum(r => r.Count)).Select(i => (long)i),
            revokedBy.Values.SelectMany(r => r).Select(v => v.Sequence).Order());

        // The store keeps every failed clause and the strongest reason, for its own audit.
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            var kept = await db.Revocations.AsNoTracking().ToListAsync(Ct);
            Assert.Equal(revokedBy.Values.Sum(r => r.Count), kept.Count);
            foreach (var v in kept)
            {
                var reasons = ReferenceEligibility.ReasonsFor(ineligible[v.RecordId], rules, TestData.Now, retentionDays);
                Assert.Equal(reasons, (IneligibilityReasons)v.Reasons);
                var reasonClass = reasons switch
                {
                    var r when r.HasFlag(IneligibilityReasons.Deleted) => "deleted",
                    var r when r.HasFlag(IneligibilityReasons.Redacted) => "redacted",
                    var r when r.HasFlag(IneligibilityReasons.WithheldByRecord) => "withheld",
                    var r when r.HasFlag(IneligibilityReasons.WithheldByRule) => "opted_out",
                    var r when r.HasFlag(IneligibilityReasons.Quarantined) => "flagged",
                    _ => "?",
                };
                Assert.Equal(reasonClass, v.ReasonClass);
            }
        }

        // A consumer that keeps its cursor sees nothing twice, and later changes after it: a record both took is
        // revoked to both, each through its own batch.
        foreach (var c in exportedBy.Keys)
            Assert.Empty((await service.RevocationsAsync(c, cursors[c], 100, Ct)).Entries);
        var later = exportedBy[other].Except(ineligible.Keys).First();
        var laterRecord = records.Single(r => r.Id == later);
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
            await db.CaptureRecords.Where(r => r.EmployeeId == laterRecord.EmployeeId && r.Id == later)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.HasOpenFlag, true), Ct);
        foreach (var c in exportedBy.Keys)
        {
            var afterFlag = await service.RevocationsAsync(c, cursors[c], 100, Ct);
            var single = Assert.Single(afterFlag.Entries);
            Assert.Equal((later, RevokedRecord.NoLongerEligible, c), (single.RecordId, single.Reason, batchClients[single.ExportBatchId]));
        }
    }

    private static CaptureRecord RandomRecord(Random random, string employee, DateTime receivedAt)
    {
        var capturedAt = random.Next(100) < 10 ? TestData.Now.AddDays(-random.Next(366, 500)) : receivedAt.AddMinutes(-random.Next(60));
        var id = Guid.NewGuid();
        DateTime? Sometimes(int percent) => random.Next(100) < percent ? TestData.Now.AddDays(-random.Next(1, 30)) : null;
        var record = new CaptureRecord
        {
            EmployeeId = employee, Id = id, CapturedAt = capturedAt, ReceivedAt = receivedAt, Kind = Kinds[random.Next(Kinds.Length)],
            DeviceId = "LT-0001", Application = Applications[random.Next(Applications.Length)], Site = Sites[random.Next(Sites.Length)],
            SourceAgent = "capture-agent/2.3.1", Summary = "random",
            Sensitivity = random.Next(100) < 8 ? Tags[random.Next(Tags.Length)] : SensitivityTags.None,
            Purposes = random.Next(100) < 85 ? Purposes.ModelTraining | Purposes.OperationalTelemetry : Purposes.OperationalTelemetry,
            TrainingChoice = random.Next(100) switch { < 8 => TrainingChoice.Withheld, < 14 => TrainingChoice.Released, _ => TrainingChoice.None },
            HasOpenFlag = random.Next(100) < 5,
            DeletedAt = Sometimes(4),
            RedactedAt = Sometimes(3),
            PurgedAt = Sometimes(2),
        };
        if (record.DeletedAt is null && record.PurgedAt is null)
            record.Content = new CaptureContent
            {
                EmployeeId = employee, RecordId = id, Json = $$"""{"n":{{random.Next(1000)}}}""",
                Snapshot = random.Next(4) == 0 ? [1, 2, 3, (byte)random.Next(256)] : null,
                SnapshotMediaType = "image/png",
            };
        return record;
    }

    private static IEnumerable<StandingRule> RandomRules(Random random, string employee)
    {
        if (random.Next(100) < 8)
            yield return GlobalOptOut(employee, removedAt: random.Next(3) == 0 ? TestData.Now.AddDays(-2) : null);
        for (var i = random.Next(3); i > 0; i--)
        {
            var rule = Rule(employee, kind: Kinds[random.Next(Kinds.Length)],
                application: random.Next(2) == 0 ? Applications[random.Next(Applications.Length)] : null,
                removedAt: random.Next(100) < 30 ? TestData.Now.AddDays(-1) : null);
            yield return rule;
        }
    }
}

/// <summary>The service over a test store at <see cref="TestData.Now"/>, a registered training client, and a full export by cursor.</summary>
public static class ExportScene
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TrainingExportService Service(TestStore store, TimeProvider? clock = null) =>
        new(store.Contexts, clock ?? new FakeTimeProvider(new DateTimeOffset(TestData.Now)), new TrainingExportOptions());

    public static async Task<ExportClient> AddClientAsync(TestStore store, string name = "training-pipeline")
    {
        var client = new ApiClient
        {
            Id = Guid.NewGuid(), Name = name, KeyPrefix = "tr_test", KeyHash = Guid.NewGuid().ToString("N"), Scopes = "training:read",
            CreatedAt = TestData.Now.AddDays(-1),
        };
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        db.ApiClients.Add(client);
        await db.SaveChangesAsync(Ct);
        return new ExportClient(client.Id);
    }

    public static async Task<List<ExportedRecord>> ExportAllAsync(TrainingExportService service, ExportClient client, int limit,
        ExportCursor? after = null)
    {
        var all = new List<ExportedRecord>();
        var cursor = after;
        while (true)
        {
            var page = await service.TakePageAsync(client, cursor, limit, all.Add, Ct);
            if (page.BatchId is { } id)
                await service.CompleteBatchAsync(id, Ct);
            if (page.Next is null)
                return all;
            // The cursor survives a round trip through its text form.
            Assert.True(ExportCursor.TryParse(page.Next.Encode(), out cursor));
        }
    }
}
