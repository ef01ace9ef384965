using System.Linq.Expressions;

namespace Transparency.Core.Policies;

/// <summary>
/// Puts an expression where a lambda's parameter stood: how the rules' clauses, written once as lambdas, are
/// combined into one statement and bound to a query's own record, values or parameters.
/// </summary>
internal sealed class ParameterRebinder(ParameterExpression from, Expression to) : ExpressionVisitor
{
    /// <summary>The lambda's body with its first parameter replaced by <paramref name="to"/>.</summary>
    public static Expression Rebind(LambdaExpression lambda, Expression to) =>
        new ParameterRebinder(lambda.Parameters[0], to).Visit(lambda.Body);

    /// <summary><paramref name="body"/> with <paramref name="from"/> replaced by <paramref name="to"/>.</summary>
    public static Expression Replace(Expression body, ParameterExpression from, Expression to) =>
        new ParameterRebinder(from, to).Visit(body);

    protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
}
