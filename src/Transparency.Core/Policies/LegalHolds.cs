using System.Linq.Expressions;
using Transparency.Core.EventStore;

namespace Transparency.Core.Policies;

/// <summary>
/// DESIGN rule 3: an active legal hold blocks deletion and retention purge of the records it covers
/// (all of its employee's records, or those captured in its period). Deletion, purge and the record
/// page all ask here.
/// </summary>
public static class LegalHolds
{
    /// <summary>Whether an active hold covers a record.</summary>
    public static readonly Expression<Func<LegalHold, CaptureRecord, bool>> HoldCovers = (h, r) =>
        h.EmployeeId == r.EmployeeId && h.LiftedAt == null
        && (h.CapturedFrom == null || r.CapturedAt >= h.CapturedFrom)
        && (h.CapturedBefore == null || r.CapturedAt < h.CapturedBefore);

    /// <summary>True when an active hold of the record's employee covers the record.</summary>
    public static Expression<Func<CaptureRecord, bool>> Covers(IQueryable<LegalHold> holds)
    {
        var r = HoldCovers.Parameters[1];
        var match = Expression.Lambda<Func<LegalHold, bool>>(HoldCovers.Body, HoldCovers.Parameters[0]);
        var any = Expression.Call(typeof(Queryable), nameof(Queryable.Any), [typeof(LegalHold)], holds.Expression, Expression.Quote(match));
        return Expression.Lambda<Func<CaptureRecord, bool>>(any, r);
    }

    /// <summary>True when no active hold covers the record.</summary>
    public static Expression<Func<CaptureRecord, bool>> Free(IQueryable<LegalHold> holds)
    {
        var covers = Covers(holds);
        return Expression.Lambda<Func<CaptureRecord, bool>>(Expression.Not(covers.Body), covers.Parameters);
    }

    /// <summary>The active holds covering one (already loaded) record.</summary>
    public static IQueryable<LegalHold> Covering(IQueryable<LegalHold> holds, CaptureRecord record)
    {
        var body = new Substitute(HoldCovers.Parameters[1], Expression.Constant(record)).Visit(HoldCovers.Body);
        return holds.Where(Expression.Lambda<Func<LegalHold, bool>>(body, HoldCovers.Parameters[0]));
    }

    private sealed class Substitute(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
