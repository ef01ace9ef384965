using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.AccessLog;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Review;
using Transparency.Testing;

namespace Transparency.Core.Tests.Review;

/// <summary>
/// The privacy officer's case work: opening a flag shows its records and one in full, and every opening is in the employee's
/// access log before anything is read; open flags on one record each group by kind and application, and a group is answered
/// together, each employee told of their own, a flag under a legal hold left open and named.
/// </summary>
public sealed class FlagCaseTests
{
    private static readonly EmployeeId Ada = new("ADA");
    private static readonly EmployeeId Ben = new("BEN");
    private const string Officer = "officer@test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Opening_a_flag_shows_its_records_and_logs_one_review_per_opening_in_the_employees_access_log(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var later = TestData.Record(Ada.Value, TestData.Now.AddHours(-1));
        var earlier = TestData.Record(Ada.Value, TestData.Now.AddHours(-2), CaptureKind.Click, application: "Excel");
        await scene.AddAsync(later, earlier, TestData.Record(Ben.Value));
        var flag = await scene.FlagAsync(Ada, ActTarget.Selection([later.Id, earlier.Id]));

        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var opened = await scene.Review.OpenAsync(Ada, flag, Officer, ct: Ct);
        var firstOpening = scene.Now;
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var chosen = await scene.Review.OpenAsync(Ada, flag, Officer, later.Id, Ct);

