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
/// The privacy officers' own acts on one page, so the organisation can audit them: every review of an employee's data, every
/// flag answered and hold placed or lifted, every report opened, newest first, and nothing done by employees, HR or the
/// works council.
/// </summary>
public sealed class OfficerActivityTests
{
    private static readonly EmployeeId Ada = new("ADA");
    private static readonly EmployeeId Ben = new("BEN");
    private const string Officer = "officer@test";
    private const string Second = "second-officer@test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Every_act_of_the_officers_is_listed_newest_first_with_whom_it_was_about_and_nothing_of_anyone_else(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);

        var page = await scene.Activity.ListAsync(null, null, 50, Ct);

        Assert.Null(page.Next);
        Assert.Equal(scene.Expected.Select(e => e.At), page.Acts.Select(a => a.At));
        Assert.Equal(
            [
                (OfficerActKind.Decision, Officer, "Upheld a flag: content of 1 record erased", "Employee ADA", "Private messages were captured."),
                (OfficerActKind.Review, Officer, "Privacy officer review of 1 record", "Employee ADA", null),
                (OfficerActKind.Report, Officer, "Usage report (Csv)", null, "whole organisation; from=2026-11-01&to=2026-11-30"),
                (OfficerActKind.Decision, Second, "Lifted a legal hold (1 record released)", "Employee BEN", "The tribunal case is closed."),
                (OfficerActKind.Decision, Second, "Placed a legal hold (1 record kept)", "Employee BEN", "Tribunal case."),
                (OfficerActKind.Decision, Officer, "Dismissed a flag on 1 record", "Employee ADA", "Nothing private."),
                (OfficerActKind.Review, Officer, "Privacy officer review of 1 record", "Employee ADA", null),
            ],
            page.Acts.Select(a => (a.Kind, a.ActorId, a.What, a.EmployeeName, a.Kind == OfficerActKind.Review ? null : a.Detail)));
        Assert.All(page.Acts.Where(a => a.Kind == OfficerActKind.Review), a => Assert.StartsWith("Privacy officer reviewing your flag of 2026-11-20", a.Detail));
        Assert.Equal([Ada.Value, Ada.Value, null, Ben.Value, Ben.Value, Ada.Value, Ada.Value], page.Acts.Select(a => a.EmployeeId));
        Assert.Equal(scene.Expected.Select(e => e.Id), page.Acts.Select(a => a.Id));

        // What others did is in the store, and not on this page.
        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(2, await db.Decisions.CountAsync(d => d.ActorRole == ActorRole.Employee, Ct));
        Assert.Equal(1, await db.AccessLog.CountAsync(a => a.ActorRole == ActorRole.HR, Ct));
        Assert.Equal(1, await db.ReportViews.CountAsync(v => v.ActorRole == ActorRole.WorksCouncil, Ct));
        Assert.DoesNotContain(page.Acts, a => a.ActorId is "ADA" or "hr@test" or "council@test");
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task One_officers_acts_are_listed_alone(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);

        var second = await scene.Activity.ListAsync(Second, null, 50, Ct);
        var first = await scene.Activity.ListAsync("  " + Officer + " ", null, 50, Ct);
        var everyone = await scene.Activity.ListAsync("   ", null, 50, Ct);

        Assert.Equal(scene.Expected.Where(e => e.ActorId == Second).Select(e => e.Id), second.Acts.Select(a => a.Id));
        Assert.Equal(2, second.Acts.Count);
        Assert.Equal(scene.Expected.Where(e => e.ActorId == Officer).Select(e => e.Id), first.Acts.Select(a => a.Id));
        Assert.Equal(5, first.Acts.Count);
        Assert.Equal(scene.Expected.Select(e => e.Id), everyone.Acts.Select(a => a.Id));
        Assert.Empty((await scene.Activity.ListAsync("hr@test", null, 50, Ct)).Acts);
        Assert.Empty((await scene.Activity.ListAsync("council@test", null, 50, Ct)).Acts);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Paging_walks_the_whole_list_with_no_act_missing_or_repeated(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);

