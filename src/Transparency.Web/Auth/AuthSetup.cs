using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Identity.Web;
using Transparency.Core.Demo;
using Transparency.Core.Employees;

namespace Transparency.Web.Auth;

public static class AuthSetup
{
    /// <summary>The development sign-in's cookie scheme.</summary>
    public const string DevelopmentScheme = "DevelopmentSignIn";

    /// <summary>Claim type for app roles, the same for Entra ID tokens and the development sign-in.</summary>
    public const string RoleClaim = "roles";
    public const string NameClaim = "name";

    /// <summary>Why sign-in cannot work as configured, or null. Start-up stops with this message.</summary>
    public static string? ConfigurationProblem(IConfiguration config, IHostEnvironment environment) =>
        !UsesEntraId(config) && environment.IsProduction()
            ? "No sign-in is configured: set AzureAd:Instance, AzureAd:TenantId and AzureAd:ClientId (and AzureAd:ClientSecret). " +
              "The development sign-in is never offered in the Production environment."
            : null;

    /// <summary>Whether an <c>AzureAd</c> section with a client id is configured.</summary>
    public static bool UsesEntraId(IConfiguration config) => !string.IsNullOrWhiteSpace(config["AzureAd:ClientId"]);

    /// <summary>
    /// Entra ID (Microsoft.Identity.Web) when <c>AzureAd:ClientId</c> is set; otherwise, never in
    /// Production, the development sign-in. Production without Entra ID registers neither, and start-up
    /// stops with <see cref="ConfigurationProblem"/>.
    /// </summary>
    public static void AddTransparencyAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<EmployeeClaimOptions>(builder.Configuration.GetSection(EmployeeClaimOptions.Section));
        if (UsesEntraId(builder.Configuration))
        {
            var entra = services.AddAuthentication(OpenIdConnectDefaults.AuthenticationScheme);
            entra.AddMicrosoftIdentityWebApp(builder.Configuration.GetSection("AzureAd"));
            // Services may also present Entra access tokens with the Capture.Write / Training.Read app roles.
            entra.AddMicrosoftIdentityWebApi(builder.Configuration.GetSection("AzureAd"), JwtBearerDefaults.AuthenticationScheme);
            entra.AddServiceAuthentication(entraTokens: true);
            services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
            {
                o.TokenValidationParameters.RoleClaimType = RoleClaim;
                o.TokenValidationParameters.NameClaimType = NameClaim;
                var redirect = o.Events.OnRedirectToIdentityProvider;
                o.Events.OnRedirectToIdentityProvider = async context =>
                {
                    // APIs and downloads answer 401; only pages go to the identity provider.
                    if (IsApiOrFile(context.Request))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        context.HandleResponse();
                        return;
                    }
                    await redirect(context);
                };
            });
            services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.AccessDeniedPath = "/access-denied";
                o.Events.OnRedirectToAccessDenied = DenyOrRedirect;
            });
        }
        else if (!builder.Environment.IsProduction())
        {
            var development = services.AddAuthentication(DevelopmentScheme);
            development.AddServiceAuthentication(entraTokens: false);
            development.AddCookie(DevelopmentScheme, o =>
                {
                    o.LoginPath = "/dev/sign-in";
                    o.AccessDeniedPath = "/access-denied";
                    o.Cookie.Name = "transparency.dev";
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
                });
        }
        services.AddAuthorization(o => AppPolicies.Add(o, [ServiceAuthentication.SchemeName]));
        services.AddCascadingAuthenticationState();
        services.AddScoped<CurrentEmployee>();
    }

    private static Task DenyOrRedirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApiOrFile(context.Request))
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>API and file-download paths: these answer 401/403 instead of redirecting to a page.</summary>
    public static bool IsApiOrFile(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/files");

    /// <summary>Sign-in and sign-out endpoints for both sign-in modes.</summary>
    public static void MapTransparencyAuth(this WebApplication app)
    {
        if (UsesEntraId(app.Configuration))
        {
            app.MapGet("/sign-in", (string? returnUrl) =>
                    Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]))
                .AllowAnonymous();
            app.MapPost("/sign-out", async (HttpContext http, IAntiforgery antiforgery) => !await antiforgery.IsRequestValidAsync(http)
                ? Results.BadRequest()
                : Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                    [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]));
            return;
        }

        app.MapGet("/sign-in", (string? returnUrl) => Results.Redirect($"/dev/sign-in?returnUrl={Uri.EscapeDataString(LocalOrHome(returnUrl))}"))
            .AllowAnonymous();
        app.MapPost("/dev/sign-in", async ([FromForm] string user, [FromForm] string? returnUrl, EmployeeDirectory directory, HttpContext http) =>
            {
                var demoUser = DemoUsers.All.FirstOrDefault(u => u.SignInIdentity == user);
                if (demoUser is null || await directory.FindBySignInAsync(demoUser.SignInIdentity, http.RequestAborted) is null)
                    return Results.Redirect($"/dev/sign-in?error=unknown-user&returnUrl={Uri.EscapeDataString(LocalOrHome(returnUrl))}");
                var identity = new ClaimsIdentity(
                    [
                        new Claim(ClaimTypes.NameIdentifier, demoUser.SignInIdentity),
                        new Claim(EmployeeClaimOptions.DefaultClaimType, demoUser.SignInIdentity),
                        new Claim(NameClaim, demoUser.DisplayName),
                        .. demoUser.Roles.Select(r => new Claim(RoleClaim, r)),
                    ],
                    DevelopmentScheme, NameClaim, RoleClaim);
                await http.SignInAsync(DevelopmentScheme, new ClaimsPrincipal(identity));
                return Results.LocalRedirect(LocalOrHome(returnUrl));
            })
            .AllowAnonymous();
        app.MapPost("/sign-out", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            // Another site must not be able to sign a user out: the sign-out form carries the antiforgery token.
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest();
            await http.SignOutAsync(DevelopmentScheme);
            return Results.LocalRedirect("/");
        });
    }

    private static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}
