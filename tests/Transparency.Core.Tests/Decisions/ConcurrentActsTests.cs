using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Records;
using Transparency.Core.Tests.Policies;
using Transparency.Testing;
using static Transparency.Core.Tests.Decisions.ActScene;

namespace Transparency.Core.Tests.Decisions;

/// <summary>Two bulk acts at once on overlapping records: both complete, no update is lost, no record is counted twice.</summary>
public sealed class ConcurrentActsTests
{
    private const int Rounds = 5;
    private static readonly string[] Applications = ["Outlook", "Excel", "Teams"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Overlapping_withholds_at_once_both_complete_and_withhold_every_targeted_record_once(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var records = (
            from round in Enumerable.Range(1, Rounds)
            from kind in Enum.GetValues<CaptureKind>()
            from application in Applications
            from i in Enumerable.Range(0, 8)
            select TestData.Record(Ada.Value, TestData.Now.AddMinutes(-i - 10 * round), kind, application: application)
                .With(r => { r.Summary = $"round {round}: {kind} in {application}"; r.Content = null; })).ToList();
        records.AddRange(records.Take(40).Select(r => TestData.Record(Ben.Value, r.CapturedAt, r.Kind, application: r.Application!)
            .With(b => { b.Summary = r.Summary; b.Content = null; })));
        await using (var db = await scene.Store.Contexts.CreateDbContextAsync(Ct))
            await BulkInsert.InsertAsync(db, records, Ct);
        var before = await scene.StatesAsync();

        for (var round = 1; round <= Rounds; round++)
        {
            var keystrokes = new RecordFilter { Kinds = [CaptureKind.Keystrokes], Text = $"round {round}:" };
            var outlook = new RecordFilter { Application = "Outlook", Text = $"round {round}:" };
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<ActResult> Withhold(RecordFilter filter) => Task.Run(async () =>
            {
                await gate.Task;
                return await new DecisionService(scene.Store.Contexts, scene.Clock, scene.Store.Erasure).WithholdAsync(Ada, ActTarget.Matching(filter), Ct);
            }, Ct);
            var acts = new[] { Withhold(keystrokes), Withhold(outlook) };
            gate.SetResult();
            var results = await Task.WhenAll(acts);

            var targeted = records.Where(r => r.EmployeeId == Ada.Value && r.Summary!.StartsWith($"round {round}:", StringComparison.Ordinal)
                                              && (r.Kind == CaptureKind.Keystrokes || r.Application == "Outlook")).Select(r => r.Id).ToHashSet();
            Assert.Equal(8 * (3 + 5 - 1), targeted.Count);
            Assert.Equal(targeted.Count, results.Sum(r => r.Changed));

            var named = new List<Guid>();
            foreach (var result in results)
            {
                Assert.NotNull(result.DecisionId);
                var decision = (await scene.DecisionsAsync()).Single(d => d.Id == result.DecisionId);
                var ids = await scene.RecordsOfDecisionAsync(decision.Id);
                Assert.Equal(result.Changed, decision.RecordCount);
                Assert.Equal(result.Changed, ids.Count);
                named.AddRange(ids);
            }
            // Each targeted record is named by exactly one of the two decisions: changed once, counted once.
            Assert.Equal(targeted.Order(), named.Order());
        }

        var after = await scene.StatesAsync();
        var withheld = records.Where(r => r.EmployeeId == Ada.Value && (r.Kind == CaptureKind.Keystrokes || r.Application == "Outlook"))
            .Select(r => r.Id).ToHashSet();
        foreach (var (id, state) in after)
        {
            if (withheld.Contains(id))
                Assert.Equal((TrainingChoice.Withheld, TrainingChoice.None), (state.Choice, state.PreviousChoice));
            else
                Assert.Equal(before[id], state);
        }
        Assert.Equal(2 * Rounds, (await scene.DecisionsAsync()).Count);
        Assert.Empty((await scene.EligibleAsync()).Intersect(withheld));
    }
}
