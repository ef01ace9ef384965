using Transparency.Core.ApiClients;
using Transparency.Core.Demo;
using Transparency.Core.EventStore;
using Transparency.Core;
using Transparency.Core.Startup;
using Transparency.Web.Auth;

namespace Transparency.Web.Hosting;

public static class Startup
{
    /// <summary>
    /// Checks the sign-in configuration and the other settings, migrates the store and, in Development unless <c>Demo:Seed</c> says otherwise, fills an empty
    /// store with demo data. A store that cannot be used, or a Production store with a published demo key still active, stops
    /// start-up with one message naming what to fix.
    /// </summary>
    public static async Task<bool> StartUpAsync(this WebApplication app)
    {
        if (AuthSetup.ConfigurationProblem(app.Configuration, app.Environment) is { } signInProblem)
        {
            app.Logger.LogCritical("Transparency cannot start: {Problem}", signInProblem);
            return false;
        }
        if (HttpSurface.ConfigurationProblem(app.Configuration) is { } httpProblem)
        {
            app.Logger.LogCritical("Transparency cannot start: {Problem}", httpProblem);
            return false;
        }
        if (SettingsProblem(app.Services) is { } settingsProblem)
        {
            app.Logger.LogCritical("Transparency cannot start: {Problem}", settingsProblem);
            return false;
        }
        app.Logger.LogInformation("Serving the app's own static assets from {WebRoot}", app.Environment.WebRootPath);
        var seed = app.Configuration.GetValue("Demo:Seed", app.Environment.IsDevelopment());
        var demo = seed ? app.Configuration.GetSection(DemoDataOptions.Section).Get<DemoDataOptions>() ?? new DemoDataOptions() : null;
        try
        {
            await app.Services.GetRequiredService<StoreInitializer>()
                .InitializeAsync(demo, app.Lifetime.ApplicationStopping, demoApiKeys: AuthSetup.OffersDevelopmentSignIn(app.Configuration, app.Environment));
            if (app.Environment.IsProduction()
                && await DemoApiKeys.ActiveAsync(app.Services.GetRequiredService<ApiClientService>(), app.Lifetime.ApplicationStopping) is { Count: > 0 } demoKeys)
            {
                app.Logger.LogCritical("Transparency cannot start: the published demo API key(s) of {Clients} are active in this store, and anyone can read " +
                    "them in the README. Revoke them first: api-key revoke --name <client>.", string.Join(", ", demoKeys));
                return false;
            }
            return true;
        }
        catch (StoreConfigurationException e)
        {
            app.Logger.LogCritical("Transparency cannot start: {Problem}", e.Message);
            return false;
        }
    }

    /// <summary>
    /// Reads every section of settings once, so that a wrong value stops start-up with a message naming it instead of
    /// failing the first request or background run that needs it.
    /// </summary>
    private static string? SettingsProblem(IServiceProvider services)
    {
        foreach (var type in CoreRegistration.Settings)
        {
            try
            {
                services.GetRequiredService(type);
            }
            catch (InvalidOperationException e)
            {
                return e.Message;
            }
        }
        return null;
    }
}
