using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Transparency.Core.Employees;
using Transparency.Core.Policies;

namespace Transparency.Web.Auth;

/// <summary>
/// The one place where the signed-in user becomes an <see cref="EmployeeId"/>: the employee the account was matched
/// to, by object id, when it signed in. Pages and endpoints ask it once and pass the id to Core; nothing else reads
/// the identity's claims.
/// </summary>
public sealed class CurrentEmployee(EmployeeDirectory directory, AuthenticationStateProvider? authState = null)
{
    private EmployeeProfile? _profile;
    private bool _resolved;

    /// <summary>The employee the given user signed in as, or null when the account is linked to no employee.</summary>
    public async Task<EmployeeProfile?> FromAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var id = user.FindFirst(AppClaims.EmployeeId)?.Value;
        if (user.Identity?.IsAuthenticated != true || string.IsNullOrWhiteSpace(id))
            return null;
        return await directory.FindAsync(new EmployeeId(id), ct);
    }

    /// <summary>The signed-in employee of the current circuit (components only).</summary>
    public async Task<EmployeeProfile?> GetAsync(CancellationToken ct = default)
    {
        if (_resolved)
            return _profile;
        if (authState is null)
            throw new InvalidOperationException("CurrentEmployee.GetAsync is for components; endpoints call FromAsync(HttpContext.User).");
        var state = await authState.GetAuthenticationStateAsync();
        _profile = await FromAsync(state.User, ct);
        _resolved = true;
        return _profile;
    }
}
