using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.ApiClients;
using Transparency.Core.EventStore;
using Transparency.Core.Ingestion;
using Transparency.Core.Policies;
using Transparency.Core.Register;
using Transparency.Testing;
using static Transparency.Testing.CaptureBatches;

namespace Transparency.Core.Tests.Register;

/// <summary>
/// The sensitive contexts in the store: seeded from configuration once, changed by the privacy officer as versioned changes,
/// binding records that arrive after a change and never untagging a record already held.
/// </summary>
public sealed class SensitiveContextListTests
{
    private const string Ada = "SC-ADA";
    private const string Officer = "officer@test";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly SensitiveContext[] Configured =
    [
        new() { Tag = "Banking", Sites = ["bank.example"], WindowTitleContains = ["Online Banking"] },
        new() { Tag = "Health", Applications = ["Patient Portal"] },
    ];

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task The_configured_list_is_the_first_version_once_and_configuration_is_not_read_again(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
        var first = new SensitiveContextList(store.Contexts, Configured, clock);
        await first.SeedAsync(Ct);
        // Another instance, started later with other configuration, finds the store's list and keeps it.
        var second = new SensitiveContextList(store.Contexts, [new SensitiveContext { Tag = "WorksCouncil", Sites = ["council.example"] }], clock);
        await second.SeedAsync(Ct);

        var current = await second.CurrentAsync(Ct);
        Assert.Equal(1, current.Version);
        Assert.Equal(
            [(SensitivityTags.Banking, SensitiveMatch.Site, "bank.example"), (SensitivityTags.Banking, SensitiveMatch.WindowTitle, "Online Banking"),
             (SensitivityTags.Health, SensitiveMatch.Application, "Patient Portal")],
            current.Rules.Select(r => (r.Tag, r.Match, r.Value)).Order());
        var history = await new ProcessingRegister(store.Contexts, clock).HistoryAsync(ct: Ct);
        Assert.Equal("Sensitive contexts set up from the configuration: 3 entries.", Assert.Single(history).Summary);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_change_binds_records_arriving_after_it_and_a_removed_entry_never_untags_a_record_already_held(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, Ada);
        var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
        var client = (await new ApiClientService(store.Contexts, clock).CreateAsync("capture", [ApiScopes.CaptureWrite], Ct)).Client.Id;
        var list = new SensitiveContextList(store.Contexts, Configured, clock);
        var ingestion = new IngestionService(store.Contexts, new IngestionOptions(), clock, list);

        var atTheBank = Keystrokes(Ada, site: "online.bank.example");
        var payroll = Keystrokes(Ada, site: "payroll.example");
        await IngestAsync(ingestion, client, atTheBank, payroll);
        Assert.Equal(SensitivityTags.Banking, await TagsAsync(store, Id(atTheBank)));
        Assert.Equal(SensitivityTags.None, await TagsAsync(store, Id(payroll)));

        // The officer drops the bank and adds payroll as a health context.
        clock.Advance(TimeSpan.FromMinutes(1));
        var change = await list.SaveAsync(
        [
            new(SensitivityTags.Banking, SensitiveMatch.WindowTitle, "Online Banking"),
            new(SensitivityTags.Health, SensitiveMatch.Application, "Patient Portal"),
            new(SensitivityTags.Health, SensitiveMatch.Site, "PAYROLL.example"),
        ], Officer, Ct);
        Assert.True(change.Changed);
        Assert.Contains("Added site \"payroll.example\" (health)", change.Summary);
        Assert.Contains("Removed site \"bank.example\" (banking)", change.Summary);

        var laterAtTheBank = Keystrokes(Ada, site: "online.bank.example");
        var laterPayroll = Keystrokes(Ada, site: "eu.payroll.example");
        await IngestAsync(ingestion, client, laterAtTheBank, laterPayroll);

        Assert.Equal(SensitivityTags.None, await TagsAsync(store, Id(laterAtTheBank)));
        Assert.Equal(SensitivityTags.Health, await TagsAsync(store, Id(laterPayroll)));
        // Records already held keep their tags: the earlier bank record stays withheld, the earlier payroll record is not tagged after the fact.
        Assert.Equal(SensitivityTags.Banking, await TagsAsync(store, Id(atTheBank)));
        Assert.Equal(SensitivityTags.None, await TagsAsync(store, Id(payroll)));
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            var eligibility = await TrainingEligibility.ForAsync(db, TestData.Now, Ct);
            Assert.False(await db.CaptureRecords.Where(r => r.Id == Id(atTheBank)).Where(eligibility.IsEligible).AnyAsync(Ct));
            var versions = await db.RegisterChanges.Where(c => c.Subject == RegisterSubject.SensitiveContexts).OrderBy(c => c.At).ToListAsync(Ct);
            Assert.Equal(2, versions.Count);
            Assert.Equal(Officer, versions[1].ChangedBy);
            Assert.Contains("bank.example", versions[1].Before);
            Assert.DoesNotContain("\"bank.example\"", versions[1].After);
        }
        Assert.Equal(2, (await list.CurrentAsync(Ct)).Version);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_list_that_cannot_be_kept_is_refused_and_the_list_stays(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
        var list = new SensitiveContextList(store.Contexts, Configured, clock);
        await list.SeedAsync(Ct);

        SensitiveContextRule[][] refused =
        [
            [new(SensitivityTags.Banking, SensitiveMatch.Site, "  ")],
            [new(SensitivityTags.Banking, SensitiveMatch.Site, "https://bank.example/login")],
            [new(SensitivityTags.Banking, SensitiveMatch.WindowTitle, "Bank\u0000")],
            [new(SensitivityTags.Banking, SensitiveMatch.Application, new string('a', SensitiveContextList.MaxValueLength + 1))],
            [new(SensitivityTags.None, SensitiveMatch.Site, "bank.example")],
            [new(SensitivityTags.Banking | SensitivityTags.Health, SensitiveMatch.Site, "bank.example")],
            [new((SensitivityTags)64, SensitiveMatch.Site, "bank.example")],
            [new(SensitivityTags.Banking, (SensitiveMatch)9, "bank.example")],
        ];
        foreach (var rules in refused)
            await Assert.ThrowsAsync<RegisterRefusedException>(() => list.SaveAsync(rules, Officer, Ct));

        Assert.Equal(1, (await list.CurrentAsync(Ct)).Version);
        Assert.Equal(3, (await list.CurrentAsync(Ct)).Rules.Count);
        // The same list again, in another order and case, is no change.
        var same = await list.SaveAsync(
        [
            new(SensitivityTags.Health, SensitiveMatch.Application, "patient portal"),
            new(SensitivityTags.Banking, SensitiveMatch.WindowTitle, "Online Banking"),
            new(SensitivityTags.Banking, SensitiveMatch.Site, "BANK.example"),
        ], Officer, Ct);
        Assert.False(same.Changed);
        Assert.Equal(1, (await list.CurrentAsync(Ct)).Version);
    }

    private static async Task IngestAsync(IngestionService ingestion, Guid client, params System.Text.Json.Nodes.JsonObject[] items)
    {
        var result = await ingestion.IngestAsync(new IngestionRequest(client, null, Json(items), false), Ct);
        Assert.True(result.IsSuccess, $"{result.StatusCode} {result.Title}: {result.Detail}");
    }

    private static async Task<SensitivityTags> TagsAsync(TestStore store, Guid id)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        return await db.CaptureRecords.Where(r => r.Id == id).Select(r => r.Sensitivity).SingleAsync(Ct);
    }
}
