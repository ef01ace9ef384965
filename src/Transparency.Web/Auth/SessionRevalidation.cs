using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;
using Transparency.Core.Employees;

namespace Transparency.Web.Auth;

/// <summary>
/// An open page follows its sign-in: every <see cref="SignInOptions.RevalidationInterval"/> the circuit checks that its
/// session still stands. Signed out in another tab, a role withdrawn at a later sign-in, or an employee who has left:
/// the circuit becomes anonymous and the page sends the browser to sign in again.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggers, SignInService signIns, IOptions<SignInOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct) =>
        AppClaims.SessionOf(state.User) is { } session && await signIns.ActiveSessionAsync(session, ct) is not null;
}
