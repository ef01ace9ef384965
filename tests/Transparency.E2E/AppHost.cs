using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Transparency.Core.EventStore;
using Transparency.Testing;

namespace Transparency.E2E;

/// <summary>
/// The real app on a free loopback port (Kestrel, demo data on a fresh SQLite store) and Debian's
/// Chromium driven by Playwright. One per test collection.
/// </summary>
public sealed class AppHost : IAsyncLifetime
{
    private TestStore? _store;
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The app's store, for what the capture pipeline would write while an employee watches.</summary>
    public TestStore Store => _store ?? throw new InvalidOperationException("The app is not started yet.");
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Debian's Chromium: never a downloaded browser. The test command exports its path.</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("TRANSPARENCY_TEST_CHROMIUM") is { Length: > 0 } path ? path
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : throw new InvalidOperationException("Chromium is not installed: browser tests need Debian's chromium. Run the suite with ./test.sh.");

    public async ValueTask InitializeAsync()
    {
        _store = await TestStore.CreateAsync(StoreProvider.Sqlite, migrate: false);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            foreach (var (key, value) in _store.Settings)
                builder.UseSetting(key, value);
            builder.UseSetting("Demo:Seed", "true");
            builder.UseSetting("Demo:SignIn", "true");
            // Open pages recheck their sign-in every two seconds, so a test sees a sign-out reach them.
            builder.UseSetting("Auth:RevalidationInterval", "00:00:02");
            // A small organisation with many records each: pages, bulk acts and filters have something to chew on.
            builder.UseSetting("Demo:Employees", "20");
            builder.UseSetting("Demo:Records", "20000");
        });
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>A fresh browser context (own cookies) with a page at desktop size, in the machine's time zone unless told.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, string? timeZone = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = timeZone,
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        if (_store is not null)
            await _store.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppHost>
{
    public const string Name = "app";
}
