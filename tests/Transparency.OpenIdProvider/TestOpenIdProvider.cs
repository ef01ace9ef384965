using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Transparency.OpenIdProvider;

/// <summary>A client registration: the app's client id and secret and where the provider may send the browser back to.</summary>
public sealed record OpenIdClient(string ClientId, string ClientSecret, IReadOnlyList<Uri> RedirectUris, IReadOnlyList<Uri> PostLogoutRedirectUris);

/// <summary>
/// A real OpenID provider (OpenIddict's server) on https://127.0.0.1:{port}, laid out like Entra ID v2.0 for one
/// tenant, so an app configured with <c>AzureAd:Instance</c> = <see cref="Instance"/> and <c>AzureAd:TenantId</c> finds
/// its metadata at <c>{Instance}{TenantId}/v2.0/.well-known/openid-configuration</c>. It serves the implicit flow
/// (<c>id_token</c>, <c>form_post</c>), the code flow and RP-initiated logout, signs tokens with an RSA key the tests
/// can also use, and signs people in through a plain HTML form.
/// </summary>
public sealed class TestOpenIdProvider : IAsyncDisposable
{
    /// <summary>The provider's own sign-in cookie: a second sign-in of the same browser needs no form until the session ends.</summary>
    internal const string SessionScheme = "OpenIdProviderSession";
    internal const string SessionCookie = "openid-provider.session";

    private readonly WebApplication _host;
    private readonly string _folder;
    private readonly ConcurrentQueue<string> _log;

    private TestOpenIdProvider(WebApplication host, string folder, ConcurrentQueue<string> log, ProviderLayout layout, RSA signingKey, string keyId, ProviderUsers users)
    {
        _host = host;
        _folder = folder;
        _log = log;
        Layout = layout;
        SigningKey = signingKey;
        SigningKeyId = keyId;
        Users = users;
    }

    internal ProviderLayout Layout { get; }

    /// <summary>What <c>AzureAd:Instance</c> is set to: <c>https://127.0.0.1:{port}/</c>.</summary>
    public Uri Instance => Layout.Instance;
    public string TenantId => Layout.TenantId;

    /// <summary><c>https://127.0.0.1:{port}/{tenant}/v2.0</c>, as Entra ID v2.0 names its issuer (no trailing slash).</summary>
    public string Issuer => Layout.Issuer;
    public Uri MetadataAddress => Layout.Metadata;
    public Uri AuthorizationEndpoint => Layout.Authorize;
    public Uri TokenEndpoint => Layout.Token;
    public Uri EndSessionEndpoint => Layout.EndSession;
    public Uri KeysEndpoint => Layout.Keys;
    public Uri LoginPage => Layout.Login;

    /// <summary>The key ID tokens are signed with (RS256), so tests can sign tokens the app should treat as the provider's.</summary>
    public RSA SigningKey { get; }
    public string SigningKeyId { get; }

    public ProviderUsers Users { get; }

    /// <summary>What the provider logged at warning level and above, and OpenIddict's reasons for refusing a request.</summary>
    public string Log => string.Join(Environment.NewLine, _log);

    public static async Task<TestOpenIdProvider> StartAsync(TestCertificateAuthority tls, string tenantId, CancellationToken ct = default)
    {
        var port = LoopbackPort.Free();
        var layout = new ProviderLayout(new Uri($"https://127.0.0.1:{port}/"), tenantId);
        var folder = Path.Combine(Path.GetTempPath(), "transparency-openid-provider", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);

        var signingKey = RSA.Create(2048);
        var keyId = $"test-{Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant()}";
        var users = new ProviderUsers();
        var log = new ConcurrentQueue<string>();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(TestOpenIdProvider).Assembly.GetName().Name,
            ContentRootPath = folder,
        });
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseHttps(tls.ServerCertificate)));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new CollectingLoggerProvider(log));

        var services = builder.Services;
        services.AddSingleton(layout);
        services.AddSingleton(users);
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddDbContext<ProviderDbContext>(o =>
        {
            o.UseSqlite($"Data Source={Path.Combine(folder, "provider.db")}");
            o.UseOpenIddict();
        });
        services.AddAuthentication().AddCookie(SessionScheme, o =>
        {
            o.Cookie.Name = SessionCookie;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDbContext>())
            .AddServer(o =>
            {
                o.SetIssuer(new Uri(layout.Issuer));
                o.SetConfigurationEndpointUris(layout.Metadata);
                o.SetJsonWebKeySetEndpointUris(layout.Keys);
                o.SetAuthorizationEndpointUris(layout.Authorize);
                o.SetTokenEndpointUris(layout.Token);
                o.SetEndSessionEndpointUris(layout.EndSession);
                o.AllowImplicitFlow().AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess);
                o.RegisterClaims(ProviderClaims.All);
                o.AddSigningKey(new RsaSecurityKey(signingKey) { KeyId = keyId });
                o.AddEncryptionKey(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)));
                // Entra ID's access tokens are signed JWTs, not encrypted ones.
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
            });

        var host = builder.Build();
        host.UseAuthentication();
        host.MapProviderEndpoints(layout);

        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ProviderDbContext>().Database.EnsureCreatedAsync(ct);
        await host.StartAsync(ct);
        return new TestOpenIdProvider(host, folder, log, layout, signingKey, keyId, users);
    }

    /// <summary>Registers a confidential client for the implicit and the code flow; its secret is stored hashed, as a real provider does.</summary>
    public async Task RegisterClientAsync(OpenIdClient client, CancellationToken ct = default)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "Transparency",
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.Implicit, Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.IdToken, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Scopes.Email, Permissions.Prefixes.Scope + Scopes.OfflineAccess,
            },
        };
        foreach (var uri in client.RedirectUris)
            descriptor.RedirectUris.Add(uri);
        foreach (var uri in client.PostLogoutRedirectUris)
            descriptor.PostLogoutRedirectUris.Add(uri);
        await using var scope = _host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
        SigningKey.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel level) =>
                level >= LogLevel.Warning || (level >= LogLevel.Information && category.StartsWith("OpenIddict", StringComparison.Ordinal));

            public void Log<TState>(LogLevel level, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(level))
                    return;
                var message = formatter(state, exception);
                // OpenIddict says why it refused a request at information level, among much else worth less.
                if (level < LogLevel.Warning && !message.Contains("rejected", StringComparison.OrdinalIgnoreCase))
                    return;
                lines.Enqueue($"{level} {category}: {message}{(exception is null ? "" : Environment.NewLine + exception)}");
            }
        }
    }
}

/// <summary>Where everything is, in Entra ID v2.0's layout.</summary>
internal sealed record ProviderLayout(Uri Instance, string TenantId)
{
    public string Issuer => $"{Instance}{TenantId}/v2.0";
    public Uri Metadata => new($"{Issuer}/.well-known/openid-configuration");
    public Uri Authorize => new($"{Instance}{TenantId}/oauth2/v2.0/authorize");
    public Uri Token => new($"{Instance}{TenantId}/oauth2/v2.0/token");
    public Uri EndSession => new($"{Instance}{TenantId}/oauth2/v2.0/logout");
    public Uri Keys => new($"{Instance}{TenantId}/discovery/v2.0/keys");
    public Uri Login => new($"{Instance}{TenantId}/login");
}
