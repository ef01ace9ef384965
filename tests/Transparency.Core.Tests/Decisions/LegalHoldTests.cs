using Microsoft.EntityFrameworkCore;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Records;
using Transparency.Testing;
using static Transparency.Core.Tests.Decisions.ActScene;

namespace Transparency.Core.Tests.Decisions;

/// <summary>DESIGN rule 3: a legal hold blocks deletion of the records it covers, and the employee reads why.</summary>
public sealed class LegalHoldTests
{
    private const string Litigation = "Litigation 2026-117: records of October 2026 are evidence.";
    private const string Dispute = "Works council dispute: keep everything until the hearing.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Hold_over_a_captured_period_keeps_its_records_and_lets_the_others_be_deleted(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var (ada, ben) = (Ada.Value, Ben.Value);
        var october = await scene.AddAsync(
            TestData.Record(ada, Utc(2026, 10, 1)),
            TestData.Record(ada, Utc(2026, 11, 1).AddSeconds(-1)));
        var free = await scene.AddAsync(
            // The hold's period ends before 1 November: a record captured at that instant is free.
            TestData.Record(ada, Utc(2026, 11, 1)),
            TestData.Record(ada, Utc(2026, 11, 15)));
        var bens = await scene.AddAsync(TestData.Record(ben, Utc(2026, 11, 15)));
        await scene.AddAsync(Hold(ada, Litigation, Utc(2026, 10, 1), Utc(2026, 11, 1)));
        // Holds that cover none of the targeted records: their reasons are not the employee's answer.
        await scene.AddAsync(Hold(ada, "Tax audit of 2024.", Utc(2024, 1, 1), Utc(2025, 1, 1)));
        await scene.AddAsync(Hold(ada, "An old hold, since lifted.", null, null, liftedAt: TestData.Now.AddDays(-3)));
        await scene.AddAsync(Hold(ben, "Ben's hold.", null, null));
        var eligibleBefore = await scene.EligibleAsync();
        scene.Clock.Advance(TimeSpan.FromMinutes(5));

        var preview = await scene.Decisions.PreviewAsync(Ada, DecisionKind.Delete, ActTarget.Matching(RecordFilter.All), Ct);
        var result = await scene.Decisions.DeleteAsync(Ada, ActTarget.Matching(RecordFilter.All), Ct);

        Assert.Equal((4, 2, 2), (preview.Targeted, preview.WillChange, preview.Held));
        Assert.Equal([Litigation], preview.HoldReasons);
        Assert.Equal((2, 2), (result.Changed, result.Held));
        Assert.Equal([Litigation], result.HoldReasons);

        var states = await scene.StatesAsync();
        Assert.All(october, r => Assert.Equal((true, (DateTime?)null, r.Summary), (states[r.Id].HasContent, states[r.Id].DeletedAt, states[r.Id].Summary)));
        Assert.All(free, r => Assert.Equal((false, (DateTime?)scene.Now, (string?)null), (states[r.Id].HasContent, states[r.Id].DeletedAt, states[r.Id].Summary)));
        Assert.True(states[bens[0].Id].HasContent);
        // A hold keeps content; it does not by itself take a record out of training.
        Assert.Equal(eligibleBefore.Except(free.Select(r => r.Id)).ToHashSet(), await scene.EligibleAsync());

        var decision = Assert.Single(await scene.DecisionsAsync());
        Assert.Equal((DecisionKind.Delete, 2), (decision.Kind, decision.RecordCount));
        Assert.Equal(free.Select(r => r.Id).ToHashSet(), await scene.RecordsOfDecisionAsync(decision.Id));

        var again = await scene.Decisions.DeleteAsync(Ada, ActTarget.Matching(RecordFilter.All), Ct);
        Assert.Null(again.DecisionId);
        Assert.Equal((0, 2), (again.Changed, again.Held));
        Assert.Equal([Litigation], again.HoldReasons);
        Assert.Single(await scene.DecisionsAsync());
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Hold_on_all_records_blocks_deleting_one_until_it_is_lifted(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var record = (await scene.AddAsync(TestData.Record(Ada.Value)))[0];
        var hold = Hold(Ada.Value, Dispute, null, null);
        await scene.AddAsync(hold);

        var preview = await scene.Decisions.PreviewAsync(Ada, DecisionKind.Delete, ActTarget.One(record.Id), Ct);
        var refused = await scene.Decisions.DeleteAsync(Ada, ActTarget.One(record.Id), Ct);

        Assert.Equal((1, 0, 1), (preview.Targeted, preview.WillChange, preview.Held));
        Assert.Equal([Dispute], preview.HoldReasons);
        Assert.Null(refused.DecisionId);
        Assert.Equal((0, 1), (refused.Changed, refused.Held));
        Assert.Equal([Dispute], refused.HoldReasons);
        var held = (await scene.StatesAsync())[record.Id];
        Assert.Equal((true, record.Summary, (DateTime?)null), (held.HasContent, held.Summary, held.DeletedAt));
        Assert.Empty(await scene.DecisionsAsync());

        // A hold blocks deletion only: the employee can still keep the record out of training.
        var withheld = await scene.Decisions.WithholdAsync(Ada, ActTarget.One(record.Id), Ct);
        Assert.Equal(1, withheld.Changed);

        await LiftAsync(scene, hold.Id);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var previewAfter = await scene.Decisions.PreviewAsync(Ada, DecisionKind.Delete, ActTarget.One(record.Id), Ct);
        var deleted = await scene.Decisions.DeleteAsync(Ada, ActTarget.One(record.Id), Ct);

        Assert.Equal((1, 1, 0), (previewAfter.Targeted, previewAfter.WillChange, previewAfter.Held));
        Assert.Empty(previewAfter.HoldReasons);
        Assert.NotNull(deleted.DecisionId);
        Assert.Equal((1, 0), (deleted.Changed, deleted.Held));
        Assert.Empty(deleted.HoldReasons);
        var gone = (await scene.StatesAsync())[record.Id];
        Assert.Equal((false, (string?)null, (DateTime?)scene.Now), (gone.HasContent, gone.Summary, gone.DeletedAt));
    }

    private static DateTime Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);

    private static LegalHold Hold(string employee, string reason, DateTime? from, DateTime? before, DateTime? liftedAt = null) => new()
    {
        EmployeeId = employee, Id = Guid.NewGuid(), Reason = reason, CapturedFrom = from, CapturedBefore = before,
        PlacedBy = "privacy-officer@test", PlacedAt = TestData.Now.AddDays(-10),
        LiftedAt = liftedAt, LiftedBy = liftedAt is null ? null : "privacy-officer@test",
    };

    private static async Task LiftAsync(ActScene scene, Guid holdId)
    {
        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var lifted = await db.LegalHolds.Where(h => h.Id == holdId)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.LiftedAt, scene.Now).SetProperty(h => h.LiftedBy, "privacy-officer@test"), Ct);
        Assert.Equal(1, lifted);
    }
}
