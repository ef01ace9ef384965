using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Transparency.Core.ApiClients;
using Transparency.Testing;
using Transparency.Web.Hosting;
using static Transparency.Testing.CaptureBatches;

namespace Transparency.Web.Tests.Hosting;

/// <summary>
/// The app in the Production environment, as an operator configures it (Entra ID, disclosures, one named proxy), over a
/// store that fails under it: an unexpected error answers without exception text or a stack trace, a page with the error
/// page and an API with a bare problem document; HSTS goes with https; forwarded headers count only from the proxy.
/// </summary>
public sealed class ProductionSurfaceTests(ProductionSurfaceTests.ProductionAppFactory app) : IClassFixture<ProductionSurfaceTests.ProductionAppFactory>
{
    public const string Proxy = "10.20.30.40";

    public sealed class ProductionAppFactory : TransparencyAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("Demo:SignIn", "false");
            builder.UseSetting("AzureAd:Instance", "https://login.idp.invalid/");
            builder.UseSetting("AzureAd:TenantId", "11111111-2222-3333-4444-555555555555");
            builder.UseSetting("AzureAd:ClientId", "0d2e7c1a-5b0e-4f0e-9a57-4c7f1b2e9d31");
            builder.UseSetting("AzureAd:ClientSecret", "not-a-real-secret");
            builder.UseSetting(HttpSurface.KnownProxies + ":0", Proxy);
            foreach (var (key, value) in DisclosureSettings.All)
                builder.UseSetting(key, value);
            var metadata = new OpenIdConnectConfiguration { Issuer = "https://login.idp.invalid/11111111-2222-3333-4444-555555555555/v2.0" };
            builder.ConfigureTestServices(services =>
            {
                services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme,
                    o => o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(metadata));
                services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme,
                    o => o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(metadata));
            });
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Words of the store's own error that no answer may carry.</summary>
    private static readonly string[] ExceptionText = ["no such table", "SqliteException", "Exception", "   at ", ".cs:line"];

    [Fact]
    public async Task An_unexpected_error_answers_without_exception_text_a_page_with_the_error_page_an_api_with_a_problem()
    {
        var key = await app.Services.GetRequiredService<ApiClientService>().CreateAsync($"capture-{Guid.NewGuid():N}", [ApiScopes.CaptureWrite], Ct);
        using var api = app.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        using var browser = app.CreateClient();
        // The store loses what the register and ingestion read: every such request fails with the store's own exception.
        await using (var db = await app.Store.Contexts.CreateDbContextAsync(Ct))
        {
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, "DROP TABLE purposes", Ct);
        }

        using var ingestion = await api.PostAsync("/api/v1/capture-records",
            new ByteArrayContent(Json(Keystrokes("E00002"))) { Headers = { ContentType = new("application/json") } }, Ct);
        using var register = await browser.GetAsync("/register", Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, ingestion.StatusCode);
        Assert.Equal("application/problem+json", ingestion.Content.Headers.ContentType?.MediaType);
        var problem = await ingestion.Content.ReadAsStringAsync(Ct);
        using (var json = JsonDocument.Parse(problem))
            Assert.Equal(500, json.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.InternalServerError, register.StatusCode);
        Assert.Equal("text/html", register.Content.Headers.ContentType?.MediaType);
        var page = await register.Content.ReadAsStringAsync(Ct);
        foreach (var text in ExceptionText)
        {
            Assert.DoesNotContain(text, problem, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(text, page, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Hsts_is_sent_over_https_and_forwarded_headers_count_only_from_the_named_proxy()
    {
        using var https = app.CreateClient(new() { BaseAddress = new Uri("https://transparency.test"), AllowAutoRedirect = false });
        using var plain = app.CreateClient(new() { AllowAutoRedirect = false });

        using var secure = await https.GetAsync("/healthz", Ct);
        using var insecure = await plain.GetAsync("/healthz", Ct);
        var forgedProto = await SendFromAsync("203.0.113.9");
        var proxied = await SendFromAsync(Proxy);

        Assert.Contains("max-age=", secure.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(insecure.Headers.Contains("Strict-Transport-Security"));
        // Only a request the named proxy forwarded from https counts as https; anyone else's X-Forwarded-Proto is ignored.
        Assert.False(forgedProto.Response.Headers.ContainsKey("Strict-Transport-Security"));
        Assert.Equal("203.0.113.9", forgedProto.Connection.RemoteIpAddress?.ToString());
        Assert.True(proxied.Response.Headers.ContainsKey("Strict-Transport-Security"));
        Assert.Equal("198.51.100.7", proxied.Connection.RemoteIpAddress?.ToString());
    }

    /// <summary>A request arriving from <paramref name="remoteAddress"/> that claims to have been forwarded from https.</summary>
    private Task<HttpContext> SendFromAsync(string remoteAddress) =>
        app.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = IPAddress.Parse(remoteAddress);
            c.Request.Method = "GET";
            c.Request.Path = "/healthz";
            c.Request.Host = new HostString("transparency.test");
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "198.51.100.7";
        }, Ct);
}
