using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Testing;
using static Transparency.Core.Tests.Policies.Rules;

namespace Transparency.Core.Tests.Policies;

/// <summary>
/// The SQL filter, the SQL reasons projection and a plain C# reading of DESIGN rule 1 must agree on
/// every record of a large store with random state.
/// </summary>
public sealed class TrainingEligibilityAgreementTests
{
    private const int Employees = 50;
    private const int Records = 12_000;
    private const int MinimumPerReason = 50;

    private static readonly string[] Applications = ["Outlook", "Excel", "Teams", "Chrome", "SAP GUI"];
    private static readonly string?[] Sites = [null, null, "intranet.example", "bank.example", "health.example", "council.example"];
    private static readonly CaptureKind[] Kinds = Enum.GetValues<CaptureKind>();
    private static readonly SensitivityTags[] Tags = Enum.GetValues<SensitivityTags>().Where(t => t != SensitivityTags.None).ToArray();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Filter_projection_and_reference_agree_on_every_record(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        var employees = Enumerable.Range(1, Employees).Select(i => $"AG-{i:000}").ToArray();
        await TestData.AddEmployeesAsync(store, employees);

        var random = new Random(20261120);
        var rules = employees.SelectMany(e => RandomRules(random, e)).ToList();
        var records = Enumerable.Range(0, Records).Select(_ => RandomRecord(random, employees[random.Next(employees.Length)])).ToList();

        var clock = Stopwatch.StartNew();
        await InsertAsync(store, rules, records);
        var inserted = clock.Elapsed;

        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var eligibility = await TrainingEligibility.ForAsync(db, TestData.Now, Ct);
        var retentionDays = await db.Purposes.Where(p => p.Id == Purposes.ModelTraining).Select(p => p.RetentionDays).SingleAsync(Ct);

        var eligibleIds = (await db.CaptureRecords.Where(eligibility.IsEligible).Select(r => r.Id).ToListAsync(Ct)).ToHashSet();
        var projected = await db.CaptureRecords
            .Select(eligibility.Project((CaptureRecord r, IneligibilityReasons reasons) => new { r.Id, Reasons = reasons }))
            .ToDictionaryAsync(x => x.Id, x => x.Reasons, Ct);
        var queried = clock.Elapsed - inserted;

        Assert.Equal(records.Count, projected.Count);
        var disagreements = new List<string>();
        var counts = new Dictionary<IneligibilityReasons, int>();
        foreach (var record in records)
        {
            var expected = ReferenceEligibility.ReasonsFor(record, rules, TestData.Now, retentionDays);
            var reasons = projected[record.Id];
            var filtered = eligibleIds.Contains(record.Id);
            if (reasons != expected || filtered != (expected == IneligibilityReasons.None))
                disagreements.Add($"{record.EmployeeId}/{record.Id}: reference {expected}, projection {reasons}, filter {(filtered ? "eligible" : "excluded")}");
            foreach (var reason in expected == IneligibilityReasons.None ? [IneligibilityReasons.None] : expected.Each())
                counts[reason] = counts.GetValueOrDefault(reason) + 1;
        }

        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"{provider}: {records.Count} records, {rules.Count} standing rules; insert {inserted.TotalSeconds:0.0} s, rule queries {queried.TotalSeconds:0.0} s");
        foreach (var reason in Enum.GetValues<IneligibilityReasons>())
            output?.WriteLine($"  {(reason == IneligibilityReasons.None ? "Eligible" : reason.ToString()),-18} {counts.GetValueOrDefault(reason),6}");

