using Microsoft.EntityFrameworkCore;
using Transparency.Core.Rollups;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Decisions;

/// <summary>A standing rule as the employee drafts it. Leaving every criterion empty means "everything" (opt out entirely).</summary>
public sealed record RuleDraft(CaptureKind? Kind, string? Application, string? Site, DateOnly? CapturedFrom, DateOnly? CapturedBefore)
{
    public static RuleDraft Everything { get; } = new(null, null, null, null, null);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Kind is { } kind && !Enum.IsDefined(kind))
            problems.Add("Choose a capture kind from the list.");
        if (Application is { Length: > 200 })
            problems.Add("The application name is longer than 200 characters.");
        if (Site is { Length: > 253 })
            problems.Add("The site is longer than 253 characters.");
        // Stored as text: a control character (NUL above all, which PostgreSQL refuses) names no application or site a record has.
        if (Application is not null && PlainText.Problem(Application) is { } application)
            problems.Add($"The application name cannot be kept as written. {application}");
        if (Site is not null && PlainText.Problem(Site) is { } site)
            problems.Add($"The site cannot be kept as written. {site}");
        if (CapturedFrom is { } from && CapturedBefore is { } before && from >= before)
            problems.Add("\"Captured from\" must be before \"captured before\".");
        return problems;
    }

    internal StandingRule ToRule(EmployeeId employee, Guid id, DateTime now) => new()
    {
        EmployeeId = employee.Value,
        Id = id,
        Kind = Kind,
        Application = string.IsNullOrWhiteSpace(Application) ? null : Application.Trim(),
        Site = string.IsNullOrWhiteSpace(Site) ? null : Site.Trim(),
        CapturedFrom = CapturedFrom?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        CapturedBefore = CapturedBefore?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        CreatedAt = now,
    };
}

/// <summary>One active rule with what it covers today.</summary>
/// <param name="Covers">Existing records (not deleted) the rule matches.</param>
/// <param name="WithheldOnlyByThis">Records that would become eligible again if this rule were removed.</param>
public sealed record RuleSummary(StandingRule Rule, string Description, int Covers, int WithheldOnlyByThis);

/// <summary>The effect of a drafted rule before it is saved.</summary>
/// <param name="Covers">Existing records (not deleted) the rule would match.</param>
/// <param name="NewlyWithheld">Of those, records eligible for training today that the rule would withhold.</param>
public sealed record RulePreview(string Description, int Covers, int NewlyWithheld);

