using MudBlazor.Services;
using Transparency.Web.Api;
using Transparency.Web.Auth;
using Transparency.Web.Components;
using Transparency.Web.Components.Layout;

namespace Transparency.Web.Hosting;

public static class UiSetup
{
    public static void AddTransparencyUi(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents(o =>
            {
                // Exception text reaches the browser only on a developer's machine.
                o.DetailedErrors = development;
                // A dropped connection (a train tunnel, a laptop lid) resumes within two minutes; past that the page
                // reloads. Each kept circuit holds its memory, so an instance keeps at most this many.
                o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(2);
                o.DisconnectedCircuitMaxRetained = 100;
                // The app's JavaScript calls are local (focus, downloads, MudBlazor's positioning); one that takes
                // longer than this is a browser that went away.
                o.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(30);
                o.MaxBufferedUnacknowledgedRenderBatches = 10;
            })
            .AddHubOptions(o =>
            {
                // Nothing is uploaded through the circuit: events and form values are small. 32 KB bounds what one
                // message can make the server buffer.
                o.MaximumReceiveMessageSize = 32 * 1024;
                o.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
                o.KeepAliveInterval = TimeSpan.FromSeconds(15);
                o.HandshakeTimeout = TimeSpan.FromSeconds(15);
            });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        builder.Services.AddMudServices();
    }

    /// <summary>Middleware in order: errors, own static files (no sign-in needed), auth, antiforgery.</summary>
    public static void UseTransparencyPipeline(this WebApplication app)
    {
        app.UseServerTiming();
        app.UseTransparencyHttpSurface();
        if (!app.Environment.IsDevelopment())
        {
            // Outside a developer's machine no response carries exception text or a stack trace: a page gets the error
            // page, an API or a download a bare problem document with the request's trace id (the log has the rest).
            app.UseWhen(c => AuthSetup.IsApiOrFile(c.Request), api => api.UseExceptionHandler());
            app.UseWhen(c => !AuthSetup.IsApiOrFile(c.Request), ui => ui.UseExceptionHandler("/error", createScopeForErrors: true));
        }
        app.UseThemeHint();
        app.UseStoreUnavailable();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // The app's own assets are served before routing: in Development MapStaticAssets adds a
        // catch-all file endpoint that would otherwise claim them (and demand a sign-in).
        // Revalidated on every use (ETag), unlike the pages, which are never stored.
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache" });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization: the ingestion limit is per authenticated client, and unauthenticated calls never reach it.
        app.UseRateLimiter();
        app.UseAntiforgery();
    }

    public static void MapTransparencyUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapLayoutForms();
        // No per-message compression on the circuits' WebSockets: it keeps a deflate and an inflate state of about 280 KB
        // alive for each open circuit (measured, docs/benchmarks.md), and what a circuit sends is small render diffs.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.DisableWebSocketCompression = true);
    }
}
