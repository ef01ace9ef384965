using Transparency.Core;

namespace Transparency.Web.Hosting;

/// <summary>
/// The host an operator's command (<c>api-key</c>, <c>directory</c>, <c>store</c>) runs in: Core's services over the store the app is
/// configured with, and no web server. Its arguments are configuration (e.g. <c>--Store:Provider Postgres</c>).
/// </summary>
public static class CommandHost
{
    public static IHost Build(string[] configurationArgs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configurationArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddTransparencyCore(builder.Configuration);
        return builder.Build();
    }
}
