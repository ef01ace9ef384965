using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;

namespace Transparency.Core.Policies;

/// <summary>
/// The one rule that says whether a record may leave for training (DESIGN rule 1). Each clause is
/// written once, as an expression EF translates to SQL; <see cref="IsEligible"/> is their conjunction
/// (for filters, counts and the export) and <see cref="Reasons"/> reports which clauses fail (for the
/// explanation the employee reads). Both are built from the same clause list, so they cannot disagree.
/// </summary>
public sealed class TrainingEligibility
{
    private readonly List<(IneligibilityReasons Reason, Expression<Func<CaptureRecord, bool>> Holds)> _clauses;

    private readonly DateTime? _retentionCutoff;

    /// <param name="standingRules">The store's standing rules, queried inside the expression (NOT EXISTS).</param>
    /// <param name="retentionCutoff">Records captured before this instant are outside the training retention.</param>
    public TrainingEligibility(IQueryable<StandingRule> standingRules, DateTime retentionCutoff)
        : this(standingRules.Expression, r => r.CapturedAt >= retentionCutoff) =>
        _retentionCutoff = retentionCutoff;

    /// <param name="standingRules">An expression for the store's standing rules (a query root, or a context's property).</param>
    /// <param name="withinRetention">Whether the record is inside the training retention.</param>
    private TrainingEligibility(Expression standingRules, Expression<Func<CaptureRecord, bool>> withinRetention)
    {
        _clauses =
        [
            (IneligibilityReasons.NotForTraining, r => (r.Purposes & Purposes.ModelTraining) != 0),
            (IneligibilityReasons.Deleted, r => r.DeletedAt == null),
            (IneligibilityReasons.Redacted, r => r.RedactedAt == null),
            (IneligibilityReasons.Purged, r => r.PurgedAt == null),
            (IneligibilityReasons.WithheldByRecord, r => r.TrainingChoice != TrainingChoice.Withheld),
            (IneligibilityReasons.WithheldByRule, NoActiveRuleMatches(standingRules)),
            (IneligibilityReasons.Quarantined, r => !r.HasOpenFlag),
            // A sensitive context withholds by default; the employee's own release of the record lifts it, except for a
            // password field, which no release lifts (a release recorded before that was so included).
            (IneligibilityReasons.SensitiveContext, r =>
                (r.Sensitivity & SensitivityTagsExtensions.WithholdByDefault) == 0
                || (r.TrainingChoice == TrainingChoice.Released && (r.Sensitivity & SensitivityTagsExtensions.NeverReleasable) == 0)),
            (IneligibilityReasons.OutsideRetention, withinRetention),
        ];

        var record = Expression.Parameter(typeof(CaptureRecord), "r");
        var bodies = _clauses.Select(c => ParameterRebinder.Rebind(c.Holds, record)).ToList();

        IsEligible = Expression.Lambda<Func<CaptureRecord, bool>>(bodies.Aggregate(Expression.AndAlso), record);

        var mask = _clauses.Zip(bodies, (c, body) => (Expression)Expression.Condition(
                body, Expression.Constant(0), Expression.Constant((int)c.Reason)))
            .Aggregate(Expression.Or);
        Reasons = Expression.Lambda<Func<CaptureRecord, IneligibilityReasons>>(
            Expression.Convert(mask, typeof(IneligibilityReasons)), record);
    }

    /// <summary>
    /// Records captured before this instant are outside the training retention. Known only to a rule made by
    /// <see cref="ForAsync"/> or the constructor; one made by <see cref="InStatement"/> reads it inside each statement.
    /// </summary>
    public DateTime RetentionCutoff => _retentionCutoff
        ?? throw new InvalidOperationException("This rule reads the training retention inside each statement; use TrainingEligibility.ForAsync where the instant is needed.");

    /// <summary>True iff the record may leave for training. Use in <c>Where</c>, <c>Count</c> and the export.</summary>
    public Expression<Func<CaptureRecord, bool>> IsEligible { get; }

    /// <summary>Every clause the record fails; <see cref="IneligibilityReasons.None"/> iff eligible. Use in <c>Select</c>.</summary>
    public Expression<Func<CaptureRecord, IneligibilityReasons>> Reasons { get; }

    /// <summary>True when the record fails any of the given clauses, e.g. "withheld" = record decision or standing rule.</summary>
    public Expression<Func<CaptureRecord, bool>> FailsAny(IneligibilityReasons clauses)
    {
        var record = Expression.Parameter(typeof(CaptureRecord), "r");
        var failing = _clauses.Where(c => clauses.HasFlag(c.Reason))
            .Select(c => (Expression)Expression.Not(ParameterRebinder.Rebind(c.Holds, record)))
            .ToList();
        if (failing.Count == 0)
            throw new ArgumentException("Name at least one clause.", nameof(clauses));
        return Expression.Lambda<Func<CaptureRecord, bool>>(failing.Aggregate(Expression.OrElse), record);
    }

