using System.Security.Cryptography;
using Microsoft.Playwright;
using Transparency.E2E.Pages;
using Transparency.Core.Demo;
using Transparency.Core.EventStore;
using Transparency.OpenIdProvider;
using Transparency.Testing;

namespace Transparency.E2E.Production;

/// <summary>
/// The production sign-in path end to end: a real OpenID provider shaped like Entra ID v2.0, the built app as its
/// own process in the Production environment configured for it exactly as the README says, and Debian's Chromium.
/// The store is filled as an operator fills one: the HR directory imported with <c>directory import</c>, a key for
/// the capture pipeline made with <c>api-key create</c>, and capture records sent through the ingestion API. No demo
/// data. One per test collection; its tests run one after another.
/// </summary>
public sealed class ProductionHost : IAsyncLifetime
{
    /// <summary>The organisation's tenant (<c>tid</c>), the app's client id: fixed, like an app registration.</summary>
    public const string TenantId = "3f6d2c1b-8a4e-4b7d-9c2f-5e1a0b9d8c7e";
    public const string ClientId = "9b1c4e2a-7d3f-4a6b-8e5c-1f2a3b4c5d6e";

    /// <summary>An employee of the imported directory the provider knows without any app role.</summary>
    public const string Roleless = "E00007";

    /// <summary>An employee whose last working day is past.</summary>
    public const string Leaver = "E00008";

    /// <summary>The capture pipeline's client, made with <c>api-key create</c>.</summary>
    public const string CaptureClient = "capture-pipeline";

    /// <summary>How many capture records the capture pipeline sends for each person at start.</summary>
    public static readonly IReadOnlyDictionary<string, int> RecordsSent = new Dictionary<string, int>
    {
        ["E00001"] = 4, ["E00002"] = 1, ["E00003"] = 1, ["E00004"] = 2, ["E00005"] = 1, ["E00006"] = 1, [Roleless] = 2,
    };

    private TestStore? _store;
    private IPlaywright? _playwright;

    public TestCertificateAuthority Tls { get; private set; } = null!;
    public TestOpenIdProvider Provider { get; private set; } = null!;
    public AppProcess App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public TestStore Store => _store ?? throw new InvalidOperationException("The host is not started yet.");

    /// <summary>A fresh secret per run: it is only ever in the provider's store (hashed) and the app's environment.</summary>
    public string ClientSecret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public Uri AppUrl => App.BaseAddress;

    public async ValueTask InitializeAsync()
    {
        Tls = TestCertificateAuthority.Create();
        Provider = await TestOpenIdProvider.StartAsync(Tls, TenantId);
        foreach (var user in DemoUsers.All)
            Provider.Users.Put(AccountOf(user));

        var browser = LaunchChromiumAsync();
        _store = await TestStore.CreateAsync(StoreProvider.Sqlite, migrate: false);
        var port = LoopbackPort.Free();
        await RegisterClientAsync(ClientId, port);
        App = await StartAppAsync(_store, ClientId, port, fillStore: true);
        Browser = await browser;
        await EnsureTheAppTrustsTheProviderAsync();
    }

    /// <summary>The provider's account for a demo person: their fixed object id, sign-in name and app roles.</summary>
    public static ProviderUser AccountOf(DemoUser user) =>
        new(user.ObjectId, TenantId, user.DisplayName, user.SignInIdentity, user.SignInIdentity, user.Roles);

    public static DemoUser Demo(string displayName) => DemoUsers.All.Single(u => u.DisplayName == displayName);

    /// <summary>Registers the app at the provider for the given ports (one app registration, possibly several instances).</summary>
    public Task RegisterClientAsync(string clientId, params int[] ports) =>
        Provider.RegisterClientAsync(new OpenIdClient(clientId, ClientSecret,
            [.. ports.Select(p => new Uri($"https://127.0.0.1:{p}/signin-oidc"))],
            [.. ports.Select(p => new Uri($"https://127.0.0.1:{p}/signout-callback-oidc"))]));

