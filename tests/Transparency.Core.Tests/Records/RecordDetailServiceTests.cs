using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Tests.Decisions;
using Transparency.Testing;
using static Transparency.Core.Tests.Decisions.ActScene;

namespace Transparency.Core.Tests.Records;

/// <summary>One record as its employee sees it: its history, the rule that withholds it, its purposes and who accessed it.</summary>
public sealed class RecordDetailServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Detail_shows_the_acts_and_the_rule_behind_the_record_its_purposes_and_who_accessed_it(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var captured = TestData.Now.AddDays(-10);
        var record = TestData.Record(Ada.Value, captured).With(r => r.ReceivedAt = captured.AddMinutes(2));
        var sibling = TestData.Record(Ada.Value, captured.AddHours(1));
        var click = TestData.Record(Ada.Value, captured, CaptureKind.Click, application: "Excel");
        var bens = TestData.Record(Ben.Value, captured);
        await scene.AddAsync(record, sibling, click, bens);

        var t1 = Step(scene);
        await scene.Decisions.WithholdAsync(Ada, ActTarget.One(record.Id), Ct);
        var t2 = Step(scene);
        await scene.Decisions.ReleaseAsync(Ada, ActTarget.One(record.Id), Ct);
        var t3 = Step(scene);
        await scene.Decisions.WithholdAsync(Ada, ActTarget.Matching(new RecordFilter { Kinds = [CaptureKind.Keystrokes] }), Ct);
        Step(scene);
        // Acts that did not touch the record stay out of its history.
        await scene.Decisions.FlagAsync(Ada, ActTarget.One(sibling.Id), FlagCategory.WrongPerson, null, Ct);
        await scene.Decisions.WithholdAsync(Ada, ActTarget.One(click.Id), Ct);
        await scene.Decisions.WithholdAsync(Ben, ActTarget.One(bens.Id), Ct);
        await scene.Rules.AddAsync(Ada, new RuleDraft(CaptureKind.Click, null, null, null, null), Ct);
        var t5 = Step(scene);
        var rule = await scene.Rules.AddAsync(Ada, new RuleDraft(CaptureKind.Keystrokes, "Outlook", null, null, null), Ct);

        var exportedAt = TestData.Now.AddDays(-9);
        var batch = await ExportAsync(scene, exportedAt, record.Id, sibling.Id);
        await scene.AddAsync(
            Access(Ada.Value, TestData.Now.AddDays(-1), AccessChannel.HrDisclosureDownload, "hr@test", "Art. 15 request"),
            // Before the record was received: that disclosure could not have held it.
            Access(Ada.Value, captured.AddDays(-1), AccessChannel.HrDisclosureDownload, "hr@test", "Earlier request"),
            // Exports are shown by their receipts, record by record.
            Access(Ada.Value, exportedAt, AccessChannel.TrainingExport, "trainer", "Training export", batch),
            Access(Ben.Value, TestData.Now.AddDays(-1), AccessChannel.HrDisclosureDownload, "hr@test", "Ben's request"));

        var detail = await scene.Details.GetAsync(Ada, record.Id, Ct);

        Assert.NotNull(detail);
        Assert.Equal((record.Id, record.Summary, captured.AddMinutes(2)), (detail.Record.Id, detail.Record.Summary, detail.ReceivedAt));
        Assert.Equal("""{"text":"hello"}""", detail.ContentJson);
        Assert.Equal(IneligibilityReasons.WithheldByRecord | IneligibilityReasons.WithheldByRule, detail.Record.Reasons);
        Assert.False(detail.Training.Eligible);
        Assert.Equal(rule.Rule.Id, Assert.Single(detail.WithholdingRules).Id);

        Assert.Equal(
        [
            new(t1, DecisionKind.Withhold, ActorRole.Employee, null, 1, false),
            new(t2, DecisionKind.Release, ActorRole.Employee, null, 1, false),
            new(t3, DecisionKind.Withhold, ActorRole.Employee, null, 2, false),
            new(t5, DecisionKind.Withhold, ActorRole.Employee, "never train on keystrokes in Outlook", 2, true),
        ], detail.History.ToArray<RecordHistoryEntry>());

        Assert.Equal(
        [
            (Purposes.OperationalTelemetry, captured.AddDays(90)),
            (Purposes.ModelTraining, captured.AddDays(365)),
        ], detail.Purposes.Select(p => (p.Purpose, p.UsedUntil)));
        // Telemetry is done with it after 90 days, but the content stays while training may still use it.
        Assert.Equal(captured.AddDays(365), detail.ContentErasedOn);

        Assert.Equal(
        [
            new(TestData.Now.AddDays(-1), AccessChannel.HrDisclosureDownload, ActorRole.HR, "hr@test", "Art. 15 request"),
            new(exportedAt, AccessChannel.TrainingExport, ActorRole.Service, batch.ToString(), "Training export batch"),
        ], detail.Accesses.ToArray<RecordAccess>());
        Assert.Empty(detail.LegalHolds);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Detail_of_a_deleted_record_is_its_tombstone_with_the_delete_in_its_history(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var record = (await scene.AddAsync(TestData.Record(Ada.Value)))[0];
        var at = Step(scene);
        await scene.Decisions.DeleteAsync(Ada, ActTarget.Selection([record.Id, Guid.NewGuid()]), Ct);

        var detail = await scene.Details.GetAsync(Ada, record.Id, Ct);

        Assert.NotNull(detail);
        Assert.Null(detail.ContentJson);
        Assert.Null(detail.Record.Summary);
        Assert.Equal((at, record.Kind, record.CapturedAt), (detail.Record.DeletedAt, detail.Record.Kind, detail.Record.CapturedAt));
        Assert.True(detail.Record.ContentErased);
        Assert.Equal(new RecordHistoryEntry(at, DecisionKind.Delete, ActorRole.Employee, null, 1, false), Assert.Single(detail.History));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Another_employees_record_has_no_detail(StoreProvider provider)
    {
        await using var scene = await CreateAsync(provider);
        var bens = (await scene.AddAsync(TestData.Record(Ben.Value)))[0];

        Assert.Null(await scene.Details.GetAsync(Ada, bens.Id, Ct));
        Assert.Null(await scene.Details.GetAsync(Ada, Guid.NewGuid(), Ct));
        Assert.NotNull(await scene.Details.GetAsync(Ben, bens.Id, Ct));
    }

    private static DateTime Step(ActScene scene)
    {
        scene.Clock.Advance(TimeSpan.FromMinutes(10));
        return scene.Now;
    }

    private static AccessLogEntry Access(string employee, DateTime at, AccessChannel channel, string actor, string why, Guid? batch = null) => new()
    {
        EmployeeId = employee, Id = Guid.NewGuid(), At = at, ActorId = actor, Channel = channel, Why = why, RecordCount = 1, ExportBatchId = batch,
        ActorRole = channel == AccessChannel.TrainingExport ? ActorRole.Service : ActorRole.HR,
    };

    private static async Task<Guid> ExportAsync(ActScene scene, DateTime at, params Guid[] records)
    {
        var client = new ApiClient { Id = Guid.NewGuid(), Name = "trainer", KeyPrefix = "tr_", KeyHash = new string('0', 64), Scopes = "training:read", CreatedAt = at.AddDays(-1) };
        var batch = new ExportBatch { Id = Guid.NewGuid(), ApiClientId = client.Id, StartedAt = at, CompletedAt = at, RecordCount = records.Length };
        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        db.ApiClients.Add(client);
        db.ExportBatches.Add(batch);
        db.ExportReceipts.AddRange(records.Select(id => new ExportReceipt { EmployeeId = Ada.Value, RecordId = id, ExportBatchId = batch.Id, ExportedAt = at }));
        await db.SaveChangesAsync(Ct);
        return batch.Id;
    }
}
