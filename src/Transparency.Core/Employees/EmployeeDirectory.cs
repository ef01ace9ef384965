using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Employees;

/// <summary>An employee as the app shows them to themselves.</summary>
public sealed record EmployeeProfile(EmployeeId Id, string DisplayName, string OrgUnitName);

/// <summary>An employee as HR finds them in the directory: no data beyond who they are and where they work.</summary>
public sealed record DirectoryListing(EmployeeId Id, string DisplayName, string OrgUnitName, DateOnly? LeavesOn);

public sealed record DirectoryPage(IReadOnlyList<DirectoryListing> Entries, int Total);

/// <summary>Employees as the signed-in person, the development sign-in and HR look them up.</summary>
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

    public const int MaxPageSize = 100;

    /// <summary>
    /// The directory for HR, by name: employees whose name, id or org unit contains <paramref name="text"/> (any case), a page at a time.
    /// </summary>
    public async Task<DirectoryPage> SearchAsync(string? text, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.Employees.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var pattern = "%" + text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").ToLowerInvariant() + "%";
            query = query.Where(e => EF.Functions.Like(e.DisplayName.ToLower(), pattern, "\\")
                                     || EF.Functions.Like(e.Id.ToLower(), pattern, "\\")
                                     || EF.Functions.Like(e.OrgUnit!.Name.ToLower(), pattern, "\\"));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(e => e.DisplayName).ThenBy(e => e.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize))
            .Select(e => new { e.Id, e.DisplayName, OrgUnit = e.OrgUnit!.Name, e.LeavesOn })
            .ToListAsync(ct);
        return new DirectoryPage(rows.Select(r => new DirectoryListing(new EmployeeId(r.Id), r.DisplayName, r.OrgUnit, r.LeavesOn)).ToList(), total);
    }
}
