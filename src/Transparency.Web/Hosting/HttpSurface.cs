using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using NetEscapades.AspNetCore.SecurityHeaders;

namespace Transparency.Web.Hosting;

/// <summary>
/// What every response says about itself: security headers and a Content-Security-Policy the Blazor circuit and
/// MudBlazor work under (no eval, no inline script but the import map, which carries the response's nonce), no caching
/// of anything but the static assets, and forwarded headers believed only from the proxies the configuration names.
/// </summary>
public static class HttpSurface
{
    public const string KnownProxies = "ForwardedHeaders:KnownProxies";
    public const string KnownNetworks = "ForwardedHeaders:KnownNetworks";

    /// <summary>Why the HTTP settings cannot work as configured, or null. Start-up stops with this message.</summary>
    public static string? ConfigurationProblem(IConfiguration config)
    {
        // The framework's switch trusts X-Forwarded-* from any address: anyone who reaches the app directly could claim
        // to be any client, on https.
        if (config.GetValue<bool>("FORWARDEDHEADERS_ENABLED"))
            return "ASPNETCORE_FORWARDEDHEADERS_ENABLED trusts forwarded headers from every address. Remove it and name the reverse " +
                   $"proxies instead: {KnownProxies}:0=<address> or {KnownNetworks}:0=<network/prefix> (see deploy/README.md).";
        foreach (var proxy in config.GetSection(KnownProxies).Get<string[]>() ?? [])
            if (!IPAddress.TryParse(proxy, out _))
                return $"{KnownProxies} holds '{proxy}', which is not an IP address.";
        foreach (var network in config.GetSection(KnownNetworks).Get<string[]>() ?? [])
            if (!System.Net.IPNetwork.TryParse(network, out _))
                return $"{KnownNetworks} holds '{network}', which is not a network such as 10.0.0.0/8.";
        return null;
    }

    public static void AddTransparencyHttpSurface(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var development = builder.Environment.IsDevelopment();
        // The framework's request lines quote the URL's query, and the records page keeps its filter there: the search
        // text, application and site an employee looks for are captured text. Whatever the logging settings say, those
        // lines are written only from Warning up (which they never are).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        // Which server software answers is nobody's business.
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // One proxy in front: its own view of the client, nothing a client wrote into the header before it.
            o.ForwardLimit = 1;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in config.GetSection(KnownProxies).Get<string[]>() ?? [])
                if (IPAddress.TryParse(proxy, out var address))
                    o.KnownProxies.Add(address);
            foreach (var network in config.GetSection(KnownNetworks).Get<string[]>() ?? [])
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                    o.KnownIPNetworks.Add(parsed);
        });
        // The sign-in's form_post leaves for the provider, and the sign-out's redirect to its end-session endpoint
        // follows a form: both are form actions the policy has to allow.
        var provider = Uri.TryCreate(config["AzureAd:Instance"], UriKind.Absolute, out var instance) ? instance.GetLeftPart(UriPartial.Authority) : null;
        builder.Services.AddSecurityHeaderPolicies(policies => policies.SetDefaultPolicy(p =>
        {
            p.AddContentTypeOptionsNoSniff()
                .AddFrameOptionsDeny()
                .AddReferrerPolicySameOrigin()
                .AddCrossOriginOpenerPolicy(o => o.SameOrigin())
                .AddPermissionsPolicyWithDefaultSecureDirectives()
                .AddContentSecurityPolicy(csp =>
                {
                    csp.AddDefaultSrc().Self();
                    csp.AddBaseUri().Self();
                    csp.AddObjectSrc().None();
                    csp.AddFrameAncestors().None();
                    var formAction = csp.AddFormAction().Self();
                    if (provider is not null)
                        formAction.From(provider);
                    csp.AddScriptSrc().Self().WithNonce();
                    // MudBlazor positions and colours its components with style attributes.
                    csp.AddStyleSrc().Self().UnsafeInline();
                    // Screen snapshots are shown as data: URLs, so their bytes never get an address of their own.
                    csp.AddImgSrc().Self().Data();
                    csp.AddFontSrc().Self();
                    // The circuit's WebSocket is same-origin.
                    csp.AddConnectSrc().Self();
                });
            // Browsers only keep it from https responses; the development sign-in runs on plain http.
            if (!development)
                p.AddStrictTransportSecurityMaxAgeIncludeSubDomains();
        }));
    }

    /// <summary>First in the pipeline, so every response carries the headers, errors included.</summary>
    public static void UseTransparencyHttpSurface(this WebApplication app)
    {
        if (app.Configuration.GetSection(KnownProxies).Exists() || app.Configuration.GetSection(KnownNetworks).Exists())
            app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        // Every page and download here is someone's data or depends on who asks: no browser or proxy keeps a copy.
        // Static assets set their own caching (MapStaticAssets) and keep it.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                if (!context.Response.Headers.ContainsKey("Cache-Control"))
                    context.Response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
