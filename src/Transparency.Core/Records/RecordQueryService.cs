using System.Collections.Concurrent;
using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Transparency.Core.Rollups;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Records;

/// <summary>The position after the last row of a page: newest first, id breaks ties.</summary>
public sealed record RecordCursor(DateTime CapturedAt, Guid Id)
{
    public string Encode() => $"{CapturedAt.Ticks.ToString(CultureInfo.InvariantCulture)}_{Id:N}";

    public static RecordCursor? TryDecode(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        var parts = text.Split('_');
        return parts.Length == 2
               && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
               && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks
               && Guid.TryParseExact(parts[1], "N", out var id)
            ? new RecordCursor(new DateTime(ticks, DateTimeKind.Utc), id)
            : null;
    }
}

/// <summary>One row of the employee's record list: metadata and state, never content.</summary>
public sealed record RecordRow(
    Guid Id,
    DateTime CapturedAt,
    CaptureKind Kind,
    string? Application,
    string? Site,
    string? Summary,
    Purposes Purposes,
    SensitivityTags Sensitivity,
    TrainingChoice TrainingChoice,
    bool HasOpenFlag,
    DateTime? DeletedAt,
    DateTime? RedactedAt,
    DateTime? PurgedAt,
    IneligibilityReasons Reasons)
{
    public bool Eligible => Reasons == IneligibilityReasons.None;
    public bool ContentErased => DeletedAt is not null || RedactedAt is not null || PurgedAt is not null;

    /// <summary>Deleted or purged: only the <see cref="Tombstone"/> is left, no context, purposes or training state.</summary>
    public bool IsTombstone => DeletedAt is not null || PurgedAt is not null;
    public bool Withheld => (Reasons & (IneligibilityReasons.WithheldByRecord | IneligibilityReasons.WithheldByRule)) != 0;

    /// <summary>What its chip says: <see cref="TrainingStatusRule.Of"/>.</summary>
    public TrainingStatus Status => TrainingStatusRule.Of(Reasons);

    /// <summary>The state its training status and the acts on it are read from.</summary>
    public TrainingFacts TrainingFacts => new(Reasons, TrainingChoice, Sensitivity);
}

public sealed record RecordPage(IReadOnlyList<RecordRow> Rows, RecordCursor? Next);

/// <summary>Counts for one filter, computed by the database from the same filter as the page.</summary>
public sealed record RecordCounts(int Total, int Eligible, int Withheld, int Quarantined, int Deleted)
{
    /// <summary>Adds up counts grouped by the eligibility rule's reasons, each record in the figures <see cref="TrainingFigure"/> counts it in.</summary>
    public static RecordCounts Tally(IEnumerable<(IneligibilityReasons Reasons, int Count)> groups) =>
        Of(groups.Aggregate(default(SummaryFigures), (sum, g) => sum + SummaryFigures.Of(g.Reasons, g.Count)));

    private static RecordCounts Of(SummaryFigures f) => new(f.Records, f.Eligible, f.Withheld, f.Quarantined, f.Deleted);
}

/// <summary>The applications and sites an employee's records were captured in (for filter choices).</summary>
public sealed record RecordFacets(IReadOnlyList<string> Applications, IReadOnlyList<string> Sites);

/// <summary>Reads an employee's own records: keyset pages, counts and filter choices.</summary>
public sealed class RecordQueryService(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock)
{
    public const int MaxPageSize = 500;

