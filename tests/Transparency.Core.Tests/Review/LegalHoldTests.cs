using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Retention;
using Transparency.Core.Review;
using Transparency.Testing;

namespace Transparency.Core.Tests.Review;

/// <summary>
/// DESIGN rule 3 from the privacy officer's side: placing a hold keeps the records it covers from deletion by anyone and from
/// the retention purge until it is lifted; placing and lifting are each a decision in the employee's history and a notice
/// with the officer's reason and reference; a hold is placed and lifted only on the employee it names.
/// </summary>
public sealed class LegalHoldTests
{
    private static readonly EmployeeId Ada = new("ADA");
    private static readonly EmployeeId Ben = new("BEN");
    private const string Officer = "officer@test";
    private const string Litigation = "Litigation over the October incident: these records are evidence.";
    private const string CaseNumber = "CASE-2026-117";

    // The hold's period: 2 to 5 November 2026, both days included.
    private static readonly DateOnly From = new(2026, 11, 2);
    private static readonly DateOnly To = new(2026, 11, 5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Placing_a_hold_on_all_records_writes_the_hold_a_decision_and_a_notice_with_reason_and_reference(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);

        var id = await scene.Holds.PlaceAsync(Ada, new HoldRequest(null, null, "  " + Litigation + "  ", CaseNumber), Officer, Ct);

        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var hold = Assert.Single(await db.LegalHolds.AsNoTracking().ToListAsync(Ct));
        Assert.Equal((id, Ada.Value, Litigation, CaseNumber, Officer, scene.Now), (hold.Id, hold.EmployeeId, hold.Reason, hold.Reference, hold.PlacedBy, hold.PlacedAt));
        Assert.Equal(((DateTime?)null, (DateTime?)null, (DateTime?)null), (hold.CapturedFrom, hold.CapturedBefore, hold.LiftedAt));
        var decision = Assert.Single(await db.Decisions.AsNoTracking().ToListAsync(Ct));
        // Ada's four records that still hold content; her deleted one is a tombstone a hold has nothing left to keep of.
        Assert.Equal((Ada.Value, DecisionKind.LegalHold, id, 4, Litigation, Officer, ActorRole.PrivacyOfficer, scene.Now),
            (decision.EmployeeId, decision.Kind, decision.LegalHoldId, decision.RecordCount, decision.Reason, decision.ActorId, decision.ActorRole, decision.At));
        var notice = Assert.Single(await db.Notices.AsNoTracking().ToListAsync(Ct));
        Assert.Equal((Ada.Value, NoticeKind.LegalHold), (notice.EmployeeId, notice.Kind));
        Assert.Contains("all your records (4 now)", notice.Text);
        Assert.Contains(Litigation, notice.Text);
        Assert.Contains(CaseNumber, notice.Text);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_hold_over_a_period_covers_its_first_and_last_day_and_counts_only_the_records_it_keeps(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);

        var id = await scene.Holds.PlaceAsync(Ada, new HoldRequest(From, To, Litigation, CaseNumber), Officer, Ct);

        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var hold = await db.LegalHolds.AsNoTracking().SingleAsync(h => h.Id == id, Ct);
        Assert.Equal(((DateTime?)Utc(2026, 11, 2), (DateTime?)Utc(2026, 11, 6)), (hold.CapturedFrom, hold.CapturedBefore));
        var decision = await db.Decisions.AsNoTracking().SingleAsync(d => d.LegalHoldId == id, Ct);
        // The first and the last record of the period; not the deleted one inside it, nor the ones a second either side.
        Assert.Equal((DecisionKind.LegalHold, 2, ActorRole.PrivacyOfficer), (decision.Kind, decision.RecordCount, decision.ActorRole));
        var notice = await db.Notices.AsNoTracking().SingleAsync(n => n.EmployeeId == Ada.Value, Ct);
        Assert.Equal(NoticeKind.LegalHold, notice.Kind);
        Assert.Contains("your records captured from 2026-11-02 to 2026-11-05 (2 now)", notice.Text);
        Assert.Contains(Litigation, notice.Text);
        Assert.Contains(CaseNumber, notice.Text);
        Assert.False(await db.Notices.AnyAsync(n => n.EmployeeId == Ben.Value, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_held_record_refuses_deletion_by_the_employee_and_by_an_upheld_flag_while_records_outside_the_period_are_deletable(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        await scene.Holds.PlaceAsync(Ada, new HoldRequest(From, To, Litigation, CaseNumber), Officer, Ct);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));

        var alone = await scene.Decisions.DeleteAsync(Ada, ActTarget.One(scene.First), Ct);
        Assert.Null(alone.DecisionId);
        Assert.Equal((0, 1), (alone.Changed, alone.Held));
        Assert.Equal([Litigation], alone.HoldReasons);

        var together = await scene.Decisions.DeleteAsync(Ada, ActTarget.Selection([scene.Before, scene.First, scene.Last, scene.After]), Ct);
        Assert.Equal((2, 2), (together.Changed, together.Held));
        Assert.Equal([Litigation], together.HoldReasons);
        Assert.True(await scene.HasContentAsync(scene.First));
        Assert.True(await scene.HasContentAsync(scene.Last));
        Assert.False(await scene.HasContentAsync(scene.Before));
        Assert.False(await scene.HasContentAsync(scene.After));

        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var heldFlag = await scene.FlagAsync(Ada, scene.Last);
        foreach (var outcome in new[] { FlagOutcome.Redact, FlagOutcome.Delete })
        {
            var refused = await Assert.ThrowsAsync<ReviewRefusedException>(() =>
                scene.Review.ResolveAsync(Ada, heldFlag, outcome, "Not your work.", Officer, Ct));
            Assert.Contains("legal hold", refused.Message);
        }
        // Ben's records are not Ada's hold's: his flag is upheld as usual.
        var bensFlag = await scene.FlagAsync(Ben, scene.Bens);
        var upheld = await scene.Review.ResolveAsync(Ben, bensFlag, FlagOutcome.Delete, "Not your work.", Officer, Ct);
        Assert.Equal(1, upheld.RecordsChanged);

        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var flag = await db.Flags.AsNoTracking().SingleAsync(f => f.Id == heldFlag, Ct);
        Assert.Equal((FlagReviewState.Open, (string?)null), (flag.ReviewState, flag.Resolution));
        var last = await db.CaptureRecords.AsNoTracking().SingleAsync(r => r.EmployeeId == Ada.Value && r.Id == scene.Last, Ct);
        Assert.Equal(((DateTime?)null, (DateTime?)null, "Keystrokes in Outlook"), (last.DeletedAt, last.RedactedAt, last.Summary));
        Assert.True(await scene.HasContentAsync(scene.Last));
        Assert.False(await scene.HasContentAsync(scene.Bens));
        Assert.False(await db.Notices.AnyAsync(n => n.EmployeeId == Ada.Value && n.Kind == NoticeKind.FlagResolved, Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Retention_keeps_a_held_record_past_its_retention_and_the_first_purge_after_the_lift_erases_it(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var hold = await scene.Holds.PlaceAsync(Ada, new HoldRequest(From, To, Litigation, CaseNumber), Officer, Ct);
        // Every purpose of these records is past its retention (365 days at most).
        scene.Clock.Advance(TimeSpan.FromDays(400));

        var whileHeld = await scene.PurgeAsync();

        Assert.Equal(new RetentionPurgeResult(Purged: 3, Held: 2, Skipped: false), whileHeld);
        foreach (var kept in new[] { scene.First, scene.Last })
        {
            var record = await scene.RecordAsync(Ada, kept);
            Assert.Null(record.PurgedAt);
            Assert.NotNull(record.Summary);
            Assert.True(await scene.HasContentAsync(kept));
        }
        foreach (var purged in new[] { scene.Before, scene.After, scene.Bens })
            Assert.False(await scene.HasContentAsync(purged));

        scene.Clock.Advance(TimeSpan.FromHours(1));
        await scene.Holds.LiftAsync(Ada, hold, "The case was settled.", Officer, Ct);
        scene.Clock.Advance(TimeSpan.FromHours(1));
        var afterLift = await scene.PurgeAsync();

        Assert.Equal(new RetentionPurgeResult(Purged: 2, Held: 0, Skipped: false), afterLift);
        foreach (var erased in new[] { scene.First, scene.Last })
        {
            var record = await scene.RecordAsync(Ada, erased);
            Assert.Equal(scene.Now, record.PurgedAt);
            Assert.Null(record.Summary);
            Assert.False(await scene.HasContentAsync(erased));
        }
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Lifting_a_hold_records_who_and_why_tells_the_employee_frees_deletion_and_cannot_be_repeated(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var hold = await scene.Holds.PlaceAsync(Ada, new HoldRequest(From, To, Litigation, CaseNumber), Officer, Ct);
        scene.Clock.Advance(TimeSpan.FromDays(3));

        await scene.Holds.LiftAsync(Ada, hold, "  The case was settled.  ", "second-officer@test", Ct);

        await using (var db = await scene.Store.Contexts.CreateDbContextAsync(Ct))
        {
            var lifted = await db.LegalHolds.AsNoTracking().SingleAsync(h => h.Id == hold, Ct);
            Assert.Equal(((DateTime?)scene.Now, "second-officer@test", "The case was settled."), (lifted.LiftedAt, lifted.LiftedBy, lifted.LiftReason));
            Assert.Equal((Litigation, CaseNumber, Officer), (lifted.Reason, lifted.Reference, lifted.PlacedBy));
            var decision = await db.Decisions.AsNoTracking().SingleAsync(d => d.Kind == DecisionKind.LiftLegalHold, Ct);
            Assert.Equal((Ada.Value, (Guid?)hold, 2, "The case was settled.", "second-officer@test", ActorRole.PrivacyOfficer, scene.Now),
                (decision.EmployeeId, decision.LegalHoldId, decision.RecordCount, decision.Reason, decision.ActorId, decision.ActorRole, decision.At));
            var notice = await db.Notices.AsNoTracking().Where(n => n.EmployeeId == Ada.Value).OrderByDescending(n => n.At).FirstAsync(Ct);
            Assert.Equal((NoticeKind.LegalHold, scene.Now), (notice.Kind, notice.At));
            Assert.Contains("lifted the legal hold", notice.Text);
            Assert.Contains("The case was settled.", notice.Text);
            Assert.Contains(CaseNumber, notice.Text);
        }

        // Deletion works again at once.
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var deleted = await scene.Decisions.DeleteAsync(Ada, ActTarget.One(scene.First), Ct);
        Assert.Equal((1, 0), (deleted.Changed, deleted.Held));

        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var (decisions, notices) = await scene.CountsAsync();
        var again = await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.Holds.LiftAsync(Ada, hold, "Lifted twice.", Officer, Ct));
        Assert.Contains("already lifted", again.Message);
        Assert.Equal((decisions, notices), await scene.CountsAsync());
        await using var check = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var unchanged = await check.LegalHolds.AsNoTracking().SingleAsync(h => h.Id == hold, Ct);
        Assert.Equal(("second-officer@test", "The case was settled."), (unchanged.LiftedBy, unchanged.LiftReason));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Another_employees_hold_cannot_be_lifted_through_the_wrong_employee(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var bensHold = await scene.Holds.PlaceAsync(Ben, new HoldRequest(null, null, Litigation, CaseNumber), Officer, Ct);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var (decisions, notices) = await scene.CountsAsync();

        var refused = await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.Holds.LiftAsync(Ada, bensHold, "Wrong employee.", Officer, Ct));

        Assert.Equal("There is no such legal hold.", refused.Message);
        Assert.Equal((decisions, notices), await scene.CountsAsync());
        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var hold = await db.LegalHolds.AsNoTracking().SingleAsync(h => h.Id == bensHold, Ct);
        Assert.Equal((Ben.Value, (DateTime?)null, (string?)null, (string?)null), (hold.EmployeeId, hold.LiftedAt, hold.LiftedBy, hold.LiftReason));
        Assert.Equal(0, (await scene.Decisions.DeleteAsync(Ben, ActTarget.One(scene.Bens), Ct)).Changed);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_hold_without_reason_or_reference_with_text_that_cannot_be_kept_or_no_period_or_employee_is_refused_and_writes_nothing(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var refusals = new (EmployeeId Employee, HoldRequest Request, string Says)[]
        {
            (Ada, new HoldRequest(null, null, "", CaseNumber), "Give a reason"),
            (Ada, new HoldRequest(null, null, "   ", CaseNumber), "Give a reason"),
            (Ada, new HoldRequest(null, null, Litigation, ""), "Give a reference"),
            (Ada, new HoldRequest(null, null, Litigation, " \t "), "Give a reference"),
            (Ada, new HoldRequest(null, null, "Litigation\u0001", CaseNumber), "U+0001"),
            (Ada, new HoldRequest(null, null, Litigation, "CASE\u0001"), "U+0001"),
            (Ada, new HoldRequest(null, null, new string('x', LegalHoldService.MaxReasonLength + 1), CaseNumber), "longer than"),
            (Ada, new HoldRequest(To, From, Litigation, CaseNumber), "The period ends before it starts."),
            (new EmployeeId("NOBODY"), new HoldRequest(null, null, Litigation, CaseNumber), "There is no such employee."),
        };

        foreach (var (employee, request, says) in refusals)
        {
            var refused = await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.Holds.PlaceAsync(employee, request, Officer, Ct));
            Assert.Contains(says, refused.Message);
        }

        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        Assert.Empty(await db.LegalHolds.ToListAsync(Ct));
        Assert.Empty(await db.Decisions.ToListAsync(Ct));
        Assert.Empty(await db.Notices.ToListAsync(Ct));
        // Nothing holds Ada's records: she can still delete them.
        Assert.Equal(1, (await scene.Decisions.DeleteAsync(Ada, ActTarget.One(scene.First), Ct)).Changed);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_lift_without_a_reason_it_can_keep_is_refused_and_the_hold_stays(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var hold = await scene.Holds.PlaceAsync(Ada, new HoldRequest(null, null, Litigation, CaseNumber), Officer, Ct);
        var (decisions, notices) = await scene.CountsAsync();

        foreach (var reason in new[] { "", "  ", "Settled\u0001" })
            await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.Holds.LiftAsync(Ada, hold, reason, Officer, Ct));

        Assert.Equal((decisions, notices), await scene.CountsAsync());
        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        Assert.Null((await db.LegalHolds.AsNoTracking().SingleAsync(h => h.Id == hold, Ct)).LiftedAt);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task The_list_shows_active_holds_newest_first_the_lifted_ones_on_request_and_how_many_records_each_keeps_now(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var adaAll = await scene.Holds.PlaceAsync(Ada, new HoldRequest(null, null, "An old matter.", "OLD-1"), Officer, Ct);
        scene.Clock.Advance(TimeSpan.FromDays(1));
        var adaPeriod = await scene.Holds.PlaceAsync(Ada, new HoldRequest(From, To, Litigation, CaseNumber), Officer, Ct);
        scene.Clock.Advance(TimeSpan.FromDays(1));
        var bensAll = await scene.Holds.PlaceAsync(Ben, new HoldRequest(null, null, "Regulator's letter.", "REG-9"), Officer, Ct);
        scene.Clock.Advance(TimeSpan.FromDays(1));
        await scene.Holds.LiftAsync(Ada, adaAll, "The old matter is closed.", Officer, Ct);
        // A record of the period that arrives after the hold was placed is kept by it too.
        await scene.AddAsync(TestData.Record(Ada.Value, Utc(2026, 11, 4)));

        var active = await scene.Holds.ListAsync(includeLifted: false, 0, 10, Ct);
        var all = await scene.Holds.ListAsync(includeLifted: true, 0, 10, Ct);
        var second = await scene.Holds.ListAsync(includeLifted: true, 1, 1, Ct);

        Assert.Equal(2, active.Total);
        Assert.Equal([bensAll, adaPeriod], active.Holds.Select(h => h.Id));
        Assert.Equal([1, 3], active.Holds.Select(h => h.RecordsKept));
        var period = active.Holds[1];
        Assert.Equal((Ada.Value, "Employee ADA", "Test unit", Litigation, CaseNumber, Officer),
            (period.EmployeeId, period.EmployeeName, period.OrgUnitName, period.Reason, period.Reference, period.PlacedBy));
        Assert.Equal(((DateTime?)Utc(2026, 11, 2), (DateTime?)Utc(2026, 11, 6), (DateTime?)null), (period.CapturedFrom, period.CapturedBefore, period.LiftedAt));

        Assert.Equal(3, all.Total);
        Assert.Equal([bensAll, adaPeriod, adaAll], all.Holds.Select(h => h.Id));
        var lifted = all.Holds[2];
        Assert.Equal((0, Officer, (DateTime?)scene.Now, "The old matter is closed.", "OLD-1"),
            (lifted.RecordsKept, lifted.LiftedBy, lifted.LiftedAt, lifted.LiftReason, lifted.Reference));
        Assert.Equal(3, second.Total);
        Assert.Equal([adaPeriod], second.Holds.Select(h => h.Id));
    }

    private static DateTime Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);

    private sealed class Scene : IAsyncDisposable
    {
        private Scene(TestStore store, FakeTimeProvider clock)
        {
            Store = store;
            Clock = clock;
            Holds = new LegalHoldService(store.Contexts, clock);
            Decisions = new DecisionService(store.Contexts, clock, store.Erasure);
            Review = new ReviewService(store.Contexts, store.Erasure, new RecordDetailService(store.Contexts, clock), clock);
        }

        public TestStore Store { get; }
        public FakeTimeProvider Clock { get; }
        public DateTime Now => Clock.GetUtcNow().UtcDateTime;
        public LegalHoldService Holds { get; }
        public DecisionService Decisions { get; }
        public ReviewService Review { get; }

        /// <summary>Ada's records a second before the period, on its first instant, on its last second, and on the first instant after it.</summary>
        public Guid Before { get; private set; }
        public Guid First { get; private set; }
        public Guid Last { get; private set; }
        public Guid After { get; private set; }

        /// <summary>Ben's one record, inside Ada's period.</summary>
        public Guid Bens { get; private set; }

        public static async Task<Scene> CreateAsync(StoreProvider provider)
        {
            var store = await TestStore.CreateAsync(provider);
            await TestData.AddEmployeesAsync(store, Ada.Value, Ben.Value);
            var scene = new Scene(store, new FakeTimeProvider(new DateTimeOffset(TestData.Now)));
            var before = TestData.Record(Ada.Value, Utc(2026, 11, 2).AddSeconds(-1));
            var first = TestData.Record(Ada.Value, Utc(2026, 11, 2));
            var last = TestData.Record(Ada.Value, Utc(2026, 11, 6).AddSeconds(-1));
            var after = TestData.Record(Ada.Value, Utc(2026, 11, 6));
            // Deleted before any hold: a tombstone inside the period that no hold counts.
            var deleted = TestData.Record(Ada.Value, Utc(2026, 11, 3));
            deleted.DeletedAt = TestData.Now.AddDays(-10);
            deleted.Summary = null;
            deleted.Content = null;
            var bens = TestData.Record(Ben.Value, Utc(2026, 11, 3));
            await scene.AddAsync(before, first, last, after, deleted, bens);
            (scene.Before, scene.First, scene.Last, scene.After, scene.Bens) = (before.Id, first.Id, last.Id, after.Id, bens.Id);
            return scene;
        }

        public async Task AddAsync(params CaptureRecord[] records)
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            db.CaptureRecords.AddRange(records);
            await db.SaveChangesAsync(Ct);
        }

        /// <summary>The employee flags one record, through their own act; the flag's id.</summary>
        public async Task<Guid> FlagAsync(EmployeeId employee, Guid record)
        {
            var act = await Decisions.FlagAsync(employee, ActTarget.One(record), FlagCategory.PrivateContent, "Private", Ct);
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            return await db.Flags.Where(f => f.DecisionId == act.DecisionId).Select(f => f.Id).SingleAsync(Ct);
        }

        public Task<RetentionPurgeResult> PurgeAsync() =>
            new RetentionService(Store.Contexts, Clock, new RetentionOptions(), Store.Erasure, NullLogger<RetentionService>.Instance).PurgeAsync(Ct);

        public async Task<CaptureRecord> RecordAsync(EmployeeId employee, Guid id)
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            return await db.CaptureRecords.AsNoTracking().SingleAsync(r => r.EmployeeId == employee.Value && r.Id == id, Ct);
        }

        public async Task<bool> HasContentAsync(Guid record)
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            return await db.CaptureContents.AnyAsync(c => c.RecordId == record, Ct);
        }

        /// <summary>Decisions and notices of everyone: what a refused act must not add to.</summary>
        public async Task<(int Decisions, int Notices)> CountsAsync()
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            return (await db.Decisions.CountAsync(Ct), await db.Notices.CountAsync(Ct));
        }

        public ValueTask DisposeAsync() => Store.DisposeAsync();
    }
}
