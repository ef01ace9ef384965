using System.Text.Json;
using System.Text.Json.Serialization;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Testing;
using static Transparency.Core.Tests.Decisions.ActScene;

namespace Transparency.Core.Tests.Decisions;

/// <summary>
/// Withhold, release, delete and flag on one record, a selection and everything matching a filter:
/// exactly the targeted records of the acting employee change, the export follows, and the decision
/// log names what changed.
/// </summary>
public sealed class EmployeeActTests
{
    public enum Shape { OneRecord, Selection, Filter }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static IEnumerable<TheoryDataRow<StoreProvider, DecisionKind, Shape>> ActsOnBothProviders =>
        from provider in TestStore.Providers.Select(row => row.Data)
        from act in new[] { DecisionKind.Withhold, DecisionKind.Release, DecisionKind.Delete, DecisionKind.Flag }
        from shape in Enum.GetValues<Shape>()
        select new TheoryDataRow<StoreProvider, DecisionKind, Shape>(provider, act, shape);

    /// <summary>Keystrokes in Outlook from 10 to 12 November whose summary mentions "report" (any case).</summary>
    private static readonly RecordFilter ReportKeystrokes = new()
    {
        Kinds = [CaptureKind.Keystrokes],
        Application = "Outlook",
        From = new DateOnly(2026, 11, 10),
        To = new DateOnly(2026, 11, 12),
        Text = "report",
    };

