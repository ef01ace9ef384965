using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Review;
using Transparency.Core.Tests.TrainingExport;
using Transparency.Core.TrainingExport;
using Transparency.Testing;

namespace Transparency.Core.Tests.Review;

/// <summary>
/// A flag and its resolution, seen from the training export: an export before and after each step. A flagged record is
/// quarantined from the export at once; a dismissed flag lets it leave again if nothing else withholds it; an upheld flag
/// (redact or delete) keeps it out of every later export, and a copy that left before the flag is revoked.
/// </summary>
public sealed class ResolutionExportTests
{
    private static readonly EmployeeId Ada = new("RX-ADA");
    private const string Officer = "officer@test";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_flagged_record_is_quarantined_from_the_export_and_after_dismissal_leaves_again_unless_withheld(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider, 3);
        var (dismissed, withheld, untouched) = (scene.Records[0], scene.Records[1], scene.Records[2]);
        Assert.Equal([dismissed, withheld, untouched], await scene.ExportAsync());

        var dismissFlag = await scene.FlagAsync(dismissed);
        var withheldFlag = await scene.FlagAsync(withheld);
        await scene.Decisions.WithholdAsync(Ada, ActTarget.One(withheld), Ct);
        Assert.Equal([untouched], await scene.ExportAsync());
        // The pipeline polls during the quarantine, and purges both.
        Assert.Equal(new[] { dismissed, withheld }.Order(), (await scene.RevokedAsync()).Order());

        await scene.ResolveAsync(dismissFlag, FlagOutcome.Dismiss);
        await scene.ResolveAsync(withheldFlag, FlagOutcome.Dismiss);

        // Dismissed and otherwise eligible: it leaves again. Dismissed but withheld by its employee: it does not.
        Assert.Equal([dismissed, untouched], await scene.ExportAsync());
        Assert.Empty(await scene.RevokedAsync());
        await scene.Decisions.ReleaseAsync(Ada, ActTarget.One(withheld), Ct);
        Assert.Equal([dismissed, withheld, untouched], await scene.ExportAsync());
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task An_upheld_flag_keeps_the_record_out_of_every_later_export_and_revokes_the_copy_that_left_before(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider, 3);
        var (redacted, deleted, untouched) = (scene.Records[0], scene.Records[1], scene.Records[2]);
        Assert.Equal([redacted, deleted, untouched], await scene.ExportAsync());
        // One more record arrives after that export: it never left.
        var neverLeft = await scene.AddRecordAsync();

        var redactFlag = await scene.FlagAsync(redacted);
        var deleteFlag = await scene.FlagAsync(deleted);
        var neverLeftFlag = await scene.FlagAsync(neverLeft);
        Assert.Equal([untouched], await scene.ExportAsync());

        // The pipeline does not poll during the quarantine: the resolution alone must revoke.
        await scene.ResolveAsync(redactFlag, FlagOutcome.Redact);
        await scene.ResolveAsync(deleteFlag, FlagOutcome.Delete);
        await scene.ResolveAsync(neverLeftFlag, FlagOutcome.Delete);

        Assert.Equal([untouched], await scene.ExportAsync());
        Assert.Equal(new[] { redacted, deleted }.Order(), (await scene.RevokedAsync()).Order());
        await using (var db = await scene.Store.Contexts.CreateDbContextAsync(Ct))
        {
            var kept = await db.Revocations.AsNoTracking().ToDictionaryAsync(v => v.RecordId, v => v.ReasonClass, Ct);
            Assert.Equal(("redacted", "deleted"), (kept[redacted], kept[deleted]));
            Assert.False(kept.ContainsKey(neverLeft));
        }

        // Whatever the employee does next, nothing upheld leaves again, and nothing is revoked twice.
        await scene.Decisions.ReleaseAsync(Ada, ActTarget.Selection([redacted, deleted, neverLeft]), Ct);
        Assert.Equal([untouched], await scene.ExportAsync());
        Assert.Empty(await scene.RevokedAsync());
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_record_under_a_legal_hold_stays_quarantined_until_its_flag_is_dismissed_or_the_hold_lifted(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider, 2);
        var (held, untouched) = (scene.Records[0], scene.Records[1]);
        Assert.Equal([held, untouched], await scene.ExportAsync());
        var holds = new LegalHoldService(scene.Store.Contexts, scene.Clock);
        var hold = await holds.PlaceAsync(Ada, new HoldRequest(null, null, "Litigation 2026-17", "Case 17"), Officer, Ct);
        var flag = await scene.FlagAsync(held);