        for (var take = 1; take <= scene.Expected.Count + 1; take++)
        {
            var walked = new List<Guid>();
            ActivityCursor? next = null;
            var pages = 0;
            do
            {
                var page = await scene.Activity.ListAsync(null, next, take, Ct);
                walked.AddRange(page.Acts.Select(a => a.Id));
                next = page.Next;
                Assert.InRange(page.Acts.Count, 1, take);
                pages++;
            }
            while (next is not null && pages <= scene.Expected.Count);

            Assert.Null(next);
            // Every page but the last is full: the list ends on the page that shows its last act.
            Assert.Equal((scene.Expected.Count + take - 1) / take, pages);
            Assert.Equal(scene.Expected.Select(e => e.Id), walked);
        }

        var filtered = new List<Guid>();
        ActivityCursor? after = null;
        do
        {
            var page = await scene.Activity.ListAsync(Officer, after, 2, Ct);
            filtered.AddRange(page.Acts.Select(a => a.Id));
            after = page.Next;
        }
        while (after is not null && filtered.Count <= scene.Expected.Count);
        Assert.Equal(scene.Expected.Where(e => e.ActorId == Officer).Select(e => e.Id), filtered);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Acts_of_the_same_instant_are_all_walked_whatever_the_page_size(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        // Three holds in one instant (a script, a bulk act), then the rest as before.
        var holds = new LegalHoldService(scene.Store.Contexts, scene.Clock);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        foreach (var employee in new[] { Ada, Ben, Ada })
            await holds.PlaceAsync(employee, new HoldRequest(null, null, "Tribunal case.", "ET-2026-9"), Officer, Ct);
        var all = (await scene.Activity.ListAsync(null, null, 100, Ct)).Acts.Select(a => a.Id).ToList();
        Assert.Equal(scene.Expected.Count + 3, all.Count);

        for (var take = 1; take <= 4; take++)
        {
            var walked = new List<Guid>();
            ActivityCursor? next = null;
            do
            {
                var page = await scene.Activity.ListAsync(null, next, take, Ct);
                Assert.InRange(page.Acts.Count, 1, take);
                walked.AddRange(page.Acts.Select(a => a.Id));
                next = page.Next;
            }
            while (next is not null && walked.Count <= all.Count);
            Assert.Equal(all, walked);
        }
    }

    /// <summary>One act the page should list: when, by whom, and the id of its row (decision, access-log entry or report view).</summary>
    private sealed record ExpectedAct(DateTime At, string ActorId, Guid Id);

    private sealed class Scene : IAsyncDisposable
    {
        private Scene(TestStore store, FakeTimeProvider clock)
        {
            Store = store;
            Clock = clock;
            Activity = new OfficerActivity(store.Contexts);
        }

        public TestStore Store { get; }
        public FakeTimeProvider Clock { get; }
        public OfficerActivity Activity { get; }

        /// <summary>The officers' acts, newest first.</summary>
        public IReadOnlyList<ExpectedAct> Expected { get; private set; } = [];

        private DateTime Now => Clock.GetUtcNow().UtcDateTime;