        Assert.True(disagreements.Count == 0,
            $"{disagreements.Count} of {records.Count} records disagree, e.g.:\n{string.Join("\n", disagreements.Take(10))}");
        var thin = Enum.GetValues<IneligibilityReasons>().Where(r => counts.GetValueOrDefault(r) < MinimumPerReason).ToList();
        Assert.True(thin.Count == 0, $"The data hardly exercises: {string.Join(", ", thin.Select(r => $"{r} ({counts.GetValueOrDefault(r)})"))}");
    }

    /// <summary>
    /// A few midnights that rules start or end at and many records are captured at, so that the
    /// inclusive/exclusive edges of captured-from and captured-before are hit often. Every instant in
    /// the test is on a whole second, which both stores keep exactly.
    /// </summary>
    private static readonly DateTime[] BoundaryDays = Enumerable.Range(0, 12).Select(i => TestData.Now.Date.AddDays(-i * 37)).ToArray();

    private static DateTime BoundaryDay(Random random) => BoundaryDays[random.Next(BoundaryDays.Length)];

    private static DateTime RandomCapturedAt(Random random)
    {
        var cutoff = TestData.Now.AddDays(-365);
        return random.Next(100) switch
        {
            < 3 => cutoff,
            < 6 => cutoff.AddSeconds(-1),
            < 30 => BoundaryDay(random),
            // Spread over 450 days: about a fifth lies beyond the 365-day training retention.
            _ => TestData.Now.AddSeconds(-random.NextInt64(450L * 24 * 3600)),
        };
    }

    private static CaptureRecord RandomRecord(Random random, string employee)
    {
        var purposes = random.Next(100) < 80
            ? Purposes.ModelTraining | (Purposes)random.Next(4)
            : (Purposes)random.Next(1, 4);
        var sensitivity = random.Next(100) < 10
            ? Tags[random.Next(Tags.Length)] | (random.Next(4) == 0 ? Tags[random.Next(Tags.Length)] : SensitivityTags.None)
            : SensitivityTags.None;
        var choice = random.Next(100) switch
        {
            < 8 => TrainingChoice.Withheld,
            < 16 => TrainingChoice.Released,
            _ => TrainingChoice.None,
        };
        var capturedAt = RandomCapturedAt(random);
        DateTime? Sometimes(int percent) => random.Next(100) < percent ? TestData.Now.AddDays(-random.Next(1, 30)) : null;
        return new CaptureRecord
        {
            EmployeeId = employee,
            Id = Guid.NewGuid(),
            CapturedAt = capturedAt,
            ReceivedAt = capturedAt,
            Kind = Kinds[random.Next(Kinds.Length)],
            DeviceId = "LT-0001",
            Application = Applications[random.Next(Applications.Length)],
            Site = Sites[random.Next(Sites.Length)],
            SourceAgent = "capture-agent/2.3.1",
            Sensitivity = sensitivity,
            Purposes = purposes,
            TrainingChoice = choice,
            HasOpenFlag = random.Next(100) < 5,
            DeletedAt = Sometimes(4),
            RedactedAt = Sometimes(3),
            PurgedAt = Sometimes(3),
        };
    }

    /// <summary>Up to three rules per employee over random criteria, about a third removed; a few employees opt out entirely.</summary>
    private static IEnumerable<StandingRule> RandomRules(Random random, string employee)
    {
        if (random.Next(100) < 8)
            yield return GlobalOptOut(employee, removedAt: random.Next(3) == 0 ? TestData.Now.AddDays(-2) : null);
        for (var i = random.Next(4); i > 0; i--)
        {
            var rule = Rule(employee,
                kind: random.Next(100) < 45 ? Kinds[random.Next(Kinds.Length)] : null,
                application: random.Next(100) < 35 ? Applications[random.Next(Applications.Length)] : null,
                site: random.Next(100) < 20 ? Sites[random.Next(2, Sites.Length)] : null,
                capturedFrom: random.Next(100) < 25 ? BoundaryDay(random) : null,
                capturedBefore: random.Next(100) < 25 ? BoundaryDay(random) : null,
                removedAt: random.Next(100) < 30 ? TestData.Now.AddDays(-1) : null);
            if (rule.IsGlobalOptOut)
                rule.Kind = Kinds[random.Next(Kinds.Length)];
            yield return rule;
        }
    }

    private static async Task InsertAsync(TestStore store, List<StandingRule> rules, List<CaptureRecord> records)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        await BulkInsert.InsertAsync(db, rules, Ct);
        await BulkInsert.InsertAsync(db, records, Ct);
    }
}
