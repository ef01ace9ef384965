using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.ApiClients;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Ingestion;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Register;
using Transparency.Core.Tests.TrainingExport;
using Transparency.Core.TrainingExport;
using Transparency.Testing;
using static Transparency.Testing.CaptureBatches;

namespace Transparency.Core.Tests.Register;

/// <summary>
/// The privacy officer's changes to a purpose: every change is in the register's history, a capture kind a purpose no longer
/// takes stops feeding it in every record at once (so the export and the revocation feed follow), records arriving later feed
/// only what the register then says, and each employee whose data is concerned is told. A change that cannot be made writes
/// nothing at all.
/// </summary>
public sealed class PurposeEditorTests
{
    private const string Officer = "officer@test";
    private const string Ada = "PE-ADA";
    private const string Ben = "PE-BEN";
    private const string Cy = "PE-CY";
    private const string Dee = "PE-DEE";

    private static readonly CaptureKind[] AllKinds = Enum.GetValues<CaptureKind>();
    private static readonly CaptureKind[] AllButKeystrokes = AllKinds.Where(k => k != CaptureKind.Keystrokes).ToArray();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_change_of_words_and_retention_is_saved_and_in_the_history_with_who_when_and_before_and_after(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var before = await scene.EntryAsync(Purposes.ModelTraining);
        scene.Clock.Advance(TimeSpan.FromMinutes(10));
        var at = scene.Now;

        var result = await scene.Editor.ChangeAsync(Edit(before) with
        {
            Description = "Training AI agents that operate computers.",
            Recipients = "The internal AI training team",
            RetentionDays = 200,
        }, Officer, Ct);

        Assert.True(result.Changed);
        Assert.Equal((0, 0), (result.EmployeesTold, result.RecordsNoLongerFeeding));
        Assert.StartsWith("AI model training: ", result.Summary);
        Assert.Contains($"Description: \"{before.Description}\" → \"Training AI agents that operate computers.\"", result.Summary);
        Assert.Contains($"Recipients: \"{before.Recipients}\" → \"The internal AI training team\"", result.Summary);
        Assert.Contains("Retention: 365 → 200 days", result.Summary);
        Assert.DoesNotContain("Name:", result.Summary);
        Assert.DoesNotContain("Legal basis:", result.Summary);

        var after = await scene.EntryAsync(Purposes.ModelTraining);
        Assert.Equal(("Training AI agents that operate computers.", "The internal AI training team", 200),
            (after.Description, after.Recipients, after.RetentionDays));
        Assert.Equal((before.Name, before.LegalBasis, before.Withholdable), (after.Name, after.LegalBasis, after.Withholdable));
        Assert.Equal(before.Takes, after.Takes);
        // The other purposes are as they were.
        Assert.Equal(90, (await scene.EntryAsync(Purposes.OperationalTelemetry)).RetentionDays);

        var entry = Assert.Single(await scene.Register.HistoryAsync(ct: Ct));
        Assert.Equal(new RegisterHistoryEntry(at, RegisterSubject.Purpose, Purposes.ModelTraining, result.Summary, Officer), entry);
        await using (var db = await scene.Store.Contexts.CreateDbContextAsync(Ct))
        {
            var change = await db.RegisterChanges.AsNoTracking().SingleAsync(Ct);
            Assert.NotEqual(change.Before, change.After);
            var (was, now) = (JsonNode.Parse(change.Before!)!, JsonNode.Parse(change.After)!);
            Assert.Equal((365, 200), ((int)was["RetentionDays"]!, (int)now["RetentionDays"]!));
            Assert.Equal((before.Description, "Training AI agents that operate computers."), ((string)was["Description"]!, (string)now["Description"]!));
            Assert.Equal((string)was["Name"]!, (string)now["Name"]!);
            Assert.Empty(await db.Notices.ToListAsync(Ct));
        }

        // The same again, and the same with stray spaces around the words: nothing changed, nothing is written.
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await scene.Editor.ChangeAsync(Edit(after), Officer, Ct);
        var spaced = await scene.Editor.ChangeAsync(Edit(after) with { Name = $"  {after.Name} ", Description = $"{after.Description}\n" }, Officer, Ct);
        Assert.False(again.Changed);
        Assert.False(spaced.Changed);
        Assert.Single(await scene.Register.HistoryAsync(ct: Ct));
        Assert.Equal(after, await scene.EntryAsync(Purposes.ModelTraining), new PurposeEntryComparer());
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_kind_no_longer_taken_stops_feeding_the_purpose_in_every_record_is_revoked_and_binds_later_records(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var seeded = await scene.SeedAsync();
        var client = await ExportScene.AddClientAsync(scene.Store);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var exported = (await ExportScene.ExportAllAsync(scene.Export, client, limit: 100)).Select(r => r.Id).ToHashSet();
        Assert.Equal(seeded.FeedingTraining.Order(), exported.Order());
        Assert.Contains(CaptureKind.Keystrokes, (await scene.EntryAsync(Purposes.ModelTraining)).Kinds);
        var purposesBefore = await scene.PurposesAsync();
        var eligibleBefore = await scene.EligibleCountAsync(Ada);

        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var at = scene.Now;
        var result = await scene.Editor.ChangeAsync(Edit(await scene.EntryAsync(Purposes.ModelTraining)) with { Kinds = AllButKeystrokes }, Officer, Ct);

        // Every keystroke record feeding model training, and only that purpose of only those records, changed.
        var stopped = seeded.Keystrokes.Where(id => purposesBefore[id].HasFlag(Purposes.ModelTraining)).ToHashSet();
        Assert.Equal(4, stopped.Count);
        Assert.True(result.Changed);
        Assert.Equal((4, 2), (result.RecordsNoLongerFeeding, result.EmployeesTold));
        Assert.Contains("No longer takes keystrokes", result.Summary);
        var purposesAfter = await scene.PurposesAsync();
        foreach (var (id, was) in purposesBefore)
            Assert.Equal(stopped.Contains(id) ? was & ~Purposes.ModelTraining : was, purposesAfter[id]);
        Assert.Equal(Purposes.OperationalTelemetry, purposesAfter[seeded.AdaTyping[0]]);
        Assert.Equal(Purposes.Product, purposesAfter[seeded.AdaTyping[2]]);
        Assert.Equal(Purposes.None, purposesAfter[seeded.BenTyping]);
        Assert.Equal(eligibleBefore - 3, await scene.EligibleCountAsync(Ada));

        // Each employee whose records stopped feeding it is told once; nobody else is.
        await using (var db = await scene.Store.Contexts.CreateDbContextAsync(Ct))
        {
            var told = await db.Notices.AsNoTracking().Where(n => n.At == at).ToListAsync(Ct);
            Assert.Equal([Ada, Ben], told.Select(n => n.EmployeeId).Order(StringComparer.Ordinal));
            Assert.All(told, n => Assert.Equal(NoticeKind.NewPurposeOrKind, n.Kind));
            Assert.All(told, n => Assert.Contains("keystrokes captured from you no longer feed AI model training", n.Text));
            Assert.False(await db.EmployeeUses.AnyAsync(u => u.Kind == CaptureKind.Keystrokes && u.Purpose == Purposes.ModelTraining, Ct));
            Assert.Equal([Ada, Dee], (await db.EmployeeUses.Where(u => u.Kind == CaptureKind.Keystrokes).Select(u => u.EmployeeId).Distinct().ToListAsync(Ct))
                .Order(StringComparer.Ordinal));
        }
        var register = await scene.EntryAsync(Purposes.ModelTraining);
        Assert.DoesNotContain(CaptureKind.Keystrokes, register.Takes);
        Assert.DoesNotContain(CaptureKind.Keystrokes, register.Kinds);
        Assert.Contains(CaptureKind.Keystrokes, (await scene.EntryAsync(Purposes.OperationalTelemetry)).Kinds);

        // What left for training before is revoked, and a new export no longer takes it.
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var readAt = scene.Now;
        var revoked = await RevocationsAsync(scene.Export, client);
        Assert.Equal(stopped.Order(), revoked.Select(v => v.RecordId).Order());
        // No record was ineligible before the register said so.
        Assert.All(revoked, v => Assert.InRange(v.IneligibleSince, at, readAt));
        var later = (await ExportScene.ExportAllAsync(scene.Export, client, limit: 100)).Select(r => r.Id).ToList();
        Assert.Equal(exported.Except(stopped).Order(), later.Order());

        // A keystroke record arriving now feeds what the register now says; a click sent alongside still feeds training.
        var typing = Keystrokes(Ada, capturedAt: scene.Now.AddMinutes(-1));
        var click = Click(Ada);
        await scene.IngestAsync(typing, click);
        var arrived = await scene.PurposesAsync();
        Assert.Equal(Purposes.OperationalTelemetry, arrived[Id(typing)]);
        Assert.Equal(Purposes.OperationalTelemetry | Purposes.ModelTraining, arrived[Id(click)]);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([Id(click)], (await ExportScene.ExportAllAsync(scene.Export, client, limit: 100)).Select(r => r.Id).Except(exported));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_kind_taken_again_tells_those_who_hold_it_and_records_already_held_do_not_start_feeding(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var seeded = await scene.SeedAsync();
        var client = await ExportScene.AddClientAsync(scene.Store);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var training = await scene.EntryAsync(Purposes.ModelTraining);
        await scene.Editor.ChangeAsync(Edit(training) with { Kinds = AllButKeystrokes }, Officer, Ct);
        var purposesWithout = await scene.PurposesAsync();

        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var at = scene.Now;
        var result = await scene.Editor.ChangeAsync(Edit(training) with { Kinds = AllKinds }, Officer, Ct);

        // Those whose keystrokes feed another purpose are told now, each once; those who were never captured typing are not.
        Assert.True(result.Changed);
        Assert.Contains("Now takes keystrokes", result.Summary);
        Assert.Equal(0, result.RecordsNoLongerFeeding);
        await using (var db = await scene.Store.Contexts.CreateDbContextAsync(Ct))
        {
            var told = await db.Notices.AsNoTracking().Where(n => n.At == at).ToListAsync(Ct);
            Assert.Equal(told.Count, result.EmployeesTold);
            Assert.Equal(told.Count, told.Select(n => n.EmployeeId).Distinct().Count());
            Assert.Contains(Ada, told.Select(n => n.EmployeeId));
            Assert.Contains(Dee, told.Select(n => n.EmployeeId));
            Assert.DoesNotContain(Cy, told.Select(n => n.EmployeeId));
            Assert.All(told, n => Assert.Equal(NoticeKind.NewPurposeOrKind, n.Kind));
            Assert.All(told, n => Assert.Contains("keystrokes captured from you from now on may feed AI model training", n.Text));
        }

        // Nothing already held starts feeding it: the register's word binds records captured from now on.
        Assert.Equal(purposesWithout, await scene.PurposesAsync());
        Assert.Equal(AllKinds, (await scene.EntryAsync(Purposes.ModelTraining)).Takes);
        Assert.DoesNotContain(CaptureKind.Keystrokes, (await scene.EntryAsync(Purposes.ModelTraining)).Kinds);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var exported = (await ExportScene.ExportAllAsync(scene.Export, client, limit: 100)).Select(r => r.Id).ToHashSet();
        Assert.Empty(exported.Intersect(seeded.Keystrokes));

        // Ben's keystrokes feed training again once he is captured typing, and he is told when they do.
        var typing = Keystrokes(Ben, capturedAt: scene.Now.AddMinutes(-1));
        var arrivedAt = scene.Now;
        await scene.IngestAsync(typing);
        Assert.Equal(Purposes.OperationalTelemetry | Purposes.ModelTraining, (await scene.PurposesAsync())[Id(typing)]);
        await using (var db = await scene.Store.Contexts.CreateDbContextAsync(Ct))
            Assert.Contains(await db.Notices.Where(n => n.EmployeeId == Ben && n.At == arrivedAt).Select(n => n.Text).ToListAsync(Ct),
                text => text.Contains("Keystrokes captured from you now feed AI model training", StringComparison.Ordinal));
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([Id(typing)], (await ExportScene.ExportAllAsync(scene.Export, client, limit: 100)).Select(r => r.Id).Except(exported));

        var history = (await scene.Register.HistoryAsync(ct: Ct)).Where(h => h.Subject == RegisterSubject.Purpose).ToList();
        Assert.Equal(2, history.Count);
        Assert.Contains("Now takes keystrokes", history[0].Summary);
        Assert.Contains("No longer takes keystrokes", history[1].Summary);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task An_employee_whose_only_records_of_a_kind_feed_nothing_is_told_when_a_purpose_takes_the_kind_again(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var seeded = await scene.SeedAsync();
        var training = await scene.EntryAsync(Purposes.ModelTraining);
        await scene.Editor.ChangeAsync(Edit(training) with { Kinds = AllButKeystrokes }, Officer, Ct);
        // Ben's one keystroke record now feeds nothing; he still holds it.
        Assert.Equal(Purposes.None, (await scene.PurposesAsync())[seeded.BenTyping]);

        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var at = scene.Now;
        var result = await scene.Editor.ChangeAsync(Edit(training) with { Kinds = AllKinds }, Officer, Ct);

        await using var db = await scene.Store.Contexts.CreateDbContextAsync(Ct);
        var told = await db.Notices.AsNoTracking().Where(n => n.At == at).Select(n => n.EmployeeId).ToListAsync(Ct);
        Assert.Equal([Ada, Ben, Dee], told.Order(StringComparer.Ordinal));
        Assert.Equal(3, result.EmployeesTold);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_revocation_because_a_purpose_no_longer_takes_the_kind_is_dated_from_the_change(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        var seeded = await scene.SeedAsync();
        // Ada once withheld one of her keystroke records and released it again, before it was exported.
        var decisions = new DecisionService(scene.Store.Contexts, scene.Clock, scene.Store.Erasure);
        await decisions.WithholdAsync(new EmployeeId(Ada), ActTarget.One(seeded.AdaTyping[1]), Ct);
        scene.Clock.Advance(TimeSpan.FromSeconds(10));
        await decisions.ReleaseAsync(new EmployeeId(Ada), ActTarget.One(seeded.AdaTyping[1]), Ct);
        var client = await ExportScene.AddClientAsync(scene.Store);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Contains(seeded.AdaTyping[1], (await ExportScene.ExportAllAsync(scene.Export, client, limit: 100)).Select(r => r.Id));

        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var at = scene.Now;
        await scene.Editor.ChangeAsync(Edit(await scene.EntryAsync(Purposes.ModelTraining)) with { Kinds = AllButKeystrokes }, Officer, Ct);
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        var readAt = scene.Now;

        var revoked = await RevocationsAsync(scene.Export, client);
        Assert.Contains(seeded.AdaTyping[1], revoked.Select(v => v.RecordId));
        Assert.All(revoked, v => Assert.InRange(v.IneligibleSince, at, readAt));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_change_that_cannot_be_made_is_refused_and_writes_nothing(StoreProvider provider)
    {
        await using var scene = await Scene.CreateAsync(provider);
        await scene.SeedAsync();
        var training = await scene.EntryAsync(Purposes.ModelTraining);
        var register = await scene.Register.ListAsync(Ct);
        var purposes = await scene.PurposesAsync();
        var history = await scene.Register.HistoryAsync(ct: Ct);
        int notices, changes;
        await using (var db = await scene.Store.Contexts.CreateDbContextAsync(Ct))
            (notices, changes) = (await db.Notices.CountAsync(Ct), await db.RegisterChanges.CountAsync(Ct));
        // Each would also stop keystrokes feeding training, were it made.
        var valid = Edit(training) with { Kinds = AllButKeystrokes, Description = "Changed" };
        PurposeEdit[] refused =
        [
            valid with { Name = "" },
            valid with { Name = "   " },
            valid with { Name = new string('n', 201) },
            valid with { Description = "Training\u0007agents" },
            valid with { LegalBasis = "Consent\0" },
            valid with { Recipients = "half \uD83D" },
            valid with { RetentionDays = 0 },
            valid with { RetentionDays = PurposeEditor.MaxRetentionDays + 1 },
            valid with { Purpose = (Purposes)8 },
            valid with { Purpose = Purposes.None },
            valid with { Purpose = Purposes.OperationalTelemetry | Purposes.ModelTraining },
            valid with { Kinds = [CaptureKind.Click, (CaptureKind)42] },
            valid with { Kinds = [(CaptureKind)0] },
        ];

        foreach (var edit in refused)
        {
            var refusal = await Assert.ThrowsAsync<RegisterRefusedException>(() => scene.Editor.ChangeAsync(edit, Officer, Ct));
            Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
        }

        Assert.Equal(history, await scene.Register.HistoryAsync(ct: Ct));
        Assert.DoesNotContain(history, h => h.Subject == RegisterSubject.Purpose);
        Assert.Equal(register, await scene.Register.ListAsync(Ct), new PurposeEntryComparer());
        Assert.Equal(purposes, await scene.PurposesAsync());
        await using (var db = await scene.Store.Contexts.CreateDbContextAsync(Ct))
        {
            Assert.Equal(notices, await db.Notices.CountAsync(Ct));
            Assert.Equal(changes, await db.RegisterChanges.CountAsync(Ct));
        }

        // The same change within bounds is made: what was refused was the input, not the change.
        var made = await scene.Editor.ChangeAsync(valid with { RetentionDays = PurposeEditor.MaxRetentionDays }, Officer, Ct);
        Assert.True(made.Changed);
        Assert.Equal(PurposeEditor.MaxRetentionDays, (await scene.EntryAsync(Purposes.ModelTraining)).RetentionDays);
    }

    private static PurposeEdit Edit(PurposeEntry entry) =>
        new(entry.Purpose, entry.Name, entry.Description, entry.LegalBasis, entry.Recipients, entry.RetentionDays, entry.Takes);

    private static async Task<List<RevokedRecord>> RevocationsAsync(TrainingExportService service, ExportClient client)
    {
        var (all, cursor) = (new List<RevokedRecord>(), 0L);
        while (true)
        {
            var page = await service.RevocationsAsync(client, cursor, 100, Ct);
            all.AddRange(page.Entries);
            cursor = page.Resume;
            if (page.Next is null)
                return all;
        }
    }

    /// <summary>Entries compared by value, their lists of kinds by their members.</summary>
    private sealed class PurposeEntryComparer : IEqualityComparer<PurposeEntry>
    {
        public bool Equals(PurposeEntry? x, PurposeEntry? y) =>
            x is not null && y is not null && x with { Kinds = [], Takes = [] } == y with { Kinds = [], Takes = [] }
            && x.Kinds.SequenceEqual(y.Kinds) && x.Takes.SequenceEqual(y.Takes);

        public int GetHashCode(PurposeEntry obj) => obj.Purpose.GetHashCode();
    }

    /// <summary>What <see cref="Scene.SeedAsync"/> captured: the keystroke records, and the ones that fed training.</summary>
    private sealed record Seeded(IReadOnlyList<Guid> AdaTyping, Guid BenTyping, IReadOnlyList<Guid> Keystrokes, IReadOnlyList<Guid> FeedingTraining);

    private sealed class Scene : IAsyncDisposable
    {
        private readonly Guid _captureClient;
        private readonly IngestionService _ingestion;

        private Scene(TestStore store, FakeTimeProvider clock, Guid captureClient)
        {
            Store = store;
            Clock = clock;
            _captureClient = captureClient;
            _ingestion = new IngestionService(store.Contexts, new IngestionOptions(), clock);
            Register = new ProcessingRegister(store.Contexts, clock);
            Editor = new PurposeEditor(store.Contexts, Register, clock);
            Export = ExportScene.Service(store, clock);
        }

        public TestStore Store { get; }
        public FakeTimeProvider Clock { get; }
        public ProcessingRegister Register { get; }
        public PurposeEditor Editor { get; }
        public TrainingExportService Export { get; }
        public DateTime Now => Clock.GetUtcNow().UtcDateTime;

        public static async Task<Scene> CreateAsync(StoreProvider provider)
        {
            var store = await TestStore.CreateAsync(provider);
            await TestData.AddEmployeesAsync(store, Ada, Ben, Cy, Dee);
            var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
            var client = (await new ApiClientService(store.Contexts, clock).CreateAsync("capture", [ApiScopes.CaptureWrite], Ct)).Client.Id;
            return new Scene(store, clock, client);
        }

        /// <summary>
        /// Through the capture pipeline: Ada types for operational telemetry, product and training and clicks for both, and
        /// deletes one of her keystroke records; Ben types for training only and moves the pointer; Cy only clicks; Dee types
        /// for operational telemetry only.
        /// </summary>
        public async Task<Seeded> SeedAsync()
        {
            string[] both = ["operationalTelemetry", "modelTraining"];
            var adaTyping = new[]
            {
                Keystrokes(Ada, purposes: both), Keystrokes(Ada, purposes: both, text: "Dear team"),
                Keystrokes(Ada, purposes: ["product", "modelTraining"], application: "Excel"),
            };
            var adaDeleted = Keystrokes(Ada, purposes: both, text: "to be deleted");
            var benTyping = Keystrokes(Ben, purposes: ["modelTraining"]);
            var deeTyping = Keystrokes(Dee, purposes: ["operationalTelemetry"]);
            var others = new[] { Click(Ada), Pointer(Ben), Click(Cy) };
            await IngestAsync([.. adaTyping, adaDeleted, benTyping, deeTyping, .. others]);
            var deleted = await new DecisionService(Store.Contexts, Clock, Store.Erasure).DeleteAsync(new EmployeeId(Ada), ActTarget.One(Id(adaDeleted)), Ct);
            Assert.Equal(1, deleted.Changed);
            return new Seeded(adaTyping.Select(Id).ToList(), Id(benTyping), [.. adaTyping.Select(Id), Id(adaDeleted), Id(benTyping), Id(deeTyping)],
                [.. adaTyping.Select(Id), Id(benTyping), .. others.Select(Id)]);
        }

        public async Task IngestAsync(params JsonObject[] items)
        {
            var result = await _ingestion.IngestAsync(new IngestionRequest(_captureClient, null, Json(items), false), Ct);
            Assert.True(result.IsSuccess, $"{result.StatusCode} {result.Title}: {result.Detail} {string.Join("; ", result.Errors)}");
            var response = JsonSerializer.Deserialize<IngestionResponse>(result.ResponseJson!, JsonSerializerOptions.Web)!;
            Assert.Equal(items.Length, response.Accepted);
        }

        public async Task<PurposeEntry> EntryAsync(Purposes purpose) => (await Register.ListAsync(Ct)).Single(p => p.Purpose == purpose);

        public async Task<Dictionary<Guid, Purposes>> PurposesAsync()
        {
            await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
            return await db.CaptureRecords.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Purposes, Ct);
        }

        public async Task<int> EligibleCountAsync(string employee) =>
            (await new RecordQueryService(Store.Contexts, Clock).CountAsync(new EmployeeId(employee), RecordFilter.All, Ct)).Eligible;

        public ValueTask DisposeAsync() => Store.DisposeAsync();
    }
}
