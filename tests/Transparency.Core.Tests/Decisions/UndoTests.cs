using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Records;
using Transparency.Testing;
using static Transparency.Core.Tests.Decisions.ActScene;

namespace Transparency.Core.Tests.Decisions;

/// <summary>Undo returns what one withhold or release changed to its previous choice, and nothing a later act touched.</summary>
public sealed class UndoTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Undo_of_a_bulk_withhold_restores_the_previous_choice_of_records_no_later_act_touched(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var plain = TestData.Record(Ada.Value);
        var released = TestData.Record(Ada.Value, sensitivity: SensitivityTags.Banking).With(r => r.TrainingChoice = TrainingChoice.Released);
        var flaggedLater = TestData.Record(Ada.Value);
        var alreadyWithheld = TestData.Record(Ada.Value).With(r => r.TrainingChoice = TrainingChoice.Withheld);
        var click = TestData.Record(Ada.Value, kind: CaptureKind.Click);
        var bens = TestData.Record(Ben.Value).With(r => r.TrainingChoice = TrainingChoice.Withheld);
        await scene.AddAsync(plain, released, flaggedLater, alreadyWithheld, click, bens);
        Assert.Equal(new HashSet<Guid> { plain.Id, released.Id, flaggedLater.Id, click.Id }, await scene.EligibleAsync());

        var withhold = await scene.Decisions.WithholdAsync(Ada, ActTarget.Matching(new RecordFilter { Kinds = [CaptureKind.Keystrokes] }), Ct);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        await scene.Decisions.FlagAsync(Ada, ActTarget.One(flaggedLater.Id), FlagCategory.Sensitive, null, Ct);
        await scene.Decisions.WithholdAsync(Ada, ActTarget.One(click.Id), Ct);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var beforeUndo = await scene.StatesAsync();

        var undo = await scene.Decisions.UndoAsync(Ada, withhold.DecisionId!.Value, Ct);

        Assert.Equal(3, withhold.Changed);
        Assert.Equal((DecisionKind.Release, 2), (undo.Kind, undo.Changed));
        var states = await scene.StatesAsync();
        Assert.Equal(TrainingChoice.None, states[plain.Id].Choice);
        Assert.Equal(TrainingChoice.Released, states[released.Id].Choice);
        foreach (var untouched in new[] { flaggedLater, alreadyWithheld, click, bens })
            Assert.Equal(beforeUndo[untouched.Id], states[untouched.Id]);
        Assert.Equal(TrainingChoice.Withheld, states[flaggedLater.Id].Choice);
        Assert.Equal(new HashSet<Guid> { plain.Id, released.Id }, await scene.EligibleAsync());

        var decisions = await scene.DecisionsAsync();
        Assert.Equal(4, decisions.Count);
        var appended = decisions[^1];
        Assert.Equal((undo.DecisionId, DecisionKind.Release, 2, "Undo", scene.Now), ((Guid?)appended.Id, appended.Kind, appended.RecordCount, appended.Reason, appended.At));
        Assert.Equal(new HashSet<Guid> { plain.Id, released.Id }, await scene.RecordsOfDecisionAsync(appended.Id));

        var again = await scene.Decisions.UndoAsync(Ada, withhold.DecisionId.Value, Ct);
        Assert.Null(again.DecisionId);
        Assert.Equal(4, (await scene.DecisionsAsync()).Count);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Undo_of_a_delete_a_flag_or_another_employees_act_is_refused(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var deleted = TestData.Record(Ada.Value);
        var flagged = TestData.Record(Ada.Value);
        var bens = TestData.Record(Ben.Value);
        await scene.AddAsync(deleted, flagged, bens);
        var delete = await scene.Decisions.DeleteAsync(Ada, ActTarget.One(deleted.Id), Ct);
        var flag = await scene.Decisions.FlagAsync(Ada, ActTarget.One(flagged.Id), FlagCategory.WrongPerson, null, Ct);
        var bensWithhold = await scene.Decisions.WithholdAsync(Ben, ActTarget.One(bens.Id), Ct);
        var before = await scene.StatesAsync();

        var deleteUndo = await Assert.ThrowsAsync<ActRefusedException>(() => scene.Decisions.UndoAsync(Ada, delete.DecisionId!.Value, Ct));
        var flagUndo = await Assert.ThrowsAsync<ActRefusedException>(() => scene.Decisions.UndoAsync(Ada, flag.DecisionId!.Value, Ct));
        var bensUndo = await Assert.ThrowsAsync<ActRefusedException>(() => scene.Decisions.UndoAsync(Ada, bensWithhold.DecisionId!.Value, Ct));

        Assert.Equal("Only withholding and releasing records can be undone.", deleteUndo.Message);
        Assert.Equal(deleteUndo.Message, flagUndo.Message);
        Assert.Equal("There is no such act of yours to undo.", bensUndo.Message);
        Assert.Equal(before, await scene.StatesAsync());
        Assert.Equal(3, (await scene.DecisionsAsync()).Count);
        Assert.False(before[deleted.Id].HasContent);
        Assert.Equal(TrainingChoice.Withheld, before[bens.Id].Choice);
    }
}
