using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Transparency.Core.Notices;
using Transparency.Core.Policies;
using Transparency.Web.Auth;

namespace Transparency.Web.Components.Layout;

/// <summary>
/// What the layout's forms post to: the theme button and the notice menu's "Mark all as read". The layout renders on the
/// server without a circuit, so its two acts are plain forms that come back to the page they were sent from: the page the
/// browser names as the referrer (the app's Referrer-Policy sends it to the app itself), if it is a page of this app.
/// </summary>
public static class LayoutForms
{
    private static readonly TimeSpan ThemeKept = TimeSpan.FromDays(365);

    public static void MapLayoutForms(this WebApplication app)
    {
        // A theme is no one's data and forging the choice does no harm, so this form carries no antiforgery token: a page a
        // visitor reads without signing in (the register, the error page) sets no antiforgery cookie, which outside
        // Development may only travel over HTTPS.
        app.MapPost("/preferences/theme", ([FromForm] string? theme, HttpContext http) =>
            {
                if (ThemeChoice.Parse(theme) is not { } chosen)
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown theme", detail: "Choose the theme \"light\" or \"dark\".");
                http.Response.Cookies.Append(ThemeChoice.Cookie, chosen, new CookieOptions
                {
                    MaxAge = ThemeKept, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, IsEssential = true,
                });
                return Results.LocalRedirect(PageSentFrom(http.Request));
            })
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();

        // Marking read changes the employee's notices: the form carries the antiforgery token, checked as for every form post.
        app.MapPost("/my/notices/read", async (HttpContext http, IAntiforgery antiforgery, CurrentEmployee current, NoticeService notices) =>
            {
                if (!await antiforgery.IsRequestValidAsync(http))
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form has expired",
                        detail: "Reload the page and mark the notices read again.");
                if (await current.FromAsync(http.User, http.RequestAborted) is { } employee)
                    await notices.MarkAllReadAsync(employee.Id, http.RequestAborted);
                return Results.LocalRedirect(PageSentFrom(http.Request));
            })
            .RequireAuthorization(AppPolicies.Employee)
            .ExcludeFromDescription();
    }

    /// <summary>The path and query of the page a form was sent from, when the browser names a page of this app; else the home page.</summary>
    public static string PageSentFrom(HttpRequest request)
    {
        if (!Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referrer)
            || referrer.Scheme != request.Scheme
            || !string.Equals(referrer.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            || referrer.Port != (request.Host.Port ?? (request.IsHttps ? 443 : 80)))
            return "/";
        return AuthSetup.LocalOrHome(referrer.PathAndQuery);
    }

    /// <summary>
    /// Asks the browser for its colour-scheme preference, which it sends from the next request on. Not as a critical hint
    /// (<c>Critical-CH</c>): a browser restarts the first request to send one, and Chromium then refuses a certificate it
    /// was told to accept for the first.
    /// </summary>
    public static void UseThemeHint(this WebApplication app) => app.Use((context, next) =>
    {
        if (!AuthSetup.IsApiOrFile(context.Request))
        {
            var headers = context.Response.Headers;
            headers["Accept-CH"] = ThemeChoice.Hint;
            headers.Append("Vary", ThemeChoice.Hint);
        }
        return next(context);
    });
}
