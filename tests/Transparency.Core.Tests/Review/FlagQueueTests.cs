using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.EventStore;
using Transparency.Core.Records;
using Transparency.Core.Review;
using Transparency.Testing;

namespace Transparency.Core.Tests.Review;

/// <summary>The privacy officer's queue: open flags only, oldest first, filtered by category, kind, age and org unit, a page at a time.</summary>
public sealed class FlagQueueTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task The_queue_lists_open_flags_oldest_first_and_filters_as_asked(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, "A", "B");
        Guid oldest, middle, newest;
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            db.OrgUnits.AddRange(new OrgUnit { Id = "DEPT", Name = "Department" }, new OrgUnit { Id = "TEAM", Name = "Team", ParentId = "DEPT" });
            await db.SaveChangesAsync(Ct);
            (await db.Employees.SingleAsync(e => e.Id == "B", Ct)).OrgUnitId = "TEAM";
            var keystrokes = TestData.Record("A", TestData.Now.AddDays(-11), CaptureKind.Keystrokes, application: "Outlook");
            var click = TestData.Record("B", TestData.Now.AddDays(-6), CaptureKind.Click, application: "Excel");
            db.CaptureRecords.AddRange(keystrokes, click);
            oldest = Flag(db, "A", keystrokes.Id, 1, FlagCategory.PrivateContent, null, days: 10, FlagReviewState.Open);
            middle = Flag(db, "B", click.Id, 1, FlagCategory.WrongPerson, null, days: 5, FlagReviewState.Open);
            newest = Flag(db, "B", null, 3, FlagCategory.Other, "These were captured on my day off", days: 2, FlagReviewState.Open);
            Flag(db, "A", keystrokes.Id, 1, FlagCategory.Sensitive, null, days: 20, FlagReviewState.Dismissed);
            await db.SaveChangesAsync(Ct);
        }
        var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
        var review = new ReviewService(store.Contexts, store.Erasure, new RecordDetailService(store.Contexts, clock), clock);

        async Task<IReadOnlyList<Guid>> Ids(FlagQueueFilter filter, int skip = 0, int take = 50) =>
            (await review.QueueAsync(filter, skip, take, Ct)).Flags.Select(f => f.Id).ToList();

        var all = await review.QueueAsync(new FlagQueueFilter(), 0, 50, Ct);
        Assert.Equal([oldest, middle, newest], all.Flags.Select(f => f.Id));
        Assert.Equal(3, all.Total);
        var first = all.Flags[0];
        Assert.Equal(("A", "Employee A", "Test unit", CaptureKind.Keystrokes, "Outlook", 1), (first.EmployeeId, first.EmployeeName, first.OrgUnitName, first.Kind, first.Application, first.RecordCount));
        var several = all.Flags[2];
        Assert.Equal((null, null, 3, "These were captured on my day off", "Team"), (several.Kind, several.Application, several.RecordCount, several.Note, several.OrgUnitName));

        Assert.Equal([oldest], await Ids(new FlagQueueFilter(Kind: CaptureKind.Keystrokes)));
        Assert.Equal([newest], await Ids(new FlagQueueFilter(Category: FlagCategory.Other)));
        Assert.Equal([oldest, middle], await Ids(new FlagQueueFilter(OlderThanDays: 4)));
        Assert.Equal([middle, newest], await Ids(new FlagQueueFilter(OrgUnitId: "DEPT")));
        Assert.Empty(await Ids(new FlagQueueFilter(OrgUnitId: "NOWHERE")));
        var lastPage = await review.QueueAsync(new FlagQueueFilter(), 2, 2, Ct);
        Assert.Equal([newest], lastPage.Flags.Select(f => f.Id));
        Assert.Equal(3, lastPage.Total);
        await Assert.ThrowsAsync<ArgumentException>(() => review.QueueAsync(new FlagQueueFilter(OlderThanDays: -1), 0, 10, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => review.QueueAsync(new FlagQueueFilter(Category: (FlagCategory)99), 0, 10, Ct));
    }

    private static Guid Flag(TransparencyDbContext db, string employee, Guid? record, int count, FlagCategory category, string? note, int days,
        FlagReviewState state)
    {
        var raised = TestData.Now.AddDays(-days);
        var decision = new Decision
        {
            EmployeeId = employee, Id = Guid.NewGuid(), Kind = DecisionKind.Flag, RecordId = record, RecordCount = count, Reason = note,
            ActorId = employee, ActorRole = ActorRole.Employee, At = raised,
        };
        var flag = new Flag
        {
            EmployeeId = employee, Id = Guid.NewGuid(), DecisionId = decision.Id, RecordId = record, RecordCount = count, Category = category,
            Note = note, RaisedAt = raised, ReviewState = state,
        };
        db.Decisions.Add(decision);
        db.Flags.Add(flag);
        return flag.Id;
    }
}