    /// <summary>
    /// Starts an app process on <paramref name="store"/>. With <paramref name="fillStore"/> the operator's commands run
    /// first (they migrate the store) and the capture pipeline sends its records once the app answers.
    /// </summary>
    public async Task<AppProcess> StartAppAsync(TestStore store, string clientId, int port, bool fillStore)
    {
        var app = AppProcess.Configure(Tls, Settings(store, clientId), port);
        try
        {
            var captureKey = fillStore ? await PrepareStoreAsync(app) : null;
            await app.StartAsync(Tls);
            if (captureKey is not null)
                await SendCaptureRecordsAsync(app, captureKey);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>The app's configuration, as an operator would set it for Entra ID (see the README's "Configure it").</summary>
    public Dictionary<string, string?> Settings(TestStore store, string clientId) => new(store.Settings)
    {
        ["AzureAd:Instance"] = Provider.Instance.AbsoluteUri,
        ["AzureAd:TenantId"] = TenantId,
        ["AzureAd:ClientId"] = clientId,
        ["AzureAd:ClientSecret"] = ClientSecret,
        ["AzureAd:CallbackPath"] = "/signin-oidc",
    };

    /// <summary>The HR directory's export: the six demo people with their object ids, one more employee and a leaver.</summary>
    public static string DirectoryCsv()
    {
        var units = new Dictionary<string, string>
        {
            ["E00001"] = "Engineering/Platform", ["E00002"] = "Customer Support/Tier 1", ["E00003"] = "Finance/Controlling",
            ["E00004"] = "Engineering/Platform", ["E00005"] = "People/HR Business Partners", ["E00006"] = "Legal/Privacy",
        };
        var lines = new List<string> { "employee_id,display_name,org_unit,sign_in_name,object_id,start_date,leave_date" };
        lines.AddRange(DemoUsers.All.Select(u => $"{u.EmployeeId},{u.DisplayName},{units[u.EmployeeId]},{u.SignInIdentity},{u.ObjectId},2021-04-01,"));
        lines.Add($"{Roleless},Beatriz Pereira,Customer Support/Tier 1,beatriz.pereira@demo.transparency,{DemoUsers.ObjectIdFor(Roleless)},2022-02-01,");
        var lastDay = DateTime.UtcNow.AddDays(-10).ToString("yyyy-MM-dd");
        lines.Add($"{Leaver},Noah Fischer,Finance/Controlling,noah.fischer@demo.transparency,{DemoUsers.ObjectIdFor(Leaver)},2018-05-02,{lastDay}");
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>What an operator runs on a new store: the directory import and a key for the capture pipeline. Returns the key.</summary>
    private static async Task<string> PrepareStoreAsync(AppProcess app)
    {
        var file = Path.Combine(app.Home, "directory.csv");
        await File.WriteAllTextAsync(file, DirectoryCsv());
        var (imported, importOutput) = await app.RunCommandAsync(["directory", "import", file], TimeSpan.FromSeconds(90));
        if (imported != 0)
            throw new InvalidOperationException($"directory import ended with {imported}:\n{importOutput}");
        var (created, keyOutput) = await app.RunCommandAsync(["api-key", "create", "--name", CaptureClient, "--scope", "capture:write"], TimeSpan.FromSeconds(60));
        var key = keyOutput.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith("tr_", StringComparison.Ordinal));
        return created == 0 && key is not null ? key : throw new InvalidOperationException($"api-key create ended with {created}:\n{keyOutput}");
    }

    /// <summary>The capture pipeline's first batch, through the ingestion API with its key.</summary>
    private async Task SendCaptureRecordsAsync(AppProcess app, string key)
    {
        var now = DateTime.UtcNow;
        var items = RecordsSent
            .SelectMany(person => Enumerable.Range(0, person.Value)
                .Select(i => CaptureBatches.Keystrokes(person.Key, text: $"Quarterly report draft {i}", capturedAt: now.AddHours(-1 - i))))
            .ToArray();
        using var http = new HttpClient(Tls.CreateHandler()) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/capture-records")
        {
            Content = new ByteArrayContent(CaptureBatches.Json(items)) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.Add("X-Api-Key", key);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"The capture pipeline's batch was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A browser context of its own (own cookies) with a page on the app. The test CA is not in Chromium's store.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = AppUrl.AbsoluteUri.TrimEnd('/'),
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A fresh browser that signs in the way a person does: the app's sign-in sends it to the provider's form, the
    /// account signs in there, and the provider's form_post brings it back to the app.
    /// </summary>
    public async Task<IPage> SignInAsync(string username, string path = "/sign-in")
    {
        var page = await NewPageAsync();
        await page.GotoAsync(path);
        try
        {
            await new ProviderSignInPage(page, Provider.LoginPage).SignInAsync(username, AppUrl);
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException(
                $"Signing in as {username} did not end on the app; the browser is at {page.Url}:\n{await page.Locator("body").InnerTextAsync()}\n{Diagnostics()}", e);
        }
        return page;
    }

    /// <summary>An HttpClient that plays a browser of its own.</summary>
    public SignInClient NewSignInClient() => new(Tls, Diagnostics);

    /// <summary>The app's and the provider's recent log, for failure messages.</summary>
    public string Diagnostics() =>
        $"--- app ({AppUrl}) ---\n{App.OutputTail()}\n--- provider ({Provider.Instance}) ---\n{Tail(Provider.Log)}";

    private static string Tail(string log, int lines = 30)
    {
        var all = log.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <summary>
    /// The app reads the provider's metadata over HTTPS when it first challenges; if it does not trust the test CA
    /// (<c>SSL_CERT_FILE</c>), every sign-in test would fail for the harness's sake. Fail here, once, with the reason.
    /// </summary>
    private async Task EnsureTheAppTrustsTheProviderAsync()
    {
        using var client = NewSignInClient();
        using var challenge = await client.GetAsync(new Uri(AppUrl, "/sign-in"));
        var location = challenge.Headers.Location;
        if (location is null || !location.AbsoluteUri.StartsWith(Provider.AuthorizationEndpoint.AbsoluteUri + "?", StringComparison.Ordinal))
            throw new InvalidOperationException(
                $"The app did not send /sign-in to the provider ({(int)challenge.StatusCode}, Location {location}); " +
                $"does it trust the test CA through SSL_CERT_FILE?\n{Diagnostics()}");
    }

    private async Task<IBrowser> LaunchChromiumAsync()
    {
        _playwright = await Playwright.CreateAsync();
        return await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = AppHost.ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        if (App is not null)
            await App.DisposeAsync();
        if (Provider is not null)
            await Provider.DisposeAsync();
        if (_store is not null)
            await _store.DisposeAsync();
        Tls?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ProductionCollection : ICollectionFixture<ProductionHost>
{
    public const string Name = "production sign-in";
}
