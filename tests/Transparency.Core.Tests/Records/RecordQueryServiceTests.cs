using Microsoft.Extensions.Time.Testing;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Core.Register;
using Transparency.Core.Tests.Policies;
using Transparency.Testing;
using static Transparency.Core.Tests.Policies.Rules;

namespace Transparency.Core.Tests.Records;

/// <summary>
/// The employee's record list: keyset pages visit every matching record once, newest first with the id
/// breaking ties; counts agree with the pages of the same filter; nobody else's records appear.
/// Expected results come from a plain C# reading of the filter and of <see cref="ReferenceEligibility"/>.
/// </summary>
public sealed class RecordQueryServiceTests(RecordQueryServiceTests.Stores stores) : IClassFixture<RecordQueryServiceTests.Stores>
{
    private static readonly EmployeeId Ada = new("QRY-ADA");
    private static readonly EmployeeId Ben = new("QRY-BEN");

    /// <summary>Instants several records share, so that only the id can order them.</summary>
    private static readonly DateTime Tie = new(2026, 11, 15, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime MidnightTie = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Summaries =
    [
        "Quarterly REPORT draft", "report for the board", "Weekly Report", "Budget 50% done", "Budget 500 done",
        "file_name.txt saved", "fileXname.txt saved", @"Opened C:\temp\notes", "lunch order", "Standup notes",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static readonly IReadOnlyList<(string Name, RecordFilter Filter)> Filters =
    [
        ("all", RecordFilter.All),
        ("kinds", new RecordFilter { Kinds = [CaptureKind.Keystrokes, CaptureKind.Click] }),
        ("purpose", new RecordFilter { Purposes = Purposes.Product }),
        ("application", new RecordFilter { Application = "Excel" }),
        ("site", new RecordFilter { Site = "intranet.example" }),
        ("from", new RecordFilter { From = new DateOnly(2026, 11, 1) }),
        ("to", new RecordFilter { To = new DateOnly(2026, 11, 1) }),
        ("range", new RecordFilter { From = new DateOnly(2026, 10, 20), To = new DateOnly(2026, 11, 15) }),
        ("flagged", new RecordFilter { Flagged = true }),
        ("not flagged", new RecordFilter { Flagged = false }),
        ("deleted", new RecordFilter { Deleted = true }),
        ("not deleted", new RecordFilter { Deleted = false }),
        ("text", new RecordFilter { Text = "REPORT" }),
        ("eligible", new RecordFilter { Training = TrainingStatusFilter.Eligible }),
        ("withheld", new RecordFilter { Training = TrainingStatusFilter.Withheld }),
        ("quarantined", new RecordFilter { Training = TrainingStatusFilter.Quarantined }),
        ("not eligible", new RecordFilter { Training = TrainingStatusFilter.NotEligible }),
        ("combined", new RecordFilter { Kinds = [CaptureKind.Keystrokes], Application = "Outlook", From = new DateOnly(2026, 10, 1), Training = TrainingStatusFilter.NotEligible }),
    ];

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Keyset_paging_visits_every_record_once_newest_first_with_the_id_breaking_ties(StoreProvider provider)
    {
        var (store, seed) = (await stores.ForAsync(provider), Stores.Data);
        var service = Service(store);
        var expected = Expected(seed, RecordFilter.All);
        Assert.True(seed.Ada.Count(r => r.CapturedAt == Tie) >= 6 && seed.Ada.Count(r => r.CapturedAt == MidnightTie) >= 4);

        foreach (var size in new[] { 1, 2, 3, 5, 7, 500 })
        {
            var pages = await PagesAsync(service, RecordFilter.All, size);

            Assert.Equal(expected, pages.SelectMany(p => p.Rows).Select(r => r.Id));
            Assert.All(pages[..^1], p => Assert.Equal(size, p.Rows.Count));
            Assert.Null(pages[^1].Next);
        }
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Pages_and_counts_agree_with_every_filter_member(StoreProvider provider)
    {
        var (store, seed) = (await stores.ForAsync(provider), Stores.Data);
        var service = Service(store);

        foreach (var (name, filter) in Filters)
        {
            var expected = Expected(seed, filter);
            Assert.True(expected.Count > 0, $"{name}: the seed has no matching record");
            var paged = (await PagesAsync(service, filter, 4)).SelectMany(p => p.Rows).ToList();
            var counts = await service.CountAsync(Ada, filter, Ct);

            Assert.True(expected.SequenceEqual(paged.Select(r => r.Id)), $"{name}: expected {expected.Count} records, paged {paged.Count}");
            Assert.All(paged, r => Assert.Equal(seed.Reasons[r.Id], r.Reasons));
            Assert.Equal(paged.Count, counts.Total);
            Assert.Equal(paged.Count(r => r.Eligible), counts.Eligible);
            Assert.Equal(paged.Count(r => r.Withheld && r.DeletedAt is null), counts.Withheld);
            Assert.Equal(paged.Count(r => r.HasOpenFlag && r.DeletedAt is null), counts.Quarantined);
            Assert.Equal(paged.Count(r => r.DeletedAt is not null), counts.Deleted);
            if (filter.Training != TrainingStatusFilter.Any || filter.Deleted is not null)
                continue;
            // What a count says is what choosing that status then lists.
            var eligible = await CountPagedAsync(service, filter with { Training = TrainingStatusFilter.Eligible });
            var withheld = await CountPagedAsync(service, filter with { Training = TrainingStatusFilter.Withheld });
            var quarantined = await CountPagedAsync(service, filter with { Training = TrainingStatusFilter.Quarantined });
            var deleted = await CountPagedAsync(service, filter with { Deleted = true });
            Assert.True((eligible, withheld, quarantined, deleted) == (counts.Eligible, counts.Withheld, counts.Quarantined, counts.Deleted),
                $"{name}: counts {counts}, listed eligible {eligible}, withheld {withheld}, quarantined {quarantined}, deleted {deleted}");
        }
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Text_search_ignores_case_and_takes_wildcards_literally(StoreProvider provider)
    {
        var store = await stores.ForAsync(provider);
        var service = Service(store);

        async Task<string[]> FoundAsync(string text) =>
            (await PagesAsync(service, new RecordFilter { Text = text }, 500)).SelectMany(p => p.Rows).Select(r => r.Summary!).Distinct().Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["Quarterly REPORT draft", "Weekly Report", "report for the board"], await FoundAsync("rePort"));
        Assert.Equal(["Budget 50% done"], await FoundAsync("50%"));
        Assert.Equal(["Budget 50% done"], await FoundAsync("%"));
        Assert.Equal(["file_name.txt saved"], await FoundAsync("e_n"));
        Assert.Equal([@"Opened C:\temp\notes"], await FoundAsync(@"c:\T"));
        Assert.Empty(await FoundAsync("report%board"));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Another_employees_records_never_appear(StoreProvider provider)
    {
        var (store, seed) = (await stores.ForAsync(provider), Stores.Data);
        var service = Service(store);
        var bens = seed.Ben.Select(r => r.Id).ToHashSet();

        foreach (var (_, filter) in Filters)
            Assert.DoesNotContain((await PagesAsync(service, filter, 500)).SelectMany(p => p.Rows), r => bens.Contains(r.Id));
        // A cursor taken from Ben's record at the shared instant still lists only Ada's.
        var bensAtTie = seed.Ben.First(r => r.CapturedAt == Tie);
        var after = await service.PageAsync(Ada, RecordFilter.All, new RecordCursor(bensAtTie.CapturedAt, bensAtTie.Id), 500, Ct);
        Assert.DoesNotContain(after.Rows, r => bens.Contains(r.Id));
        Assert.Equal(seed.Ada.Count, (await service.CountAsync(Ada, RecordFilter.All, Ct)).Total);

        var facets = await service.FacetsAsync(Ada, Ct);
        Assert.Equal(seed.Ada.Select(r => r.Application).Distinct().Order(StringComparer.Ordinal), facets.Applications);
        Assert.Equal(seed.Ada.Where(r => r.Site is not null).Select(r => r.Site!).Distinct().Order(StringComparer.Ordinal), facets.Sites);
        Assert.DoesNotContain("Ben's own app", facets.Applications);
    }

    private static RecordQueryService Service(TestStore store) => new(store.Contexts, new FakeTimeProvider(new DateTimeOffset(TestData.Now)));

    private static async Task<List<RecordPage>> PagesAsync(RecordQueryService service, RecordFilter filter, int size)
    {
        var pages = new List<RecordPage>();
        RecordCursor? cursor = null;
        do
        {
            var page = await service.PageAsync(Ada, filter, cursor, size, Ct);
            pages.Add(page);
            cursor = page.Next;
            Assert.True(pages.Count <= 1000, "Paging does not end.");
        }
        while (cursor is not null);
        return pages;
    }

    private static async Task<int> CountPagedAsync(RecordQueryService service, RecordFilter filter) =>
        (await PagesAsync(service, filter, 500)).Sum(p => p.Rows.Count);

    /// <summary>Ada's records the filter matches, in the order the list shows them.</summary>
    private static List<Guid> Expected(Seed seed, RecordFilter f) =>
        seed.Ada.Where(r => Matches(f, r, seed.Reasons[r.Id]))
            .OrderByDescending(r => r.CapturedAt).ThenByDescending(r => r.Id.ToString(), StringComparer.Ordinal)
            .Select(r => r.Id).ToList();

    private static bool Matches(RecordFilter f, CaptureRecord r, IneligibilityReasons reasons)
    {
        const IneligibilityReasons withheld = IneligibilityReasons.WithheldByRecord | IneligibilityReasons.WithheldByRule;
        return (f.Kinds.Count == 0 || f.Kinds.Contains(r.Kind))
               && (f.Purposes == Purposes.None || (r.Purposes & f.Purposes) != 0)
               && (f.Application is null || f.Application == r.Application)
               && (f.Site is null || f.Site == r.Site)
               && (f.From is not { } from || r.CapturedAt >= from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))
               && (f.To is not { } to || r.CapturedAt < to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))
               && (f.Flagged is not { } flagged || r.HasOpenFlag == flagged)
               && (f.Deleted is not { } deleted || (r.DeletedAt is not null) == deleted)
               && (f.Text is null || (r.Summary?.Contains(f.Text.Trim(), StringComparison.OrdinalIgnoreCase) ?? false))
               && f.Training switch
               {
                   TrainingStatusFilter.Eligible => reasons == IneligibilityReasons.None,
                   TrainingStatusFilter.NotEligible => reasons != IneligibilityReasons.None,
                   // A deleted record is listed as deleted only, as the counts count it.
                   TrainingStatusFilter.Withheld => (reasons & withheld) != 0 && r.DeletedAt is null,
                   TrainingStatusFilter.Quarantined => r.HasOpenFlag && r.DeletedAt is null,
                   _ => true,
               };
    }

    public sealed record Seed(List<CaptureRecord> Ada, List<CaptureRecord> Ben, List<StandingRule> Rules, Dictionary<Guid, IneligibilityReasons> Reasons);

    /// <summary>
    /// Ada: 120 records of every kind, state and summary, six of them captured at the same instant and four
    /// at the same midnight; a standing rule on keystrokes in Teams. Ben: records at the same instants, and he opted out.
    /// </summary>
    public sealed class Stores : SeededStores
    {
        public static Seed Data { get; } = Generate();

        protected override async Task SeedAsync(TestStore store)
        {
            await TestData.AddEmployeesAsync(store, Ada.Value, Ben.Value);
            await using var db = await store.Contexts.CreateDbContextAsync();
            await BulkInsert.InsertAsync(db, Data.Ada.Concat(Data.Ben).ToList(), CancellationToken.None);
            await BulkInsert.InsertAsync(db, Data.Rules, CancellationToken.None);
        }

        private static Seed Generate()
        {
            var random = new Random(20261115);
            var kinds = Enum.GetValues<CaptureKind>();
            string[] applications = ["Outlook", "Excel", "Teams", "Chrome"];
            string?[] sites = [null, null, "intranet.example", "bank.example"];
            CaptureRecord Make(string employee, DateTime at)
            {
                var deleted = random.Next(100) < 10;
                return TestData.Record(employee, at, kinds[random.Next(kinds.Length)],
                        (Purposes)random.Next(1, 8), applications[random.Next(applications.Length)], sites[random.Next(sites.Length)],
                        random.Next(100) < 10 ? SensitivityTags.Banking : SensitivityTags.None)
                    .With(r =>
                    {
                        r.Summary = deleted ? null : Summaries[random.Next(Summaries.Length)];
                        r.TrainingChoice = (TrainingChoice)random.Next(3);
                        r.HasOpenFlag = random.Next(100) < 15;
                        r.DeletedAt = deleted ? TestData.Now.AddDays(-1) : null;
                        r.Content = null;
                    });
            }
            var ada = Enumerable.Range(0, 110)
                .Select(_ => Make(Ada.Value, TestData.Now.AddMinutes(-random.Next(60 * 24 * 400))))
                .Concat(Enumerable.Range(0, 6).Select(_ => Make(Ada.Value, Tie)))
                .Concat(Enumerable.Range(0, 4).Select(_ => Make(Ada.Value, MidnightTie)))
                .ToList();
            // Every summary at least once, and the states a count must not count twice: withheld and deleted, flagged and deleted.
            for (var i = 0; i < Summaries.Length; i++)
            {
                var summary = Summaries[i];
                ada[i].With(r => { r.Summary = summary; r.DeletedAt = null; });
            }
            ada[10].With(r => { r.TrainingChoice = TrainingChoice.Withheld; r.DeletedAt = TestData.Now.AddDays(-2); r.Summary = null; });
            ada[11].With(r => { r.HasOpenFlag = true; r.DeletedAt = TestData.Now.AddDays(-2); r.Summary = null; });
            ada[12].With(r => { r.Kind = CaptureKind.Keystrokes; r.Application = "Teams"; r.DeletedAt = TestData.Now.AddDays(-2); r.Summary = null; });
            var ben = Enumerable.Range(0, 8).Select(_ => Make(Ben.Value, Tie))
                .Append(Make(Ben.Value, MidnightTie).With(r => { r.Application = "Ben's own app"; r.Site = "ben.example"; r.Summary = "Weekly Report"; r.DeletedAt = null; }))
                .ToList();
            var rules = new List<StandingRule> { Rule(Ada.Value, kind: CaptureKind.Keystrokes, application: "Teams"), GlobalOptOut(Ben.Value) };
            var retention = ProcessingRegister.Defaults.Single(p => p.Id == Purposes.ModelTraining).RetentionDays;
            var reasons = ada.Concat(ben).ToDictionary(r => r.Id, r => ReferenceEligibility.ReasonsFor(r, rules, TestData.Now, retention));
            return new Seed(ada, ben, rules, reasons);
        }
    }
}
