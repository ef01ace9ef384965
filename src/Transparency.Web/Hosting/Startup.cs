using Transparency.Core.Demo;
using Transparency.Core.EventStore;
using Transparency.Web.Auth;

namespace Transparency.Web.Hosting;

public static class Startup
{
    /// <summary>
    /// Checks the sign-in configuration, migrates the store and, outside Production unless <c>Demo:Seed</c> says otherwise, fills an empty
    /// store with demo data. A store that cannot be used stops start-up with one message naming the setting.
    /// </summary>
    public static async Task<bool> StartUpAsync(this WebApplication app)
    {
        if (AuthSetup.ConfigurationProblem(app.Configuration, app.Environment) is { } signInProblem)
        {
            app.Logger.LogCritical("Transparency cannot start: {Problem}", signInProblem);
            return false;
        }
        app.Logger.LogInformation("Serving the app's own static assets from {WebRoot}", app.Environment.WebRootPath);
        var seed = app.Configuration.GetValue("Demo:Seed", !app.Environment.IsProduction());
        var demo = seed ? app.Configuration.GetSection(DemoDataOptions.Section).Get<DemoDataOptions>() ?? new DemoDataOptions() : null;
        try
        {
            await app.Services.GetRequiredService<StoreInitializer>()
                .InitializeAsync(demo, app.Lifetime.ApplicationStopping, demoApiKeys: !app.Environment.IsProduction());
            return true;
        }
        catch (StoreConfigurationException e)
        {
            app.Logger.LogCritical("Transparency cannot start: {Problem}", e.Message);
            return false;
        }
    }
}