        // An uphold is refused while the hold lasts; the record stays quarantined, not erased, not exported.
        await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.ResolveAsync(flag, FlagOutcome.Delete));
        await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.ResolveAsync(flag, FlagOutcome.Redact));
        Assert.Equal([untouched], await scene.ExportAsync());
        Assert.Equal([held], await scene.RevokedAsync());

        // Lifted, the uphold goes ahead; the copy that left was revoked once already and is not revoked again.
        await holds.LiftAsync(Ada, hold, "The case was settled.", Officer, Ct);
        await scene.ResolveAsync(flag, FlagOutcome.Delete);
        Assert.Equal([untouched], await scene.ExportAsync());
        Assert.Empty(await scene.RevokedAsync());
        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        Assert.NotNull((await db.CaptureRecords.AsNoTracking().SingleAsync(r => r.EmployeeId == Ada.Value && r.Id == held, Ct)).DeletedAt);
    }

    private sealed class Scene : IAsyncDisposable
    {
        private readonly ExportClient _client;
        private long _revocationCursor;

        private Scene(TestStore store, FakeTimeProvider clock, ExportClient client, List<Guid> records)
        {
            Store = store;
            Clock = clock;
            _client = client;
            Records = records;
            Decisions = new DecisionService(store.Contexts, clock, store.Erasure);
            Review = new ReviewService(store.Contexts, store.Erasure, new RecordDetailService(store.Contexts, clock), clock);
            Export = ExportScene.Service(store, clock);
        }

        public TestStore Store { get; }
        public FakeTimeProvider Clock { get; }

        /// <summary>The employee's records, in the order they arrived (and are exported in).</summary>
        public List<Guid> Records { get; }

        public DecisionService Decisions { get; }
        public ReviewService Review { get; }
        public TrainingExportService Export { get; }

        public static async Task<Scene> CreateAsync(StoreProvider provider, int records)
        {
            var store = await TestStore.CreateAsync(provider);
            await TestData.AddEmployeesAsync(store, Ada.Value);
            var client = await ExportScene.AddClientAsync(store);
            var scene = new Scene(store, new FakeTimeProvider(new DateTimeOffset(TestData.Now)), client, []);
            for (var i = 0; i < records; i++)
                await scene.AddRecordAsync();
            return scene;
        }

        /// <summary>A record that arrives now, a minute after the one before; its id.</summary>
        public async Task<Guid> AddRecordAsync()
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            var record = TestData.Record(Ada.Value, Clock.GetUtcNow().UtcDateTime.AddSeconds(-30));
            record.ReceivedAt = Clock.GetUtcNow().UtcDateTime;
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            db.CaptureRecords.Add(record);
            await db.SaveChangesAsync(Ct);
            Records.Add(record.Id);
            return record.Id;
        }

        /// <summary>A whole export from the start, begun a minute from now, as the pipeline would take it: the ids in export order.</summary>
        public async Task<List<Guid>> ExportAsync()
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            return (await ExportScene.ExportAllAsync(Export, _client, limit: 2)).Select(r => r.Id).ToList();
        }

        /// <summary>The revocations recorded for the pipeline since it last polled.</summary>
        public async Task<List<Guid>> RevokedAsync()
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            var revoked = new List<Guid>();
            while (true)
            {
                var page = await Export.RevocationsAsync(_client, _revocationCursor, 2, Ct);
                revoked.AddRange(page.Entries.Select(v => v.RecordId));
                _revocationCursor = page.Resume;
                if (page.Next is null)
                    return revoked;
            }
        }

        /// <summary>The employee flags one record, through their own act; the flag's id.</summary>
        public async Task<Guid> FlagAsync(Guid record)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            var act = await Decisions.FlagAsync(Ada, ActTarget.One(record), FlagCategory.PrivateContent, "Private", Ct);
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            return await db.Flags.Where(f => f.DecisionId == act.DecisionId).Select(f => f.Id).SingleAsync(Ct);
        }

        public async Task ResolveAsync(Guid flag, FlagOutcome outcome)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            var resolution = await Review.ResolveAsync(Ada, flag, outcome, "Reviewed with the employee.", Officer, Ct);
            Assert.Equal(1, resolution.RecordsChanged);
        }

        public ValueTask DisposeAsync() => Store.DisposeAsync();
    }
}
