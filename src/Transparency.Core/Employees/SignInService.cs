using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;

namespace Transparency.Core.Employees;

/// <summary>How a signed-in account relates to the employee directory.</summary>
public enum AccountStatus
{
    /// <summary>The account is an employee's: their data is shown to them.</summary>
    Linked,

    /// <summary>No employee has this account's object id: nothing is shown.</summary>
    NotLinked,

    /// <summary>The account's employee has left: they can no longer sign in; their rights go through HR.</summary>
    Left,
}

/// <summary>The outcome of matching a sign-in to the directory.</summary>
public sealed record SignInMatch(AccountStatus Status, EmployeeProfile? Employee, DateOnly? LeftOn = null);

/// <summary>Whether a session still opens anything, and for whom.</summary>
public sealed record SessionState(Guid Id, string? EmployeeId, IReadOnlyList<string> Roles);

/// <summary>
/// Who a sign-in is, and whether it still counts. An account is matched to an employee by the identity
/// provider's immutable object id only — a sign-in name can be renamed or handed to someone else, so it links an
/// employee at most once, on their first sign-in, and only where the operator asked for that. Each browser
/// sign-in is a session in the store, so a sign-out, a leaver or a reduced role set ends it on every instance.
/// </summary>
public sealed class SignInService(IDbContextFactory<TransparencyDbContext> contexts, TimeProvider clock, ILogger<SignInService> logger)
{
    /// <summary>
    /// The employee an identity-provider account belongs to. With <paramref name="linkBySignInName"/>, an employee
    /// not yet linked to any object id, whose sign-in name equals <paramref name="signInName"/>, is linked to this
    /// object id now and matched by it from then on; a name already linked to another object id never matches.
    /// </summary>
    public async Task<SignInMatch> MatchAsync(string objectId, string? signInName, bool linkBySignInName, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(objectId);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var employee = await db.Employees.Include(e => e.OrgUnit).SingleOrDefaultAsync(e => e.ObjectId == objectId, ct);
        if (employee is null && linkBySignInName && !string.IsNullOrWhiteSpace(signInName))
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var candidates = await db.Employees.Include(e => e.OrgUnit)
                .Where(e => e.SignInIdentity == signInName && e.ObjectId == null && (e.LeavesOn == null || e.LeavesOn >= today))
                .Take(2)
                .ToListAsync(ct);
            if (candidates.Count == 1)
            {
                employee = candidates[0];
                employee.ObjectId = objectId;
                await db.SaveChangesAsync(ct);
                logger.LogInformation("Linked employee {EmployeeId} to object id {ObjectId} on their first sign-in as {SignInName}.",
                    employee.Id, objectId, signInName);
            }
            else if (candidates.Count > 1)
                logger.LogWarning("Sign-in name {SignInName} belongs to more than one unlinked employee; object id {ObjectId} was linked to none.",
                    signInName, objectId);
        }
        if (employee is null)
        {
            logger.LogWarning("Signed-in account {ObjectId} ({SignInName}) is not linked to an employee record.", objectId, signInName);
            return new SignInMatch(AccountStatus.NotLinked, null);
        }
        if (Employee.HasLeft(employee.LeavesOn, clock.GetUtcNow().UtcDateTime))
        {
            logger.LogWarning("Employee {EmployeeId}, who left on {LeftOn}, tried to sign in.", employee.Id, employee.LeavesOn);
            return new SignInMatch(AccountStatus.Left, null, employee.LeavesOn);
        }
        return new SignInMatch(AccountStatus.Linked, new EmployeeProfile(new EmployeeId(employee.Id), employee.DisplayName, employee.OrgUnit!.Name));
    }

    /// <summary>
    /// Starts a session for a sign-in. The newest sign-in tells the account's roles: the account's open sessions
    /// holding a role this sign-in no longer carries are ended, so a withdrawn role closes them too.
    /// </summary>
    public async Task<Guid> StartSessionAsync(string account, EmployeeId? employee, IReadOnlyCollection<string> roles, TimeSpan lifetime,
        CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new UserSession
        {
            Id = Guid.NewGuid(), Account = account, EmployeeId = employee?.Value, Roles = string.Join(' ', roles.Order(StringComparer.Ordinal)),
            StartedAt = now, ExpiresAt = now + lifetime,
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        var open = await db.UserSessions.Where(s => s.Account == account && s.EndedAt == null && s.ExpiresAt > now).ToListAsync(ct);
        foreach (var older in open.Where(s => s.Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries).Except(roles).Any()))
            (older.EndedAt, older.EndReason) = (now, "roles-changed");
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    /// <summary>The session if it is still open: not signed out, not expired, and its employee has not left; otherwise null.</summary>
    public async Task<SessionState?> ActiveSessionAsync(Guid sessionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var session = await db.UserSessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.EndedAt == null && s.ExpiresAt > now)
            .Select(s => new { s.Id, s.EmployeeId, s.Roles, LeavesOn = db.Employees.Where(e => e.Id == s.EmployeeId).Select(e => e.LeavesOn).FirstOrDefault() })
            .SingleOrDefaultAsync(ct);
        if (session is null || Employee.HasLeft(session.LeavesOn, now))
            return null;
        return new SessionState(session.Id, session.EmployeeId, session.Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Ends a session (sign-out): its cookie opens nothing anywhere from now on.</summary>
    public async Task EndSessionAsync(Guid sessionId, string reason, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason), ct);
    }
}
