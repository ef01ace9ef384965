using MudBlazor.Services;
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
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseStaticFiles();
        // Route only after the own static files: in development MapStaticAssets adds a catch-all file endpoint
        // that no AllowAnonymous reaches, so routing first would put css/app.css behind the sign-in.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    public static void MapTransparencyUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