        /// <summary>
        /// Ada flags two records; HR downloads her data; the officer opens and dismisses her first flag; a second officer places
        /// and lifts a hold on Ben; the officer downloads a report and the works council opens one; the officer opens and
        /// redacts Ada's second flag. Each a minute after the last.
        /// </summary>
        public static async Task<Scene> CreateAsync(StoreProvider provider)
        {
            var store = await TestStore.CreateAsync(provider);
            await TestData.AddEmployeesAsync(store, Ada.Value, Ben.Value);
            var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
            var scene = new Scene(store, clock);
            var adas = new[] { TestData.Record(Ada.Value, TestData.Now.AddHours(-1)), TestData.Record(Ada.Value, TestData.Now.AddHours(-2)) };
            await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
            {
                db.CaptureRecords.AddRange([.. adas, TestData.Record(Ben.Value)]);
                await db.SaveChangesAsync(Ct);
            }
            var decisions = new DecisionService(store.Contexts, clock, store.Erasure);
            var review = new ReviewService(store.Contexts, store.Erasure, new RecordDetailService(store.Contexts, clock), clock);
            var holds = new LegalHoldService(store.Contexts, clock);
            var expected = new List<ExpectedAct>();

            var flags = new List<Guid>();
            foreach (var record in adas)
            {
                clock.Advance(TimeSpan.FromMinutes(1));
                var act = await decisions.FlagAsync(Ada, ActTarget.One(record.Id), FlagCategory.PrivateContent, "Private", Ct);
                flags.Add(await scene.FlagOfAsync(act.DecisionId));
            }
            clock.Advance(TimeSpan.FromMinutes(1));
            await new AccessLogService(store.Contexts, clock).RecordAsync(Ada,
                new AccessRecord("hr@test", ActorRole.HR, AccessChannel.HrDisclosureDownload, "Subject access request", 2), Ct);

            clock.Advance(TimeSpan.FromMinutes(1));
            await review.OpenAsync(Ada, flags[0], Officer, ct: Ct);
            expected.Add(new ExpectedAct(scene.Now, Officer, await scene.LastReviewAsync()));
            clock.Advance(TimeSpan.FromMinutes(1));
            await review.ResolveAsync(Ada, flags[0], FlagOutcome.Dismiss, "Nothing private.", Officer, Ct);
            expected.Add(new ExpectedAct(scene.Now, Officer, await scene.LastDecisionAsync()));

            clock.Advance(TimeSpan.FromMinutes(1));
            var hold = await holds.PlaceAsync(Ben, new HoldRequest(null, null, "Tribunal case.", "ET-2026-4"), Second, Ct);
            expected.Add(new ExpectedAct(scene.Now, Second, await scene.LastDecisionAsync()));
            clock.Advance(TimeSpan.FromMinutes(1));
            await holds.LiftAsync(Ben, hold, "The tribunal case is closed.", Second, Ct);
            expected.Add(new ExpectedAct(scene.Now, Second, await scene.LastDecisionAsync()));

            clock.Advance(TimeSpan.FromMinutes(1));
            expected.Add(new ExpectedAct(scene.Now, Officer, await scene.ReportViewAsync(Officer, ActorRole.PrivacyOfficer)));
            clock.Advance(TimeSpan.FromMinutes(1));
            await scene.ReportViewAsync("council@test", ActorRole.WorksCouncil);

            clock.Advance(TimeSpan.FromMinutes(1));
            await review.OpenAsync(Ada, flags[1], Officer, ct: Ct);
            expected.Add(new ExpectedAct(scene.Now, Officer, await scene.LastReviewAsync()));
            clock.Advance(TimeSpan.FromMinutes(1));
            await review.ResolveAsync(Ada, flags[1], FlagOutcome.Redact, "Private messages were captured.", Officer, Ct);
            expected.Add(new ExpectedAct(scene.Now, Officer, await scene.LastDecisionAsync()));

            expected.Reverse();
            scene.Expected = expected;
            return scene;
        }

        private async Task<Guid> FlagOfAsync(Guid? decisionId)
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            return await db.Flags.Where(f => f.DecisionId == decisionId).Select(f => f.Id).SingleAsync(Ct);
        }

        private async Task<Guid> LastReviewAsync()
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            return await db.AccessLog.Where(a => a.At == Now && a.ActorRole == ActorRole.PrivacyOfficer).Select(a => a.Id).SingleAsync(Ct);
        }

        private async Task<Guid> LastDecisionAsync()
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            return await db.Decisions.Where(d => d.At == Now && d.ActorRole == ActorRole.PrivacyOfficer).Select(d => d.Id).SingleAsync(Ct);
        }

        private async Task<Guid> ReportViewAsync(string actorId, ActorRole role)
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            var view = AccessLogService.AppendReportView(db, new ReportViewer(actorId, role, ReportFormat.Csv), null, "from=2026-11-01&to=2026-11-30", Now);
            await db.SaveChangesAsync(Ct);
            return view.Id;
        }

        public ValueTask DisposeAsync() => Store.DisposeAsync();
    }
}
