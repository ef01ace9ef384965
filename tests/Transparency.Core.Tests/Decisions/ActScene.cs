using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Core.Records;
using Transparency.Testing;

namespace Transparency.Core.Tests.Decisions;

/// <summary>
/// A fresh store with two employees, Ada (who acts) and Ben (whose records must never change), the
/// services an employee acts through, a clock the test moves, and read-backs of what the training
/// export would do (<see cref="TrainingEligibility.IsEligible"/> in SQL) and of the decision log.
/// </summary>
public sealed class ActScene : IAsyncDisposable
{
    public static readonly EmployeeId Ada = new("ACT-ADA");
    public static readonly EmployeeId Ben = new("ACT-BEN");

    private ActScene(TestStore store)
    {
        Store = store;
        Clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
        Decisions = new DecisionService(store.Contexts, Clock, store.Erasure);
        Rules = new StandingRuleService(store.Contexts, Clock);
        Queries = new RecordQueryService(store.Contexts, Clock);
        Details = new RecordDetailService(store.Contexts, Clock);
    }

    public TestStore Store { get; }
    public FakeTimeProvider Clock { get; }
    public DecisionService Decisions { get; }
    public StandingRuleService Rules { get; }
    public RecordQueryService Queries { get; }
    public RecordDetailService Details { get; }

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<ActScene> CreateAsync(StoreProvider provider)
    {
        var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, Ada.Value, Ben.Value);
        return new ActScene(store);
    }

    /// <summary>Ingests records as the capture pipeline would: metadata and content together.</summary>
    public async Task<CaptureRecord[]> AddAsync(params CaptureRecord[] records)
    {
        await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
        db.CaptureRecords.AddRange(records);
        await db.SaveChangesAsync(Ct);
        return records;
    }

    public async Task AddAsync(LegalHold hold)
    {
        await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
        db.LegalHolds.Add(hold);
        await db.SaveChangesAsync(Ct);
    }

    public async Task AddAsync(params AccessLogEntry[] entries)
    {
        await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
        db.AccessLog.AddRange(entries);
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>The records (of everyone) that the training export would take now.</summary>
    public async Task<HashSet<Guid>> EligibleAsync()
    {
        await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
        var eligibility = await TrainingEligibility.ForAsync(db, Now, Ct);
        return (await db.CaptureRecords.Where(eligibility.IsEligible).Select(r => r.Id).ToListAsync(Ct)).ToHashSet();
    }

    /// <summary>Every clause one record fails now, as the explanation and the counts compute it.</summary>
    public async Task<IneligibilityReasons> ReasonsAsync(Guid recordId)
    {
        await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
        var eligibility = await TrainingEligibility.ForAsync(db, Now, Ct);
        return await db.CaptureRecords.Where(r => r.Id == recordId)
            .Select(eligibility.Project((CaptureRecord r, IneligibilityReasons reasons) => reasons))
            .SingleAsync(Ct);
    }

    /// <summary>Every record of the store with its state and whether its content row is still there.</summary>
    public async Task<Dictionary<Guid, RecordState>> StatesAsync()
    {
        await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
        var withContent = (await db.CaptureContents.Select(c => c.RecordId).ToListAsync(Ct)).ToHashSet();
        var records = await db.CaptureRecords.AsNoTracking().ToListAsync(Ct);
        return records.ToDictionary(r => r.Id, r => new RecordState(
            r.EmployeeId, r.Kind, r.CapturedAt, r.Summary, withContent.Contains(r.Id), r.TrainingChoice, r.PreviousTrainingChoice,
            r.HasOpenFlag, r.DeletedAt, r.LastDecisionId));
    }

    /// <summary>The whole decision log, oldest first.</summary>
    public async Task<List<Decision>> DecisionsAsync()
    {
        await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
        return (await db.Decisions.AsNoTracking().ToListAsync(Ct)).OrderBy(d => d.At).ThenBy(d => d.Id).ToList();
    }

    /// <summary>The records a decision names in <c>decision_records</c>.</summary>
    public async Task<HashSet<Guid>> RecordsOfDecisionAsync(Guid decisionId)
    {
        await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
        return (await db.DecisionRecords.Where(x => x.DecisionId == decisionId).Select(x => x.RecordId).ToListAsync(Ct)).ToHashSet();
    }

    public async Task<List<Flag>> FlagsAsync()
    {
        await using var db = await Store.Contexts.CreateDbContextAsync(Ct);
        return await db.Flags.AsNoTracking().ToListAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await Store.DisposeAsync();
}

/// <summary>What a record looks like to the employee and to the export, in one comparable value.</summary>
public sealed record RecordState(
    string EmployeeId,
    CaptureKind Kind,
    DateTime CapturedAt,
    string? Summary,
    bool HasContent,
    TrainingChoice Choice,
    TrainingChoice PreviousChoice,
    bool Flagged,
    DateTime? DeletedAt,
    Guid? LastDecisionId);
