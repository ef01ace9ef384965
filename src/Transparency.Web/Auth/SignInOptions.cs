namespace Transparency.Web.Auth;

/// <summary>How a sign-in becomes an employee (<c>Auth:*</c>).</summary>
public sealed class SignInOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// The token claim holding the account's immutable object id: <c>oid</c> (Entra ID, the default) or <c>sub</c>
    /// (another OpenID provider, whose subject is never reassigned). Names and e-mail addresses change hands and are refused.
    /// </summary>
    public string ObjectIdClaim { get; set; } = "oid";

    /// <summary>
    /// <c>None</c> (default): an employee signs in only once the directory knows their object id.
    /// <c>SignInName</c>: an employee the directory knows without an object id is linked, on their first sign-in, to the
    /// account whose <c>preferred_username</c> equals their sign-in name; from then on only the object id counts.
    /// </summary>
    public FirstSignInLink FirstSignInLink { get; set; } = FirstSignInLink.None;

    /// <summary>
    /// How long a sign-in lasts before the browser goes back to the identity provider (silently while the provider's own
    /// session lasts). It bounds how long a role withdrawn at the provider still opens pages: the app learns roles only
    /// from a sign-in.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often an open page checks that its sign-in still stands (signed out elsewhere, role withdrawn, employee left).</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Claims that identify an account immutably; anything else is a name someone can be given.</summary>
    public static readonly string[] ImmutableClaims = ["oid", "sub"];
}

public enum FirstSignInLink
{
    None,
    SignInName,
}