    /// <summary>True when the record fails none of the given clauses.</summary>
    public Expression<Func<CaptureRecord, bool>> HoldsAll(IneligibilityReasons clauses)
    {
        var record = Expression.Parameter(typeof(CaptureRecord), "r");
        var holding = _clauses.Where(c => clauses.HasFlag(c.Reason))
            .Select(c => ParameterRebinder.Rebind(c.Holds, record))
            .ToList();
        if (holding.Count == 0)
            throw new ArgumentException("Name at least one clause.", nameof(clauses));
        return Expression.Lambda<Func<CaptureRecord, bool>>(holding.Aggregate(Expression.AndAlso), record);
    }

    /// <summary>
    /// A test written over a record's <see cref="TrainingFacts"/> (a training status, figure or act) as the same test
    /// on the record, for <c>Where</c> and <c>Count</c>: <see cref="TrainingFacts.Fails"/> and
    /// <see cref="TrainingFacts.Holds"/> become these clauses, and the facts' fields the record's columns.
    /// </summary>
    public Expression<Func<CaptureRecord, bool>> Over(Expression<Func<TrainingFacts, bool>> test)
    {
        var record = Expression.Parameter(typeof(CaptureRecord), "r");
        var body = new FactsOnRecord(this, test.Parameters[0], record).Visit(test.Body);
        return Expression.Lambda<Func<CaptureRecord, bool>>(body, record);
    }

    /// <summary>True when the record is not eligible (the negation of <see cref="IsEligible"/>).</summary>
    public Expression<Func<CaptureRecord, bool>> IsNotEligible =>
        Expression.Lambda<Func<CaptureRecord, bool>>(Expression.Not(IsEligible.Body), IsEligible.Parameters);

    /// <summary>
    /// A projection that also carries the record's <see cref="Reasons"/>, computed in the same SQL
    /// statement: <c>eligibility.Project((r, reasons) =&gt; new { r.Id, reasons })</c>.
    /// </summary>
    public Expression<Func<CaptureRecord, T>> Project<T>(Expression<Func<CaptureRecord, IneligibilityReasons, T>> selector)
    {
        var record = selector.Parameters[0];
        var reasons = ParameterRebinder.Rebind(Reasons, record);
        var body = new ParameterRebinder(selector.Parameters[1], reasons).Visit(selector.Body);
        return Expression.Lambda<Func<CaptureRecord, T>>(body, record);
    }

    /// <summary>The rule as of <paramref name="now"/>, with the training purpose's retention read from the store.</summary>
    public static async Task<TrainingEligibility> ForAsync(TransparencyDbContext db, DateTime now, CancellationToken ct = default)
    {
        var retentionDays = await db.Purposes
            .Where(p => p.Id == Purposes.ModelTraining)
            .Select(p => (int?)p.RetentionDays)
            .SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException("The processing register has no ModelTraining purpose.");
        return new TrainingEligibility(db.StandingRules, now.AddDays(-retentionDays));
    }

    /// <summary>
    /// The rule as of <paramref name="now"/>, with the training purpose's retention read by each statement that
    /// applies the rule (a scalar subquery on the processing register) instead of by a round trip of its own
    /// first: a read that runs one short statement, such as a page of the employee's records, then costs one
    /// round trip, and it can never apply a retention older than the register's at that statement. The
    /// clauses are the same as <see cref="ForAsync"/>'s. Should the register lack the training purpose, the
    /// retention reads as 0 days and nothing is within it (fail closed), where <see cref="ForAsync"/> throws.
    /// </summary>
    public static TrainingEligibility InStatement(TransparencyDbContext db, DateTime now)
    {
        // A box read by the expression, as a closure would be: the instant becomes the statement's parameter, not a literal.
        var at = Expression.Field(Expression.Constant(new StrongBox<DateTime>(StatementInstant(now))), nameof(StrongBox<DateTime>.Value));
        return new TrainingEligibility(db.StandingRules.AsQueryable().Expression, WithinRetention(db.Purposes.AsQueryable().Expression, at));
    }

    /// <summary>
    /// The rule inside a compiled query: the standing rules and the processing register are read through the query's
    /// context parameter <paramref name="db"/>, and the instant is its parameter <paramref name="now"/> (pass
    /// <see cref="StatementInstant"/>). The clauses and the retention are <see cref="InStatement"/>'s.
    /// </summary>
    public static TrainingEligibility InCompiledQuery(ParameterExpression db, ParameterExpression now)
    {
        if (db.Type != typeof(TransparencyDbContext) || now.Type != typeof(DateTime))
            throw new ArgumentException("Expected a TransparencyDbContext and a DateTime parameter.");
        return new TrainingEligibility(Expression.Property(db, nameof(TransparencyDbContext.StandingRules)),
            WithinRetention(Expression.Property(db, nameof(TransparencyDbContext.Purposes)), now));
    }