        Assert.NotNull(opened);
        Assert.Equal((flag, Ada.Value, "Employee ADA", 2, FlagReviewState.Open), (opened.Flag.Id, opened.Flag.EmployeeId, opened.Flag.EmployeeName, opened.Flag.RecordCount, opened.State));
        Assert.Equal([earlier.Id, later.Id], opened.Records.Select(r => r.Id));
        Assert.All(opened.Records, r => Assert.False(r.Erased));
        // Without a record asked for, the flag's first record is shown in full.
        Assert.NotNull(opened.Record);
        Assert.Equal((earlier.Id, """{"text":"hello"}"""), (opened.Record.Record.Id, opened.Record.ContentJson));
        Assert.NotNull(chosen);
        Assert.NotNull(chosen.Record);
        Assert.Equal((later.Id, """{"text":"hello"}""", "Keystrokes in Outlook"), (chosen.Record.Record.Id, chosen.Record.ContentJson, chosen.Record.Record.Summary));
        // The read was logged before it was served: the record's own page already lists it.
        Assert.Contains(chosen.Record.Accesses, a => a.Channel == AccessChannel.PrivacyOfficerReview && a.ActorId == Officer && a.At == scene.Now);

        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var rows = await db.AccessLog.AsNoTracking().OrderBy(a => a.At).ToListAsync(Ct);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, a => Assert.Equal((Ada.Value, AccessChannel.PrivacyOfficerReview, ActorRole.PrivacyOfficer, Officer, 2),
            (a.EmployeeId, a.Channel, a.ActorRole, a.ActorId, a.RecordCount)));
        Assert.Equal([firstOpening, scene.Now], rows.Select(a => a.At));

        var log = new AccessLogService(scene.Store.Contexts, scene.Clock);
        var adas = await log.ListAsync(Ada, new AccessFilter(), 0, 50, Ct);
        Assert.Equal(2, adas.Total);
        Assert.Equal(rows.Select(r => r.Id).Reverse(), adas.Entries.Select(e => e.Id));
        var newest = adas.Entries[0];
        Assert.Equal((AccessChannel.PrivacyOfficerReview, ActorRole.PrivacyOfficer, Officer, 2), (newest.Channel, newest.ActorRole, newest.ActorId, newest.RecordCount));
        Assert.Contains("Privacy officer reviewing your flag of 2026-11-20", newest.Why);
        Assert.Empty((await log.ListAsync(Ben, new AccessFilter(), 0, 50, Ct)).Entries);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Another_employees_flag_or_a_record_not_in_the_flag_opens_nothing_and_logs_nothing(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var flagged = TestData.Record(Ada.Value);
        var other = TestData.Record(Ada.Value, TestData.Now.AddHours(-3));
        var bens = TestData.Record(Ben.Value);
        await scene.AddAsync(flagged, other, bens);
        var adasFlag = await scene.FlagAsync(Ada, ActTarget.One(flagged.Id));
        var bensFlag = await scene.FlagAsync(Ben, ActTarget.One(bens.Id));

        Assert.Null(await scene.Review.OpenAsync(Ben, adasFlag, Officer, ct: Ct));
        Assert.Null(await scene.Review.OpenAsync(Ada, bensFlag, Officer, ct: Ct));
        Assert.Null(await scene.Review.OpenAsync(Ada, adasFlag, Officer, other.Id, Ct));
        Assert.Null(await scene.Review.OpenAsync(Ada, adasFlag, Officer, bens.Id, Ct));
        Assert.Null(await scene.Review.OpenAsync(Ada, Guid.NewGuid(), Officer, ct: Ct));

        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        Assert.Empty(await db.AccessLog.ToListAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Open_flags_on_one_record_group_by_kind_and_application_and_a_group_lists_its_flags_oldest_first(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var group = await scene.OutlookGroupAsync();
        var excel = TestData.Record(Ada.Value, kind: CaptureKind.Click, application: "Excel");
        var several = new[] { TestData.Record(Ada.Value, TestData.Now.AddHours(-5)), TestData.Record(Ada.Value, TestData.Now.AddHours(-6)) };
        var dismissed = TestData.Record(Ben.Value, TestData.Now.AddHours(-7), CaptureKind.Click, application: "Excel");
        await scene.AddAsync([excel, .. several, dismissed]);
        var excelFlag = await scene.FlagAsync(Ada, ActTarget.One(excel.Id));
        // A flag on several records has no one kind, and a flag already answered is owed nothing: neither is in a group.
        await scene.FlagAsync(Ada, ActTarget.Selection(several.Select(r => r.Id)));
        var answered = await scene.FlagAsync(Ben, ActTarget.One(dismissed.Id));
        await scene.Review.ResolveAsync(Ben, answered, FlagOutcome.Dismiss, "Nothing private.", Officer, Ct);

        var groups = await scene.Review.GroupsAsync(Ct);

        Assert.Equal([new FlagGroup(CaptureKind.Keystrokes, "Outlook", 3), new FlagGroup(CaptureKind.Click, "Excel", 1)], groups);
        Assert.Equal(group, await scene.Review.GroupFlagsAsync(CaptureKind.Keystrokes, "Outlook", Ct));
        Assert.Equal([new FlagRef(Ada.Value, excelFlag)], await scene.Review.GroupFlagsAsync(CaptureKind.Click, "Excel", Ct));
        Assert.Empty(await scene.Review.GroupFlagsAsync(CaptureKind.Click, "Outlook", Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_group_dismissed_together_answers_every_flag_and_tells_each_employee_of_their_own(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var group = await scene.OutlookGroupAsync();
        scene.Clock.Advance(TimeSpan.FromMinutes(1));

        // The same flag named twice is answered once.
        var result = await scene.Review.ResolveManyAsync([.. group, group[0]], FlagOutcome.Dismiss, "Work e-mail, nothing private.", Officer, Ct);

        Assert.Equal((3, 3), (result.Resolved, result.RecordsChanged));
        Assert.Empty(result.Refused);
        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var flags = await db.Flags.AsNoTracking().ToListAsync(Ct);
        Assert.All(flags, f => Assert.Equal((FlagReviewState.Dismissed, Officer, "Work e-mail, nothing private."), (f.ReviewState, f.ResolvedBy, f.Resolution)));
        Assert.False(await db.CaptureRecords.AnyAsync(r => r.HasOpenFlag, Ct));
        var notices = await db.Notices.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(["ADA", "ADA", "BEN"], notices.Select(n => n.EmployeeId).Order());
        Assert.All(notices, n => Assert.Equal(NoticeKind.FlagResolved, n.Kind));
        Assert.All(notices, n => Assert.Contains("Work e-mail, nothing private.", n.Text));
        Assert.Empty(await scene.Review.GroupsAsync(Ct));

        var again = await scene.Review.ResolveManyAsync(group, FlagOutcome.Dismiss, "Again.", Officer, Ct);
        Assert.Equal((0, 3), (again.Resolved, again.Refused.Count));
        Assert.All(again.Refused, r => Assert.Contains("already dismissed", r.Why));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_group_redacted_together_leaves_a_flag_under_a_legal_hold_open_and_says_why(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var group = await scene.OutlookGroupAsync();
        var bensFlag = Assert.Single(group, f => f.EmployeeId == Ben.Value);
        await new LegalHoldService(scene.Store.Contexts, scene.Clock).PlaceAsync(Ben, new HoldRequest(null, null, "Tribunal case.", "ET-2026-4"), Officer, Ct);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));

        var result = await scene.Review.ResolveManyAsync(group, FlagOutcome.Redact, "Private messages were captured.", Officer, Ct);

        Assert.Equal((2, 2), (result.Resolved, result.RecordsChanged));
        var (refused, why) = Assert.Single(result.Refused);
        Assert.Equal(bensFlag, refused);
        Assert.Contains("legal hold", why);
        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var flags = await db.Flags.AsNoTracking().ToDictionaryAsync(f => f.Id, Ct);
        Assert.Equal(FlagReviewState.Open, flags[bensFlag.FlagId].ReviewState);
        Assert.All(group.Where(f => f != bensFlag), f => Assert.Equal(FlagReviewState.Upheld, flags[f.FlagId].ReviewState));
        var held = await db.CaptureRecords.AsNoTracking().SingleAsync(r => r.EmployeeId == Ben.Value, Ct);
        Assert.Equal(("Keystrokes in Outlook", (DateTime?)null, true), (held.Summary, held.RedactedAt, held.HasOpenFlag));
        Assert.All(await db.CaptureRecords.AsNoTracking().Where(r => r.EmployeeId == Ada.Value).ToListAsync(Ct),
            r => Assert.Equal(((string?)null, false), (r.Summary, r.RedactedAt is null)));
        Assert.True(await db.CaptureContents.AnyAsync(c => c.EmployeeId == Ben.Value, Ct));
        Assert.False(await db.CaptureContents.AnyAsync(c => c.EmployeeId == Ada.Value, Ct));
        var resolvedNotices = await db.Notices.AsNoTracking().Where(n => n.Kind == NoticeKind.FlagResolved).ToListAsync(Ct);
        Assert.Equal(["ADA", "ADA"], resolvedNotices.Select(n => n.EmployeeId));
        Assert.Equal([new FlagGroup(CaptureKind.Keystrokes, "Outlook", 1)], await scene.Review.GroupsAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_bulk_resolution_with_a_reason_that_cannot_be_kept_or_no_flags_is_refused_before_any_flag_changes(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var group = await scene.OutlookGroupAsync();

        foreach (var reason in new[] { "", "   ", "Nothing\u0001private", "half \uD83D", new string('x', 2001) })
            await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.Review.ResolveManyAsync(group, FlagOutcome.Delete, reason, Officer, Ct));
        await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.Review.ResolveManyAsync(group, (FlagOutcome)0, "A reason.", Officer, Ct));
        await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.Review.ResolveManyAsync([], FlagOutcome.Dismiss, "A reason.", Officer, Ct));
        var tooMany = Enumerable.Range(0, ReviewService.MaxBulk).Select(_ => new FlagRef(Ada.Value, Guid.NewGuid())).Append(group[0]).ToList();
        await Assert.ThrowsAsync<ReviewRefusedException>(() => scene.Review.ResolveManyAsync(tooMany, FlagOutcome.Dismiss, "A reason.", Officer, Ct));

        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        Assert.All(await db.Flags.AsNoTracking().ToListAsync(Ct), f => Assert.Equal(FlagReviewState.Open, f.ReviewState));
        Assert.Equal(3, await db.CaptureContents.CountAsync(Ct));
        Assert.Empty(await db.Notices.ToListAsync(Ct));
        Assert.False(await db.Decisions.AnyAsync(d => d.ActorRole == ActorRole.PrivacyOfficer, Ct));
    }

    private sealed class Scene : IAsyncDisposable
    {
        private Scene(TestStore store, FakeTimeProvider clock)
        {
            Store = store;
            Clock = clock;
            Review = new ReviewService(store.Contexts, store.Erasure, new RecordDetailService(store.Contexts, clock), clock);
        }

        public TestStore Store { get; }
        public FakeTimeProvider Clock { get; }
        public DateTime Now => Clock.GetUtcNow().UtcDateTime;
        public ReviewService Review { get; }

        public static async Task<Scene> CreateAsync(StoreProvider provider)
        {
            var store = await TestStore.CreateAsync(provider);
            await TestData.AddEmployeesAsync(store, Ada.Value, Ben.Value);
            return new Scene(store, new FakeTimeProvider(new DateTimeOffset(TestData.Now)));
        }

        public async Task AddAsync(params CaptureRecord[] records)
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            db.CaptureRecords.AddRange(records);
            await db.SaveChangesAsync(Ct);
        }

        /// <summary>The employee flags, through their own act, a second after the last flag; the flag's id.</summary>
        public async Task<Guid> FlagAsync(EmployeeId employee, ActTarget target)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            var act = await new DecisionService(Store.Contexts, Clock, Store.Erasure).FlagAsync(employee, target, FlagCategory.PrivateContent, "Private", Ct);
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            return await db.Flags.Where(f => f.DecisionId == act.DecisionId).Select(f => f.Id).SingleAsync(Ct);
        }

        /// <summary>
        /// Three open flags on one Outlook keystroke record each, raised Ben's first, then Ada's two: the group, oldest first.
        /// </summary>
        public async Task<IReadOnlyList<FlagRef>> OutlookGroupAsync()
        {
            var bens = TestData.Record(Ben.Value, TestData.Now.AddHours(-2));
            var adas = new[] { TestData.Record(Ada.Value, TestData.Now.AddHours(-1)), TestData.Record(Ada.Value, TestData.Now.AddHours(-3)) };
            await AddAsync([bens, .. adas]);
            var first = await FlagAsync(Ben, ActTarget.One(bens.Id));
            var second = await FlagAsync(Ada, ActTarget.One(adas[0].Id));
            var third = await FlagAsync(Ada, ActTarget.One(adas[1].Id));
            return [new FlagRef(Ben.Value, first), new FlagRef(Ada.Value, second), new FlagRef(Ada.Value, third)];
        }

        public ValueTask DisposeAsync() => Store.DisposeAsync();
    }
}
