using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Transparency.Core;
using Transparency.Core.Demo;
using Transparency.Core.Employees;
using Transparency.Core.Policies;

namespace Transparency.Web.Auth;

public static class AuthSetup
{
    /// <summary>The development sign-in's cookie scheme.</summary>
    public const string DevelopmentScheme = "DevelopmentSignIn";

    /// <summary>Why sign-in cannot work as configured, or null. Start-up stops with this message.</summary>
    public static string? ConfigurationProblem(IConfiguration config, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(config["Auth:EmployeeClaim"]))
            return "Auth:EmployeeClaim is no longer read: employees are matched by the identity provider's immutable object id " +
                   "(Auth:ObjectIdClaim, default oid). Remove the setting; to link employees the directory knows only by sign-in name, " +
                   "set Auth:FirstSignInLink=SignInName.";
        var claim = config["Auth:ObjectIdClaim"];
        if (!string.IsNullOrWhiteSpace(claim) && !SignInOptions.ImmutableClaims.Contains(claim, StringComparer.Ordinal))
            return $"Auth:ObjectIdClaim '{claim}' names a claim that can be renamed or given to someone else. " +
                   "Use oid (Entra ID) or sub (another OpenID provider).";
        if (UsesEntraId(config))
        {
            var tenant = config["AzureAd:TenantId"];
            if (!Guid.TryParse(tenant, out _) && (string.IsNullOrWhiteSpace(config["AzureAd:Authority"]) || !string.IsNullOrWhiteSpace(tenant)))
                return $"AzureAd:TenantId '{tenant}' is not a tenant id. Set your organisation's tenant id (a GUID): only accounts of that tenant can sign in.";
            return null;
        }
        if (OffersDevelopmentSignIn(config, environment))
            return null;
        return "No sign-in is configured: set AzureAd:Instance, AzureAd:TenantId and AzureAd:ClientId (and AzureAd:ClientSecret). " +
               "The development sign-in is offered only in the Development environment with Demo:SignIn=true.";
    }

    /// <summary>Whether an <c>AzureAd</c> section with a client id is configured.</summary>
    public static bool UsesEntraId(IConfiguration config) => !string.IsNullOrWhiteSpace(config["AzureAd:ClientId"]);

    /// <summary>The development sign-in: only in the Development environment, only when asked for, never beside Entra ID.</summary>
    public static bool OffersDevelopmentSignIn(IConfiguration config, IHostEnvironment environment) =>
        !UsesEntraId(config) && environment.IsDevelopment() && config.GetValue("Demo:SignIn", false);

    /// <summary>
    /// Entra ID (Microsoft.Identity.Web) when <c>AzureAd:ClientId</c> is set; otherwise, in Development with
    /// <c>Demo:SignIn=true</c>, the development sign-in. Anything else registers neither, and start-up stops with
    /// <see cref="ConfigurationProblem"/>. Either way the cookie names a session in the store, and the key ring that
    /// protects cookies and forms is the store's, so every instance accepts what another made.
    /// </summary>
    public static void AddTransparencyAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.Configure<SignInOptions>(config.GetSection(SignInOptions.Section));
        var dataProtection = services.AddDataProtection().SetApplicationName("Transparency").PersistKeysToStore();
        if (config["DataProtection:CertificatePath"] is { Length: > 0 } certificate)
            dataProtection.ProtectKeysWithCertificate(
                System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(certificate, config["DataProtection:CertificatePassword"]));

        if (UsesEntraId(config))
        {
            var entra = services.AddAuthentication(OpenIdConnectDefaults.AuthenticationScheme);
            entra.AddMicrosoftIdentityWebApp(config.GetSection("AzureAd"));
            // Services may also present Entra access tokens with the Capture.Write / Training.Read app roles.
            entra.AddMicrosoftIdentityWebApi(config.GetSection("AzureAd"), JwtBearerDefaults.AuthenticationScheme);
            entra.AddServiceAuthentication(entraTokens: true);
            services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o => EntraSignIn.Configure(o, config));
            services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.AccessDeniedPath = "/access-denied";
                o.Events.OnRedirectToAccessDenied = DenyOrRedirect;
                o.Events.OnValidatePrincipal = ValidateSessionAsync;
                // The session cookie: never readable by script, never sent over plain http, not sent along when another
                // site posts to this one.
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.Lax;
            });
        }
        else if (OffersDevelopmentSignIn(config, builder.Environment))
        {
            var development = services.AddAuthentication(DevelopmentScheme);
            development.AddServiceAuthentication(entraTokens: false);
            development.AddCookie(DevelopmentScheme, o =>
                {
                    o.LoginPath = "/dev/sign-in";
                    o.AccessDeniedPath = "/access-denied";
                    o.Cookie.Name = "transparency.dev";
                    o.Cookie.HttpOnly = true;
                    o.Cookie.SameSite = SameSiteMode.Lax;
                    o.Events.OnRedirectToLogin = context =>
                    {
                        if (IsApiOrFile(context.Request))
                            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        else
                            context.Response.Redirect(context.RedirectUri);
                        return Task.CompletedTask;
                    };
                    o.Events.OnRedirectToAccessDenied = DenyOrRedirect;
                    o.Events.OnValidatePrincipal = ValidateSessionAsync;
                });
        }
        services.AddAuthorization(o => AppPolicies.Add(o, [ServiceAuthentication.SchemeName]));
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        services.AddScoped<CurrentEmployee>();
    }

    /// <summary>A cookie opens nothing once its session has ended: signed out (here or on another instance), expired, or its employee left.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var signIns = context.HttpContext.RequestServices.GetRequiredService<SignInService>();
        if (context.Principal is { } user && AppClaims.SessionOf(user) is { } session
            && await signIns.ActiveSessionAsync(session, context.HttpContext.RequestAborted) is not null)
            return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(context.Scheme.Name);
    }

    private static Task DenyOrRedirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApiOrFile(context.Request))
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>API and file-download paths (and downloads beside a page, such as a report's .csv): these answer 401/403 instead of redirecting to a page.</summary>
    public static bool IsApiOrFile(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/files")
        || Path.GetExtension(request.Path.Value) is ".csv" or ".pdf";

    /// <summary>Sign-in and sign-out endpoints for both sign-in modes.</summary>
    public static void MapTransparencyAuth(this WebApplication app)
    {
        if (UsesEntraId(app.Configuration))
        {
            app.MapGet("/sign-in", (string? returnUrl) =>
                    Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]))
                .AllowAnonymous();
            app.MapPost("/sign-out", async (HttpContext http, IAntiforgery antiforgery, SignInService signIns) =>
                {
                    // Another site must not be able to sign a user out: the sign-out form carries the antiforgery token.
                    if (!await antiforgery.IsRequestValidAsync(http))
                        return Results.BadRequest();
                    if (http.User.Identity?.IsAuthenticated != true)
                        return Results.LocalRedirect("/signed-out");
                    await EndSessionAsync(http, signIns);
                    // The cookie goes here, the provider's session at its end-session endpoint, which sends the browser back to /signed-out.
                    return Results.SignOut(new AuthenticationProperties { RedirectUri = "/signed-out" },
                        [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
                })
                .AllowAnonymous();
            return;
        }

        app.MapGet("/sign-in", (string? returnUrl) => Results.Redirect($"/dev/sign-in?returnUrl={Uri.EscapeDataString(LocalOrHome(returnUrl))}"))
            .AllowAnonymous();
        app.MapPost("/dev/sign-in", async ([FromForm] string? user, [FromForm] string? employeeId, [FromForm] string? returnUrl, EmployeeDirectory directory,
                SignInService signIns, IOptions<SignInOptions> options, HttpContext http) =>
            {
                // Any employee of the store, by id, with the employee role only: a generated organisation has thousands, and
                // trying the app as one of them (or putting many of them on it at once) needs no demo user.
                if (string.IsNullOrEmpty(user) && !string.IsNullOrWhiteSpace(employeeId))
                {
                    var someone = employeeId.Length <= 64 ? await directory.FindAsync(new EmployeeId(employeeId.Trim()), http.RequestAborted) : null;
                    if (someone is null)
                        return Results.Redirect($"/dev/sign-in?error=unknown-employee&returnUrl={Uri.EscapeDataString(LocalOrHome(returnUrl))}");
                    var employeeRoles = AppClaims.KnownRoles([Roles.Employee]);
                    var employeeAccount = $"development/employee/{someone.Id.Value}";
                    var employeeSession = await signIns.StartSessionAsync(employeeAccount, someone.Id, employeeRoles, options.Value.SessionLifetime, http.RequestAborted);
                    await http.SignInAsync(DevelopmentScheme, AppClaims.Principal(DevelopmentScheme, someone.DisplayName, employeeAccount, employeeSession,
                        new SignInMatch(AccountStatus.Linked, someone), employeeRoles));
                    return Results.LocalRedirect(LocalOrHome(returnUrl));
                }
                var demoUser = DemoUsers.All.FirstOrDefault(u => u.SignInIdentity == user);
                var employee = demoUser is null ? null : await directory.FindBySignInAsync(demoUser.SignInIdentity, http.RequestAborted);
                if (demoUser is null || employee is null)
                    return Results.Redirect($"/dev/sign-in?error=unknown-user&returnUrl={Uri.EscapeDataString(LocalOrHome(returnUrl))}");
                var roles = AppClaims.KnownRoles(demoUser.Roles);
                var account = $"development/{demoUser.SignInIdentity}";
                var session = await signIns.StartSessionAsync(account, employee.Id, roles, options.Value.SessionLifetime, http.RequestAborted);
                await http.SignInAsync(DevelopmentScheme,
                    AppClaims.Principal(DevelopmentScheme, demoUser.DisplayName, account, session, new SignInMatch(AccountStatus.Linked, employee), roles));
                return Results.LocalRedirect(LocalOrHome(returnUrl));
            })
            .AllowAnonymous();
        app.MapPost("/sign-out", async (HttpContext http, IAntiforgery antiforgery, SignInService signIns) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest();
            await EndSessionAsync(http, signIns);
            await http.SignOutAsync(DevelopmentScheme);
            return Results.LocalRedirect("/");
        });
    }

    private static async Task EndSessionAsync(HttpContext http, SignInService signIns)
    {
        if (AppClaims.SessionOf(http.User) is { } session)
            await signIns.EndSessionAsync(session, "signed-out", http.RequestAborted);
    }

    /// <summary>
    /// A return address inside the app, or the home page. Browsers drop tabs and line breaks from a URL and read a
    /// backslash as a slash, so <c>/%09/evil.example</c> or <c>/\evil.example</c> would leave the site: anything but a
    /// plain path on this host goes home.
    /// </summary>
    public static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.Length <= 2048 && returnUrl[0] == '/'
        && (returnUrl.Length == 1 || returnUrl[1] is not ('/' or '\\'))
        && !returnUrl.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\')
            ? returnUrl
            : "/";
}
