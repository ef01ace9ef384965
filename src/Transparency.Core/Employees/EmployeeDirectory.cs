using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Employees;

/// <summary>An employee as the app shows them to themselves.</summary>
public sealed record EmployeeProfile(EmployeeId Id, string DisplayName, string OrgUnitName);

/// <summary>Employees as the signed-in person and the development sign-in look them up.</summary>
public sealed class EmployeeDirectory(IDbContextFactory<TransparencyDbContext> contexts)
{
    /// <summary>
    /// The employee the development sign-in names, by sign-in name. Only the development sign-in may use a name: the
    /// production sign-in matches object ids (<see cref="SignInService"/>).
    /// </summary>
    public Task<EmployeeProfile?> FindBySignInAsync(string signInIdentity, CancellationToken ct = default) =>
        FirstAsync(e => e.SignInIdentity == signInIdentity, ct);

    /// <summary>The employee with this id, or null when there is none (a session that outlived its employee record).</summary>
    public Task<EmployeeProfile?> FindAsync(EmployeeId id, CancellationToken ct = default) =>
        FirstAsync(e => e.Id == id.Value, ct);

    private async Task<EmployeeProfile?> FirstAsync(System.Linq.Expressions.Expression<Func<Employee, bool>> which, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Employees.AsNoTracking()
            .Where(which)
            .Select(e => new { e.Id, e.DisplayName, OrgUnit = e.OrgUnit!.Name })
            .AsAsyncEnumerable()
            .Select(e => new EmployeeProfile(new EmployeeId(e.Id), e.DisplayName, e.OrgUnit))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Which of the given sign-in identities exist in the store (the development sign-in lists only those).</summary>
    public async Task<IReadOnlySet<string>> ExistingSignInsAsync(IEnumerable<string> signInIdentities, CancellationToken ct = default)
    {
        var wanted = signInIdentities.ToList();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var found = await db.Employees.Where(e => wanted.Contains(e.SignInIdentity)).Select(e => e.SignInIdentity).ToListAsync(ct);
        return found.ToHashSet();
    }
}
