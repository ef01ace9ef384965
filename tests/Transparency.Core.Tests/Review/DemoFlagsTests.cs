using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Demo;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Review;
using Transparency.Core.Tests.Demo;
using Transparency.Testing;

namespace Transparency.Core.Tests.Review;

/// <summary>Every flag the demo raises can be opened and answered, and each answer reaches its employee.</summary>
public sealed class DemoFlagsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Every_open_demo_flag_opens_and_is_answered_and_the_queue_ends_empty(StoreProvider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
        await using var store = await DemoStores.GenerateAsync(provider, new DemoDataOptions { Records = 4_000, Now = TestData.Now, RandomSeed = 11 }, clock);
        var review = new ReviewService(store.Contexts, store.Erasure, new RecordDetailService(store.Contexts, clock), clock);

        var open = await review.QueueAsync(new FlagQueueFilter(), 0, ReviewService.MaxPageSize, Ct);
        Assert.NotEmpty(open.Flags);
        Assert.True(open.Total <= ReviewService.MaxPageSize, "The demo raises more flags than one page; walk the pages.");
        var outcomes = new[] { FlagOutcome.Dismiss, FlagOutcome.Redact, FlagOutcome.Delete };
        var answered = new List<(QueuedFlag Flag, FlagOutcome Outcome)>();
        foreach (var (flag, i) in open.Flags.Select((f, i) => (f, i)))
        {
            var employee = new EmployeeId(flag.EmployeeId);
            var opened = await review.OpenAsync(employee, flag.Id, DemoPlan.PrivacyOfficer, ct: Ct);
            Assert.NotNull(opened);
            Assert.Equal(flag.RecordCount, opened.Flag.RecordCount);
            Assert.NotEmpty(opened.Records);
            Assert.NotNull(opened.Record);

            // A flag whose records a legal hold keeps cannot be upheld; the officer dismisses it or lifts the hold first.
            var outcome = outcomes[i % outcomes.Length];
            try
            {
                await review.ResolveAsync(employee, flag.Id, outcome, "Reviewed for the demo.", DemoPlan.PrivacyOfficer, Ct);
            }
            catch (ReviewRefusedException refusal) when (refusal.Message.Contains("legal hold", StringComparison.Ordinal))
            {
                outcome = FlagOutcome.Dismiss;
                await review.ResolveAsync(employee, flag.Id, outcome, "Reviewed for the demo.", DemoPlan.PrivacyOfficer, Ct);
            }
            answered.Add((flag, outcome));
        }

        Assert.Equal(0, (await review.QueueAsync(new FlagQueueFilter(), 0, 10, Ct)).Total);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        foreach (var (flag, outcome) in answered)
        {
            Assert.Equal(outcome == FlagOutcome.Dismiss ? FlagReviewState.Dismissed : FlagReviewState.Upheld,
                (await db.Flags.SingleAsync(f => f.EmployeeId == flag.EmployeeId && f.Id == flag.Id, Ct)).ReviewState);
            Assert.True(await db.Notices.AnyAsync(n => n.EmployeeId == flag.EmployeeId && n.Kind == NoticeKind.FlagResolved, Ct));
            Assert.True(await db.AccessLog.AnyAsync(a => a.EmployeeId == flag.EmployeeId && a.Channel == AccessChannel.PrivacyOfficerReview
                                                                                      && a.ActorId == DemoPlan.PrivacyOfficer, Ct));
        }
        // No record is left quarantined by a flag that is no longer open.
        Assert.False(await db.CaptureRecords.AnyAsync(r => r.HasOpenFlag, Ct));
    }
}
