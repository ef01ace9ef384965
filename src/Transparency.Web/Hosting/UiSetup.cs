using MudBlazor.Services;
using Transparency.Web.Api;
using Transparency.Web.Components;

namespace Transparency.Web.Hosting;

public static class UiSetup
{
    public static void AddTransparencyUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
    }

    /// <summary>Middleware in order: errors, own static files (no sign-in needed), auth, antiforgery.</summary>
    public static void UseTransparencyPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStoreUnavailable();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // The app's own assets are served before routing: in Development MapStaticAssets adds a
        // catch-all file endpoint that would otherwise claim them (and demand a sign-in).
        app.UseStaticFiles();
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
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
