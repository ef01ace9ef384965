using Microsoft.AspNetCore.Mvc;
using Transparency.Core.Notices;
using Transparency.Core.Policies;
using Transparency.Web.Auth;

namespace Transparency.Web.Components.Layout;

/// <summary>
/// What the layout's forms post to: the theme button and the notice menu's "Mark all as read". The layout renders on the
/// server without a circuit, so its two acts are plain forms (antiforgery-checked by the framework, as every form-bound
/// endpoint is) that come back to the page they were sent from.
/// </summary>
public static class LayoutForms
{
    private static readonly TimeSpan ThemeKept = TimeSpan.FromDays(365);

    public static void MapLayoutForms(this WebApplication app)
    {
        app.MapPost("/preferences/theme", ([FromForm] string? theme, [FromForm] string? returnUrl, HttpContext http) =>
            {
                if (ThemeChoice.Parse(theme) is not { } chosen)
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown theme", detail: "Choose the theme \"light\" or \"dark\".");
                http.Response.Cookies.Append(ThemeChoice.Cookie, chosen, new CookieOptions
                {
                    MaxAge = ThemeKept, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, IsEssential = true,
                });
                return Results.LocalRedirect(AuthSetup.LocalOrHome(returnUrl));
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

        app.MapPost("/my/notices/read", async ([FromForm] string? returnUrl, HttpContext http, CurrentEmployee current, NoticeService notices) =>
            {
                if (await current.FromAsync(http.User, http.RequestAborted) is { } employee)
                    await notices.MarkAllReadAsync(employee.Id, http.RequestAborted);
                return Results.LocalRedirect(AuthSetup.LocalOrHome(returnUrl));
            })
            .RequireAuthorization(AppPolicies.Employee)
            .ExcludeFromDescription();
    }

    /// <summary>Asks the browser for its colour-scheme preference, so a first visit already gets the theme it prefers.</summary>
    public static void UseThemeHint(this WebApplication app) => app.Use((context, next) =>
    {
        if (!AuthSetup.IsApiOrFile(context.Request))
        {
            var headers = context.Response.Headers;
            headers["Accept-CH"] = ThemeChoice.Hint;
            headers["Critical-CH"] = ThemeChoice.Hint;
            headers.Append("Vary", ThemeChoice.Hint);
        }
        return next(context);
    });
}