    [Theory, MemberData(nameof(ActsOnBothProviders))]
    public async Task Act_changes_exactly_the_targeted_records_and_records_one_decision(StoreProvider provider, DecisionKind act, Shape shape)
    {
        await using var scene = await CreateAsync(provider);
        var s = await SeedAsync(scene, startWithheld: act == DecisionKind.Release);
        var (target, expected) = shape switch
        {
            Shape.OneRecord => (ActTarget.One(s.Targets[0]), new[] { s.Targets[0] }),
            // Ben's id in Ada's selection must match nothing.
            Shape.Selection => (ActTarget.Selection([s.Targets[0], s.Targets[1], s.BensTwin]), [s.Targets[0], s.Targets[1]]),
            _ => (ActTarget.Matching(ReportKeystrokes), s.Targets),
        };
        var before = await scene.StatesAsync();
        var eligibleBefore = await scene.EligibleAsync();
        scene.Clock.Advance(TimeSpan.FromMinutes(5));

        var result = act switch
        {
            DecisionKind.Withhold => await scene.Decisions.WithholdAsync(Ada, target, Ct),
            DecisionKind.Release => await scene.Decisions.ReleaseAsync(Ada, target, Ct),
            DecisionKind.Delete => await scene.Decisions.DeleteAsync(Ada, target, Ct),
            _ => await scene.Decisions.FlagAsync(Ada, target, FlagCategory.PrivateContent, "Private mail", Ct),
        };

        Assert.Equal(act, result.Kind);
        Assert.Equal(expected.Length, result.Changed);
        Assert.Equal(0, result.Held);
        Assert.NotNull(result.DecisionId);

        // Nothing else changed: not the decoys that miss one criterion, not Ben's twin of the targets.
        var after = await scene.StatesAsync();
        var eligibleAfter = await scene.EligibleAsync();
        foreach (var (id, state) in before.Where(b => !expected.Contains(b.Key)))
            Assert.Equal(state, after[id]);
        Assert.Equal(eligibleBefore.Except(expected).ToHashSet(), eligibleAfter.Except(expected).ToHashSet());

        foreach (var id in expected)
        {
            var (was, now) = (before[id], after[id]);
            Assert.Equal(result.DecisionId, now.LastDecisionId);
            switch (act)
            {
                case DecisionKind.Withhold:
                    Assert.Contains(id, eligibleBefore);
                    Assert.Equal((TrainingChoice.Withheld, TrainingChoice.None), (now.Choice, now.PreviousChoice));
                    Assert.Equal(IneligibilityReasons.WithheldByRecord, await scene.ReasonsAsync(id));
                    break;
                case DecisionKind.Release:
                    Assert.DoesNotContain(id, eligibleBefore);
                    Assert.Equal((TrainingChoice.None, TrainingChoice.Withheld), (now.Choice, now.PreviousChoice));
                    Assert.Equal(IneligibilityReasons.None, await scene.ReasonsAsync(id));
                    break;
                case DecisionKind.Delete:
                    // The tombstone: id, kind, captured-at, deleted-at and this decision stay; nothing else does.
                    Assert.Equal((was.Kind, was.CapturedAt, (DateTime?)scene.Now), (now.Kind, now.CapturedAt, now.DeletedAt));
                    Assert.Empty(await Tombstones.BeyondTombstoneAsync(scene.Store, Ada.Value, id, Ct));
                    Assert.NotNull(was.Summary);
                    Assert.True(was.HasContent);
                    Assert.Null(now.Summary);
                    Assert.False(now.HasContent);
                    Assert.True((await scene.ReasonsAsync(id)).HasFlag(IneligibilityReasons.Deleted));
                    break;
                default:
                    Assert.True(now.Flagged);
                    Assert.Equal(IneligibilityReasons.Quarantined, await scene.ReasonsAsync(id));
                    break;
            }
        }
        var leaving = act == DecisionKind.Release ? eligibleAfter.Except(eligibleBefore) : eligibleBefore.Except(eligibleAfter);
        Assert.Equal(expected.ToHashSet(), leaving.ToHashSet());

        var decision = Assert.Single(await scene.DecisionsAsync());
        Assert.Equal((result.DecisionId.Value, Ada.Value, act, expected.Length, ActorRole.Employee, Ada.Value),
            (decision.Id, decision.EmployeeId, decision.Kind, decision.RecordCount, decision.ActorRole, decision.ActorId));
        Assert.Equal(scene.Now, decision.At);
        Assert.Equal(expected.ToHashSet(), await scene.RecordsOfDecisionAsync(decision.Id));
        switch (shape)
        {
            case Shape.OneRecord:
                Assert.Equal(s.Targets[0], decision.RecordId);
                Assert.Null(decision.Filter);
                break;
            case Shape.Selection:
                Assert.Null(decision.RecordId);
                Assert.NotNull(decision.Filter);
                break;
            default:
                Assert.Null(decision.RecordId);
                AssertSameFilter(ReportKeystrokes, StoredFilter(decision));
                break;
        }

        if (act == DecisionKind.Flag)
        {
            var flag = Assert.Single(await scene.FlagsAsync());
            Assert.Equal((Ada.Value, decision.Id, expected.Length, FlagCategory.PrivateContent, FlagReviewState.Open, "Private mail"),
                (flag.EmployeeId, flag.DecisionId, flag.RecordCount, flag.Category, flag.ReviewState, flag.Note));
            Assert.Equal(shape == Shape.OneRecord ? s.Targets[0] : null, flag.RecordId);
        }
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Selection_of_another_employees_records_changes_nothing_and_records_nothing(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var s = await SeedAsync(scene, startWithheld: false);
        var before = await scene.StatesAsync();

        var one = await scene.Decisions.WithholdAsync(Ada, ActTarget.One(s.BensTwin), Ct);
        var selection = await scene.Decisions.DeleteAsync(Ada, ActTarget.Selection([s.BensTwin, s.BensOther]), Ct);
        var flag = await scene.Decisions.FlagAsync(Ada, ActTarget.One(s.BensOther), FlagCategory.WrongPerson, null, Ct);
        var preview = await scene.Decisions.PreviewAsync(Ada, DecisionKind.Delete, ActTarget.Selection([s.BensTwin, s.BensOther]), Ct);

        Assert.All([one, selection, flag], AssertNothingChanged);
        Assert.Equal((0, 0, 0), (preview.Targeted, preview.WillChange, preview.Held));
        Assert.Equal(before, await scene.StatesAsync());
        Assert.Empty(await scene.DecisionsAsync());
        Assert.Empty(await scene.FlagsAsync());
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Acting_again_on_records_already_so_changes_nothing_and_appends_nothing(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var s = await SeedAsync(scene, startWithheld: false);
        var withheld = await scene.Decisions.WithholdAsync(Ada, ActTarget.Matching(ReportKeystrokes), Ct);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var deleted = await scene.Decisions.DeleteAsync(Ada, ActTarget.One(s.Decoys[0]), Ct);
        var before = await scene.StatesAsync();
        scene.Clock.Advance(TimeSpan.FromMinutes(1));

        var preview = await scene.Decisions.PreviewAsync(Ada, DecisionKind.Withhold, ActTarget.Matching(ReportKeystrokes), Ct);
        var again = await scene.Decisions.WithholdAsync(Ada, ActTarget.Matching(ReportKeystrokes), Ct);
        var selection = await scene.Decisions.WithholdAsync(Ada, ActTarget.Selection(s.Targets), Ct);
        var one = await scene.Decisions.WithholdAsync(Ada, ActTarget.One(s.Targets[2]), Ct);
        var deletedAgain = await scene.Decisions.DeleteAsync(Ada, ActTarget.One(s.Decoys[0]), Ct);
        var withholdDeleted = await scene.Decisions.WithholdAsync(Ada, ActTarget.One(s.Decoys[0]), Ct);

        Assert.Equal(3, withheld.Changed);
        Assert.Equal(1, deleted.Changed);
        Assert.Equal((3, 0, 0), (preview.Targeted, preview.WillChange, preview.Held));
        Assert.All([again, selection, one, deletedAgain, withholdDeleted], AssertNothingChanged);
        Assert.Equal(before, await scene.StatesAsync());
        Assert.Equal([withheld.DecisionId!.Value, deleted.DecisionId!.Value], (await scene.DecisionsAsync()).Select(d => d.Id));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Preview_counts_what_the_act_then_changes(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var s = await SeedAsync(scene, startWithheld: false);
        await scene.Decisions.WithholdAsync(Ada, ActTarget.One(s.Targets[1]), Ct);
        var target = ActTarget.Matching(ReportKeystrokes);

        var preview = await scene.Decisions.PreviewAsync(Ada, DecisionKind.Withhold, target, Ct);
        var result = await scene.Decisions.WithholdAsync(Ada, target, Ct);

        Assert.Equal((3, 2, 0), (preview.Targeted, preview.WillChange, preview.Held));
        Assert.Equal(preview.WillChange, result.Changed);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Invalid_targets_are_refused_before_anything_changes(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var s = await SeedAsync(scene, startWithheld: false);
        var backwards = new RecordFilter { From = new DateOnly(2026, 11, 12), To = new DateOnly(2026, 11, 10) };

        var empty = await Assert.ThrowsAsync<ActRefusedException>(() => scene.Decisions.WithholdAsync(Ada, ActTarget.Selection([]), Ct));
        var range = await Assert.ThrowsAsync<ActRefusedException>(() => scene.Decisions.DeleteAsync(Ada, ActTarget.Matching(backwards), Ct));
        var other = await Assert.ThrowsAsync<ActRefusedException>(() =>
            scene.Decisions.FlagAsync(Ada, ActTarget.One(s.Targets[0]), FlagCategory.Other, "  ", Ct));

        Assert.Equal("Select at least one record.", empty.Message);
        Assert.Contains("starts (2026-11-12) after it ends (2026-11-10)", range.Message);
        Assert.Contains("Other", other.Message);
        Assert.Empty(await scene.DecisionsAsync());
        Assert.DoesNotContain(await scene.StatesAsync(), r => r.Value.DeletedAt is not null || r.Value.Flagged);
    }

    private sealed record Seeded(Guid[] Targets, Guid[] Decoys, Guid BensTwin, Guid BensOther);

    /// <summary>
    /// Ada: three records the filter matches (on the first instant of its first day, inside, on the last
    /// instant of its last day) and decoys that each miss exactly one criterion. Ben: a twin of the targets.
    /// </summary>
    private static async Task<Seeded> SeedAsync(ActScene scene, bool startWithheld)
    {
        var (ada, ben) = (Ada.Value, Ben.Value);
        CaptureRecord Keys(string employee, DateTime at, string summary, CaptureKind kind = CaptureKind.Keystrokes, string application = "Outlook") =>
            TestData.Record(employee, at, kind, application: application).With(r =>
            {
                r.Summary = summary;
                r.TrainingChoice = startWithheld ? TrainingChoice.Withheld : TrainingChoice.None;
            });
        var targets = await scene.AddAsync(
            Keys(ada, new DateTime(2026, 11, 10, 0, 0, 0, DateTimeKind.Utc), "Quarterly REPORT draft"),
            Keys(ada, new DateTime(2026, 11, 11, 9, 30, 0, DateTimeKind.Utc), "report for the board"),
            Keys(ada, new DateTime(2026, 11, 12, 23, 59, 59, DateTimeKind.Utc), "Sent the Report"));
        var decoys = await scene.AddAsync(
            Keys(ada, new DateTime(2026, 11, 11, 10, 0, 0, DateTimeKind.Utc), "report clicked", kind: CaptureKind.Click),
            Keys(ada, new DateTime(2026, 11, 11, 11, 0, 0, DateTimeKind.Utc), "report typed in a sheet", application: "Excel"),
            Keys(ada, new DateTime(2026, 11, 9, 23, 59, 59, DateTimeKind.Utc), "report of the day before"),
            Keys(ada, new DateTime(2026, 11, 13, 0, 0, 0, DateTimeKind.Utc), "report of the day after"),
            Keys(ada, new DateTime(2026, 11, 11, 12, 0, 0, DateTimeKind.Utc), "lunch order"));
        var ben1 = await scene.AddAsync(
            Keys(ben, new DateTime(2026, 11, 11, 9, 30, 0, DateTimeKind.Utc), "report for the board"),
            Keys(ben, new DateTime(2026, 11, 11, 13, 0, 0, DateTimeKind.Utc), "another report"));
        return new Seeded(targets.Select(r => r.Id).ToArray(), decoys.Select(r => r.Id).ToArray(), ben1[0].Id, ben1[1].Id);
    }

    private static readonly JsonSerializerOptions FilterJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static RecordFilter StoredFilter(Decision decision)
    {
        Assert.NotNull(decision.Filter);
        using var json = JsonDocument.Parse(decision.Filter);
        return json.RootElement.GetProperty("filter").Deserialize<RecordFilter>(FilterJson)!;
    }

    private static void AssertSameFilter(RecordFilter expected, RecordFilter stored)
    {
        Assert.Equal(expected.Kinds, stored.Kinds);
        Assert.Equal(expected, stored with { Kinds = expected.Kinds });
    }

    private static void AssertNothingChanged(ActResult result)
    {
        Assert.Null(result.DecisionId);
        Assert.Equal(0, result.Changed);
    }
}
