using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Review;
using Transparency.Testing;

namespace Transparency.Core.Tests.Review;

/// <summary>
/// The privacy officer answers flags raised through the employee's own act: upheld records are erased and never eligible again,
/// a dismissed flag ends the quarantine unless another open flag holds the record, a legal hold stops an uphold, and the employee
/// is told the outcome and the reason every time.
/// </summary>
public sealed class FlagResolutionTests
{
    private static readonly EmployeeId Ada = new("ADA");
    private const string Officer = "officer@test";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_dismissed_flag_ends_the_quarantine_unless_another_open_flag_holds_the_record(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var (a, b) = (scene.Records[0], scene.Records[1]);
        var both = await scene.FlagAsync(ActTarget.Selection([a, b]));
        var onlyB = await scene.FlagAsync(ActTarget.One(b));
        Assert.Equal(3, (await scene.CountsAsync()).Eligible);

        var dismissed = await scene.Review.ResolveAsync(Ada, both, FlagOutcome.Dismiss, "The records show nothing private.", Officer, Ct);

        Assert.Equal(1, dismissed.RecordsChanged);
        Assert.True(await scene.EligibleAsync(a));
        Assert.False(await scene.EligibleAsync(b));
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        await scene.Review.ResolveAsync(Ada, onlyB, FlagOutcome.Dismiss, "Nothing private here either.", Officer, Ct);
        Assert.True(await scene.EligibleAsync(b));

        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var flag = await db.Flags.SingleAsync(f => f.Id == both, Ct);
        Assert.Equal((FlagReviewState.Dismissed, Officer, "The records show nothing private."), (flag.ReviewState, flag.ResolvedBy, flag.Resolution));
        var notices = await db.Notices.Where(n => n.EmployeeId == Ada.Value).OrderBy(n => n.At).ThenBy(n => n.Id).ToListAsync(Ct);
        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.Equal(NoticeKind.FlagResolved, n.Kind));
        Assert.Contains("dismissed your flag on the 2 records you flagged", notices[0].Text);
        Assert.Contains("The records show nothing private.", notices[0].Text);
        var decision = await db.Decisions.SingleAsync(d => d.EmployeeId == Ada.Value && d.Kind == DecisionKind.Unflag && d.RecordId == null, Ct);
        Assert.Equal((ActorRole.PrivacyOfficer, Officer, 1), (decision.ActorRole, decision.ActorId, decision.RecordCount));
        await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.Review.ResolveAsync(Ada, both, FlagOutcome.Delete, "Again", Officer, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task An_upheld_flag_erases_the_content_and_the_record_is_never_eligible_again(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var (redacted, deleted) = (scene.Records[2], scene.Records[3]);
        var redactFlag = await scene.FlagAsync(ActTarget.One(redacted));
        var deleteFlag = await scene.FlagAsync(ActTarget.One(deleted));

        await scene.Review.ResolveAsync(Ada, redactFlag, FlagOutcome.Redact, "Private messages were captured.", Officer, Ct);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        await scene.Review.ResolveAsync(Ada, deleteFlag, FlagOutcome.Delete, "This was not your work.", Officer, Ct);

        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var r = await db.CaptureRecords.AsNoTracking().SingleAsync(x => x.EmployeeId == Ada.Value && x.Id == redacted, Ct);
        Assert.NotNull(r.RedactedAt);
        Assert.Null(r.Summary);
        Assert.Equal(("Outlook", CaptureKind.Keystrokes), (r.Application, r.Kind));
        Assert.False(r.HasOpenFlag);
        var d = await db.CaptureRecords.AsNoTracking().SingleAsync(x => x.EmployeeId == Ada.Value && x.Id == deleted, Ct);
        Assert.NotNull(d.DeletedAt);
        Assert.Null(d.Application);
        Assert.False(await db.CaptureContents.AnyAsync(c => c.EmployeeId == Ada.Value && (c.RecordId == redacted || c.RecordId == deleted), Ct));
        Assert.Equal(FlagReviewState.Upheld, (await db.Flags.SingleAsync(f => f.Id == redactFlag, Ct)).ReviewState);
        Assert.Contains("the content of the record you flagged was erased", (await db.Notices.OrderBy(n => n.At).FirstAsync(n => n.EmployeeId == Ada.Value, Ct)).Text);

        // Whatever the employee does next, an upheld record does not come back to training.
        var decisions = new DecisionService(scene.Store.Contexts, scene.Clock, scene.Store.Erasure);
        await decisions.ReleaseAsync(Ada, ActTarget.Selection([redacted, deleted]), Ct);
        Assert.False(await scene.EligibleAsync(redacted));
        Assert.False(await scene.EligibleAsync(deleted));
    }

    [Fact]
    public async Task A_legal_hold_stops_an_uphold_and_a_reason_is_required()
    {
        await using var scene = await Scene.CreateAsync(StoreProvider.Sqlite);
        var flag = await scene.FlagAsync(ActTarget.One(scene.Records[4]));
        await using (var db = await scene.Store.Contexts.CreateDbContextAsync(Ct))
        {
            db.LegalHolds.Add(new LegalHold { EmployeeId = Ada.Value, Id = Guid.NewGuid(), Reason = "Litigation 2026-17", PlacedBy = Officer, PlacedAt = TestData.Now.AddDays(-1) });
            await db.SaveChangesAsync(Ct);
        }

        var refused = await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.Review.ResolveAsync(Ada, flag, FlagOutcome.Delete, "Not yours", Officer, Ct));
        Assert.Contains("legal hold", refused.Message);
        await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.Review.ResolveAsync(Ada, flag, FlagOutcome.Dismiss, " ", Officer, Ct));
        await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.Review.ResolveAsync(Ada, flag, FlagOutcome.Dismiss, "not\0text", Officer, Ct));
        // Half of a character cannot be written as UTF-8.
        await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.Review.ResolveAsync(Ada, flag, FlagOutcome.Dismiss, "half \uD83D", Officer, Ct));
        await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.Review.ResolveAsync(new EmployeeId("SOMEONE"), flag, FlagOutcome.Dismiss, "x", Officer, Ct));

        await using var check = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(FlagReviewState.Open, (await check.Flags.SingleAsync(f => f.Id == flag, Ct)).ReviewState);
        Assert.NotNull(await check.CaptureContents.SingleOrDefaultAsync(c => c.EmployeeId == Ada.Value && c.RecordId == scene.Records[4], Ct));
        Assert.Empty(await check.Notices.ToListAsync(Ct));
    }

    private sealed class Scene : IAsyncDisposable
    {
        private Scene(TestStore store, FakeTimeProvider clock, IReadOnlyList<Guid> records)
        {
            Store = store;
            Clock = clock;
            Records = records;
            Review = new ReviewService(store.Contexts, store.Erasure, new RecordDetailService(store.Contexts, clock), clock);
        }

        public TestStore Store { get; }
        public FakeTimeProvider Clock { get; }
        public IReadOnlyList<Guid> Records { get; }
        public ReviewService Review { get; }

        public static async Task<Scene> CreateAsync(StoreProvider provider)
        {
            var store = await TestStore.CreateAsync(provider);
            await TestData.AddEmployeesAsync(store, Ada.Value);
            var records = Enumerable.Range(0, 5).Select(i => TestData.Record(Ada.Value, TestData.Now.AddHours(-1 - i))).ToList();
            await using var db = await store.Contexts.CreateDbContextAsync(Ct);
            db.CaptureRecords.AddRange(records);
            await db.SaveChangesAsync(Ct);
            return new Scene(store, new FakeTimeProvider(new DateTimeOffset(TestData.Now)), records.Select(r => r.Id).ToList());
        }

        /// <summary>The employee flags, through their own act; the flag's id.</summary>
        public async Task<Guid> FlagAsync(ActTarget target)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            var act = await new DecisionService(Store.Contexts, Clock, Store.Erasure).FlagAsync(Ada, target, FlagCategory.PrivateContent, "Private", Ct);
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            return await db.Flags.Where(f => f.DecisionId == act.DecisionId).Select(f => f.Id).SingleAsync(Ct);
        }

        public Task<RecordCounts> CountsAsync() => new RecordQueryService(Store.Contexts, Clock).CountAsync(Ada, RecordFilter.All, Ct);

        public async Task<bool> EligibleAsync(Guid record)
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            var eligibility = await TrainingEligibility.ForAsync(db, Clock.GetUtcNow().UtcDateTime, Ct);
            return await db.RecordsOf(Ada).Where(r => r.Id == record).AnyAsync(eligibility.IsEligible, Ct);
        }

        public ValueTask DisposeAsync() => Store.DisposeAsync();
    }
}