/// <summary>
/// An employee's standing rules. A rule is stored, never copied onto records: the eligibility rule
/// evaluates it in SQL, so it binds records captured later, and removing it releases only what it alone withheld.
/// </summary>
public sealed class StandingRuleService(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<RuleSummary>> ListAsync(EmployeeId employee, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var eligibility = await TrainingEligibility.ForAsync(db, Now, ct);
        var rules = await db.RulesOf(employee).AsNoTracking().Where(s => s.RemovedAt == null).OrderBy(s => s.CreatedAt).ToListAsync(ct);
        var summaries = new List<RuleSummary>(rules.Count);
        foreach (var rule in rules)
        {
            var covered = db.RecordsOf(employee).Where(Tombstone.IsNot).Where(TrainingEligibility.CoveredBy(rule));
            var covers = await covered.CountAsync(ct);
            // Withheld by this rule alone: no other active rule and no other clause keeps them out.
            var others = new TrainingEligibility(db.StandingRules.Where(s => s.Id != rule.Id), eligibility.RetentionCutoff);
            var onlyThis = await covered.Where(others.IsEligible).CountAsync(ct);
            summaries.Add(new RuleSummary(rule, TrainingStatusExplanation.DescribeRule(rule), covers, onlyThis));
        }
        return summaries;
    }

    /// <summary>What a drafted rule would cover and newly withhold, before it is saved.</summary>
    public async Task<RulePreview> PreviewAsync(EmployeeId employee, RuleDraft draft, CancellationToken ct = default)
    {
        Refuse(draft.Validate());
        await using var db = await contexts.CreateDbContextAsync(ct);
        var eligibility = await TrainingEligibility.ForAsync(db, Now, ct);
        var rule = draft.ToRule(employee, Guid.Empty, Now);
        var covered = db.RecordsOf(employee).Where(Tombstone.IsNot).Where(TrainingEligibility.CoveredBy(rule));
        return new RulePreview(TrainingStatusExplanation.DescribeRule(rule), await covered.CountAsync(ct), await covered.Where(eligibility.IsEligible).CountAsync(ct));
    }

    /// <summary>Saves a rule; it takes effect for the export at once, for existing and future records.</summary>
    public async Task<RuleSummary> AddAsync(EmployeeId employee, RuleDraft draft, CancellationToken ct = default)
    {
        Refuse(draft.Validate());
        var now = Now;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rule = draft.ToRule(employee, Guid.CreateVersion7(now), now);
        var duplicate = await db.RulesOf(employee).AnyAsync(s => s.RemovedAt == null && s.Kind == rule.Kind && s.Application == rule.Application
            && s.Site == rule.Site && s.CapturedFrom == rule.CapturedFrom && s.CapturedBefore == rule.CapturedBefore, ct);
        if (duplicate)
            throw new ActRefusedException("You already have this rule.");
        var eligibility = await TrainingEligibility.ForAsync(db, now, ct);
        var covered = db.RecordsOf(employee).Where(Tombstone.IsNot).Where(TrainingEligibility.CoveredBy(rule));
        var covers = await covered.CountAsync(ct);
        // Eligible until now and covered: once the rule is saved, exactly these are withheld by it alone.
        var onlyThis = await covered.Where(eligibility.IsEligible).CountAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.StandingRules.Add(rule);
        db.Decisions.Add(new Decision
        {
            EmployeeId = employee.Value, Id = Guid.CreateVersion7(now), Kind = DecisionKind.Withhold, StandingRuleId = rule.Id,
            RecordCount = covers, Reason = TrainingStatusExplanation.DescribeRule(rule), ActorId = employee.Value, ActorRole = ActorRole.Employee, At = now,
        });
        await db.SaveChangesAsync(ct);
        await RollupMarks.MarkAsync(db, employee.Value, covered, now, ct);
        await transaction.CommitAsync(ct);
        return new RuleSummary(rule, TrainingStatusExplanation.DescribeRule(rule), covers, onlyThis);
    }

    /// <summary>Removes a rule: records it alone withheld become eligible again; records withheld otherwise stay withheld.</summary>
    public async Task<int> RemoveAsync(EmployeeId employee, Guid ruleId, CancellationToken ct = default)
    {
        var now = Now;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rule = await db.RulesOf(employee).SingleOrDefaultAsync(s => s.Id == ruleId && s.RemovedAt == null, ct)
            ?? throw new ActRefusedException("There is no such rule of yours.");
        var covered = db.RecordsOf(employee).Where(Tombstone.IsNot).Where(TrainingEligibility.CoveredBy(rule));
        var covers = await covered.CountAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        rule.RemovedAt = now;
        db.Decisions.Add(new Decision
        {
            EmployeeId = employee.Value, Id = Guid.CreateVersion7(now), Kind = DecisionKind.Release, StandingRuleId = rule.Id,
            RecordCount = covers, Reason = TrainingStatusExplanation.DescribeRule(rule), ActorId = employee.Value, ActorRole = ActorRole.Employee, At = now,
        });
        await db.SaveChangesAsync(ct);
        await RollupMarks.MarkAsync(db, employee.Value, covered, now, ct);
        await transaction.CommitAsync(ct);
        return covers;
    }

    private static void Refuse(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
            throw new ActRefusedException(string.Join(" ", problems));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