    /// <summary>
    /// One page of the employee's records matching the filter, newest first. Keyset paging on
    /// (employee_id, captured_at, id): every page costs the same, however deep.
    /// </summary>
    public async Task<RecordPage> PageAsync(EmployeeId employee, RecordFilter filter, RecordCursor? after, int size, CancellationToken ct = default)
    {
        size = Math.Clamp(size, 1, MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(ct);
        // The retention is read by the page's own statement: one round trip per page, not two.
        var now = TrainingEligibility.StatementInstant(clock.GetUtcNow().UtcDateTime);
        var page = Pages.GetOrAdd((db.Model, db.Database.IsNpgsql(), filter.Training), static key => CompilePage(key.Npgsql, key.Training));
        var c = Criteria.Of(filter);
        var rows = new List<RecordRow>(size + 1);
        await foreach (var row in page(db, employee.Value, now, c.Kinds, c.Purposes, c.Application, c.Site, c.Start, c.End, c.Flagged, c.Deleted,
                           c.Pattern, after?.CapturedAt, after?.Id, size + 1).WithCancellation(ct))
            rows.Add(row);

        var next = rows.Count > size ? new RecordCursor(rows[size - 1].CapturedAt, rows[size - 1].Id) : null;
        return new RecordPage(rows.Take(size).ToList(), next);
    }

    /// <summary>How many of the employee's records match the filter, and their training status.</summary>
    public async Task<RecordCounts> CountAsync(EmployeeId employee, RecordFilter filter, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var eligibility = TrainingEligibility.InStatement(db, clock.GetUtcNow().UtcDateTime);
        var groups = await Matching(db, employee, filter, eligibility)
            .Select(eligibility.Project((CaptureRecord r, IneligibilityReasons reasons) => new { Reasons = reasons }))
            .GroupBy(x => x.Reasons)
            .Select(g => new { Reasons = g.Key, Count = g.Count() })
            .ToListAsync(ct);

        return RecordCounts.Tally(groups.Select(g => (g.Reasons, g.Count)));
    }

    /// <summary>The distinct applications and sites among the employee's records.</summary>
    public async Task<RecordFacets> FacetsAsync(EmployeeId employee, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var applications = await db.RecordsOf(employee).Where(r => r.Application != null).Select(r => r.Application!).Distinct().OrderBy(a => a).ToListAsync(ct);
        var sites = await db.RecordsOf(employee).Where(r => r.Site != null).Select(r => r.Site!).Distinct().OrderBy(s => s).ToListAsync(ct);
        return new RecordFacets(applications, sites);
    }

    /// <summary>
    /// The employee's records matching a filter. The one translation of <see cref="RecordFilter"/> into
    /// SQL (<see cref="CriteriaHold"/> and <see cref="TrainingStatusHolds"/>): pages, counts and bulk acts all
    /// start here, so they always agree on what "matching" means.
    /// </summary>
    public static IQueryable<CaptureRecord> Matching(TransparencyDbContext db, EmployeeId employee, RecordFilter filter, TrainingEligibility eligibility)
    {
        // The criteria's values are read from a constant, as a closure's are: each becomes a parameter of the statement.
        var criteria = Expression.Constant(Criteria.Of(filter));
        var holds = CriteriaHold(db.Database.IsNpgsql());
        var query = db.RecordsOf(employee)
            .Where(Expression.Lambda<Func<CaptureRecord, bool>>(Rebind(holds.Body, holds.Parameters[1], criteria), holds.Parameters[0]));
        return TrainingStatusHolds(filter.Training, eligibility) is { } status ? query.Where(status) : query;
    }

    /// <summary>
    /// A filter's values, one per criterion, each null where the filter leaves the criterion open. They are the
    /// parameters of the statement that applies the filter; EF leaves a criterion whose value is null out of the
    /// SQL it sends (its cached SQL is keyed on which parameters are null), so each shape of filter is a plain statement.
    /// </summary>
    private sealed record Criteria(
        CaptureKind[]? Kinds, Purposes? Purposes, string? Application, string? Site, DateTime? Start, DateTime? End,
        bool? Flagged, bool? Deleted, string? Pattern)
    {
        public static Criteria Of(RecordFilter filter) => new(
            filter.Kinds.Count > 0 ? filter.Kinds.ToArray() : null,
            filter.Purposes != EventStore.Purposes.None ? filter.Purposes : null,
            string.IsNullOrEmpty(filter.Application) ? null : filter.Application,
            string.IsNullOrEmpty(filter.Site) ? null : filter.Site,
            filter.From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            // The last day there is has no next day to end before: it leaves the end open.
            filter.To is { } to && to < DateOnly.MaxValue ? to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : null,
            filter.Flagged,
            filter.Deleted,
            string.IsNullOrWhiteSpace(filter.Text) ? null : "%" + EscapeLike(filter.Text.Trim()) + "%");
    }

    /// <summary>Every criterion of a filter but its training status, over the record and the filter's values.</summary>
    private static Expression<Func<CaptureRecord, Criteria, bool>> CriteriaHold(bool npgsql) => npgsql ? NpgsqlCriteria : SqliteCriteria;

    private static readonly Expression<Func<CaptureRecord, Criteria, bool>> NpgsqlCriteria = WithText((r, c) => EF.Functions.ILike(r.Summary!, c.Pattern!, "\\"));

    // SQLite's LIKE ignores case (for ASCII letters) by itself.
    private static readonly Expression<Func<CaptureRecord, Criteria, bool>> SqliteCriteria = WithText((r, c) => EF.Functions.Like(r.Summary!, c.Pattern!, "\\"));

    private static Expression<Func<CaptureRecord, Criteria, bool>> WithText(Expression<Func<CaptureRecord, Criteria, bool>> textMatches)
    {
        Expression<Func<CaptureRecord, Criteria, bool>> others = (r, c) =>
            (c.Kinds == null || c.Kinds.Contains(r.Kind))
            && (c.Purposes == null || (r.Purposes & c.Purposes.Value) != 0)
            && (c.Application == null || r.Application == c.Application)
            && (c.Site == null || r.Site == c.Site)
            && (c.Start == null || r.CapturedAt >= c.Start.Value)
            && (c.End == null || r.CapturedAt < c.End.Value)
            && (c.Flagged == null || r.HasOpenFlag == c.Flagged.Value)
            && (c.Deleted == null || (r.DeletedAt != null) == c.Deleted.Value);
        var (record, criteria) = (others.Parameters[0], others.Parameters[1]);
        var text = Rebind(Rebind(textMatches.Body, textMatches.Parameters[0], record), textMatches.Parameters[1], criteria);
        var pattern = Expression.Property(criteria, nameof(Criteria.Pattern));
        return Expression.Lambda<Func<CaptureRecord, Criteria, bool>>(
            Expression.AndAlso(others.Body, Expression.OrElse(Expression.Equal(pattern, Expression.Constant(null, typeof(string))), text)),
            record, criteria);
    }

    /// <summary>The training status a filter asks for, or null for any: the records its figure counts, so a filter lists what its count says.</summary>
    private static Expression<Func<CaptureRecord, bool>>? TrainingStatusHolds(TrainingStatusFilter training, TrainingEligibility eligibility) =>
        FigureOf(training) is { } figure ? eligibility.Over(TrainingStatusRule.CountedIn(figure)) : null;

    /// <summary>The figure a training filter lists, or null for any.</summary>
    private static TrainingFigure? FigureOf(TrainingStatusFilter training) => training switch
    {
        TrainingStatusFilter.Eligible => TrainingFigure.Eligible,
        TrainingStatusFilter.NotEligible => TrainingFigure.NotEligible,
        TrainingStatusFilter.Withheld => TrainingFigure.Withheld,
        TrainingStatusFilter.Quarantined => TrainingFigure.Quarantined,
        _ => null,
    };

    /// <summary>
    /// The page's statement for one store and one training status, compiled once: a page is the statement run with
    /// the filter's values, not a query tree built, looked up in EF's cache and bound again on every call (a third
    /// of a page's time; docs/benchmarks.md). A compiled query belongs to the model it was compiled against: an app has one
    /// model per store, but a process hosting several (the test suite's apps and stores) needs one statement for each.
    /// </summary>
    private static readonly ConcurrentDictionary<(IModel Model, bool Npgsql, TrainingStatusFilter Training), PageQuery> Pages = new();

    private delegate IAsyncEnumerable<RecordRow> PageQuery(TransparencyDbContext db, string employee, DateTime now,
        CaptureKind[]? kinds, Purposes? purposes, string? application, string? site, DateTime? start, DateTime? end, bool? flagged, bool? deleted,
        string? pattern, DateTime? afterAt, Guid? afterId, int take);

    /// <summary>Newest first; after the cursor, when there is one. The first bound alone lets the store start its index range at the cursor.</summary>
    private static readonly Expression<Func<CaptureRecord, DateTime?, Guid?, bool>> Before = (r, at, id) =>
        at == null || (r.CapturedAt <= at.Value && (r.CapturedAt < at.Value || (r.CapturedAt == at.Value && r.Id.CompareTo(id!.Value) < 0)));

    private static PageQuery CompilePage(bool npgsql, TrainingStatusFilter training)
    {
        var db = Expression.Parameter(typeof(TransparencyDbContext), "db");
        var employee = Expression.Parameter(typeof(string), "employee");
        var now = Expression.Parameter(typeof(DateTime), "now");
        var values = typeof(Criteria).GetConstructors().Single().GetParameters()
            .Select(p => Expression.Parameter(p.ParameterType, p.Name)).ToArray();
        var afterAt = Expression.Parameter(typeof(DateTime?), "afterAt");
        var afterId = Expression.Parameter(typeof(Guid?), "afterId");
        var take = Expression.Parameter(typeof(int), "take");
        var eligibility = TrainingEligibility.InCompiledQuery(db, now);

        // The criteria over the compiled query's own parameters, one per value.
        var holds = CriteriaHold(npgsql);
        var criteria = new CriteriaToParameters(holds.Parameters[1], values).Visit(holds.Body);
        var record = holds.Parameters[0];
        Expression<Func<CaptureRecord, string, bool>> own = (r, e) => r.EmployeeId == e;
        var predicates = new List<Expression>
        {
            Rebind(Rebind(own.Body, own.Parameters[0], record), own.Parameters[1], employee),
            criteria,
            Rebind(Rebind(Rebind(Before.Body, Before.Parameters[0], record), Before.Parameters[1], afterAt), Before.Parameters[2], afterId),
        };
        if (TrainingStatusHolds(training, eligibility) is { } status)
            predicates.Add(Rebind(status.Body, status.Parameters[0], record));

        Expression query = Expression.Property(db, nameof(TransparencyDbContext.CaptureRecords));
        query = Call(nameof(Queryable.Where), query, Expression.Lambda(predicates.Aggregate(Expression.AndAlso), record));
        Expression<Func<CaptureRecord, DateTime>> capturedAt = r => r.CapturedAt;
        Expression<Func<CaptureRecord, Guid>> id = r => r.Id;
        query = Call(nameof(Queryable.OrderByDescending), query, capturedAt);
        query = Call(nameof(Queryable.ThenByDescending), query, id);
        query = Expression.Call(typeof(Queryable), nameof(Queryable.Take), [typeof(CaptureRecord)], query, take);
        query = Call(nameof(Queryable.Select), query, eligibility.Project((CaptureRecord r, IneligibilityReasons reasons) => new RecordRow(
            r.Id, r.CapturedAt, r.Kind, r.Application, r.Site, r.Summary, r.Purposes, r.Sensitivity, r.TrainingChoice,
            r.HasOpenFlag, r.DeletedAt, r.RedactedAt, r.PurgedAt, reasons)));

        var lambda = Expression.Lambda<Func<TransparencyDbContext, string, DateTime, CaptureKind[]?, Purposes?, string?, string?, DateTime?, DateTime?,
            bool?, bool?, string?, DateTime?, Guid?, int, IQueryable<RecordRow>>>(query, [db, employee, now, .. values, afterAt, afterId, take]);
        var compiled = EF.CompileAsyncQuery(lambda);
        return (context, e, n, kinds, purposes, application, site, start, end, flagged, deleted, pattern, at, after, size) =>
            compiled(context, e, n, kinds, purposes, application, site, start, end, flagged, deleted, pattern, at, after, size);
    }

    /// <summary>A Queryable method taking one lambda (Where, OrderBy, Select …), its type arguments read from the lambda.</summary>
    private static MethodCallExpression Call(string method, Expression source, LambdaExpression lambda) =>
        Expression.Call(typeof(Queryable), method,
            method == nameof(Queryable.Where) ? [lambda.Parameters[0].Type] : [lambda.Parameters[0].Type, lambda.ReturnType],
            source, Expression.Quote(lambda));

    private static Expression Rebind(Expression body, ParameterExpression from, Expression to) => ParameterRebinder.Replace(body, from, to);

    /// <summary>Reads of the filter's values (<c>c.Kinds</c>, …) become the compiled query's parameters of the same names.</summary>
    private sealed class CriteriaToParameters(ParameterExpression criteria, IReadOnlyList<ParameterExpression> parameters) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression == criteria
                ? parameters.Single(p => string.Equals(p.Name, node.Member.Name, StringComparison.OrdinalIgnoreCase))
                : base.VisitMember(node);

        protected override Expression VisitParameter(ParameterExpression node) =>
            node == criteria ? throw new InvalidOperationException("The criteria are read only through their values.") : node;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