    /// <summary>
    /// The instant a statement applies the rule at. SQLite computes the cutoff with millisecond precision: the instant
    /// is cut to it on both stores, so they agree to the tick with each other and with ForAsync at the same instant.
    /// </summary>
    public static DateTime StatementInstant(DateTime now) => new(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    /// <summary>
    /// Captured at or after the instant less the training purpose's retention, read from the register by the statement.
    /// The retention is subtracted as hours, not days: PostgreSQL adds days to a timestamptz in the session's time zone,
    /// so across a daylight saving change a day there is 23 or 25 hours, where ForAsync's (and the register's) day is always 24.
    /// </summary>
    private static readonly Expression<Func<IQueryable<Purpose>, DateTime, CaptureRecord, bool>> RetentionRead = (register, at, r) =>
        r.CapturedAt >= at.AddHours(-24.0 * register.Where(p => p.Id == Purposes.ModelTraining).Select(p => p.RetentionDays).FirstOrDefault());

    private static Expression<Func<CaptureRecord, bool>> WithinRetention(Expression register, Expression at)
    {
        var body = new ParameterRebinder(RetentionRead.Parameters[0], register).Visit(RetentionRead.Body);
        body = new ParameterRebinder(RetentionRead.Parameters[1], at).Visit(body);
        return Expression.Lambda<Func<CaptureRecord, bool>>(body, RetentionRead.Parameters[2]);
    }

    /// <summary>Whether an active standing rule covers a record: same employee, and every criterion the rule sets matches.</summary>
    public static readonly Expression<Func<StandingRule, CaptureRecord, bool>> RuleMatches = (s, r) =>
        s.EmployeeId == r.EmployeeId && s.RemovedAt == null
        && (s.Kind == null || s.Kind == r.Kind)
        && (s.Application == null || s.Application == r.Application)
        && (s.Site == null || s.Site == r.Site)
        && (s.CapturedFrom == null || r.CapturedAt >= s.CapturedFrom)
        && (s.CapturedBefore == null || r.CapturedAt < s.CapturedBefore);

    /// <summary>The records one (already loaded or drafted) rule covers; the rule's own state (removed or not) is ignored.</summary>
    public static Expression<Func<CaptureRecord, bool>> CoveredBy(StandingRule rule)
    {
        var active = new StandingRule
        {
            EmployeeId = rule.EmployeeId, Id = rule.Id, Kind = rule.Kind, Application = rule.Application, Site = rule.Site,
            CapturedFrom = rule.CapturedFrom, CapturedBefore = rule.CapturedBefore, CreatedAt = rule.CreatedAt, RemovedAt = null,
        };
        var r = RuleMatches.Parameters[1];
        var body = new ParameterRebinder(RuleMatches.Parameters[0], Expression.Constant(active)).Visit(RuleMatches.Body);
        return Expression.Lambda<Func<CaptureRecord, bool>>(body, r);
    }

    /// <summary>The active rules that withhold one (already loaded) record: the "which rule" behind <see cref="IneligibilityReasons.WithheldByRule"/>.</summary>
    public static IQueryable<StandingRule> RulesMatching(IQueryable<StandingRule> rules, CaptureRecord record)
    {
        var s = RuleMatches.Parameters[0];
        var body = new ParameterRebinder(RuleMatches.Parameters[1], Expression.Constant(record)).Visit(RuleMatches.Body);
        return rules.Where(Expression.Lambda<Func<StandingRule, bool>>(body, s));
    }

    /// <summary>Reads of a <see cref="TrainingFacts"/> become reads of the record, each clause test this rule's own clauses.</summary>
    private sealed class FactsOnRecord(TrainingEligibility rule, ParameterExpression facts, ParameterExpression record) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Object != facts)
                return base.VisitMethodCall(node);
            // The clauses named are a value known when the test is built, never something read from the record.
            var clauses = Expression.Lambda<Func<IneligibilityReasons>>(node.Arguments[0]).Compile()();
            var test = node.Method.Name switch
            {
                nameof(TrainingFacts.Fails) => rule.FailsAny(clauses),
                nameof(TrainingFacts.Holds) => rule.HoldsAll(clauses),
                _ => throw new NotSupportedException($"TrainingFacts.{node.Method.Name} has no form in SQL."),
            };
            return ParameterRebinder.Rebind(test, record);
        }

        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression != facts ? base.VisitMember(node) : node.Member.Name switch
            {
                nameof(TrainingFacts.TrainingChoice) => Expression.Property(record, nameof(CaptureRecord.TrainingChoice)),
                nameof(TrainingFacts.Sensitivity) => Expression.Property(record, nameof(CaptureRecord.Sensitivity)),
                nameof(TrainingFacts.Reasons) => ParameterRebinder.Rebind(rule.Reasons, record),
                _ => throw new NotSupportedException($"TrainingFacts.{node.Member.Name} has no form in SQL."),
            };

        protected override Expression VisitParameter(ParameterExpression node) =>
            node == facts ? throw new NotSupportedException("A test over TrainingFacts reads it only through its members.") : node;
    }

    private static Expression<Func<CaptureRecord, bool>> NoActiveRuleMatches(Expression rules)
    {
        var r = RuleMatches.Parameters[1];
        var match = Expression.Lambda<Func<StandingRule, bool>>(RuleMatches.Body, RuleMatches.Parameters[0]);
        var any = Expression.Call(typeof(Queryable), nameof(Queryable.Any), [typeof(StandingRule)], rules, Expression.Quote(match));
        return Expression.Lambda<Func<CaptureRecord, bool>>(Expression.Not(any), r);
    }

}
