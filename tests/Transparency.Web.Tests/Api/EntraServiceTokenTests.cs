using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Transparency.Core.ApiClients;
using Transparency.Web.Tests.Hosting;
using static Transparency.Testing.CaptureBatches;

namespace Transparency.Web.Tests.Api;

/// <summary>
/// With Entra ID configured, the capture and training pipelines may present Entra access tokens instead
/// of API keys: the app role decides what a token may do, and a token that is expired, meant for another
/// API or signed by a key the tenant does not publish gets nothing. The tenant's metadata is a static
/// document holding a test signing key, so nothing is fetched from the network.
/// </summary>
public sealed class EntraServiceTokenTests(EntraServiceTokenTests.EntraApiAppFactory app) : IClassFixture<EntraServiceTokenTests.EntraApiAppFactory>
{
    public const string TenantId = "11111111-2222-3333-4444-555555555555";
    public const string ClientId = "0d2e7c1a-5b0e-4f0e-9a57-4c7f1b2e9d31";
    public const string Issuer = $"https://login.idp.invalid/{TenantId}/v2.0";
    private const string CapturePath = "/api/v1/capture-records";
    private const string RevocationsPath = "/api/v1/training/revocations";
    private const string RecordsPath = "/api/v1/training/records";

    /// <summary>The tenant's signing key; the static metadata publishes it.</summary>
    private static readonly RsaSecurityKey TenantKey = new(RSA.Create(2048)) { KeyId = "tenant-key" };

    public sealed class EntraApiAppFactory : TransparencyAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("AzureAd:Instance", "https://login.idp.invalid/");
            builder.UseSetting("AzureAd:TenantId", TenantId);
            builder.UseSetting("AzureAd:ClientId", ClientId);
            builder.UseSetting("AzureAd:ClientSecret", "not-a-real-secret");
            var metadata = new OpenIdConnectConfiguration
            {
                Issuer = Issuer,
                AuthorizationEndpoint = $"https://login.idp.invalid/{TenantId}/oauth2/v2.0/authorize",
                TokenEndpoint = $"https://login.idp.invalid/{TenantId}/oauth2/v2.0/token",
            };
            metadata.SigningKeys.Add(TenantKey);
            builder.ConfigureTestServices(services =>
            {
                // The handlers read the manager, not a Configuration set afterwards (see EntraIdSignInTests).
                services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                {
                    o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(metadata);
                    // Microsoft.Identity.Web's issuer validator fetches the tenant's metadata on its own (from AzureAd:Instance);
                    // an issuer named here is checked first, so it never goes to the network.
                    o.TokenValidationParameters.ValidIssuer = Issuer;
                });
                services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
                    o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(metadata));
            });
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An app-only access token as Entra issues it to a daemon (client credentials) for this API.</summary>
    private static string Token(string[] roles, string audience = ClientId, SecurityKey? key = null,
        DateTime? expires = null, string application = "7c0d4c2e-capture-pipeline", IDictionary<string, object>? user = null)
    {
        var now = DateTime.UtcNow;
        var expiry = expires ?? now.AddMinutes(30);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = expiry.AddMinutes(-60),
            NotBefore = expiry.AddMinutes(-60),
            Expires = expiry,
            Claims = new Dictionary<string, object>
            {
                ["tid"] = TenantId, ["azp"] = application, ["oid"] = Guid.NewGuid().ToString(), ["sub"] = application, ["ver"] = "2.0",
                ["roles"] = roles,
            }.Concat(user ?? new Dictionary<string, object>()).ToDictionary(),
            SigningCredentials = new SigningCredentials(key ?? TenantKey, SecurityAlgorithms.RsaSha256),
        });
    }

    private HttpClient ClientWith(string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static ByteArrayContent Batch(params System.Text.Json.Nodes.JsonObject[] items)
    {
        var content = new ByteArrayContent(Json(items));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task<int> RecordCountAsync()
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        return await db.CaptureRecords.CountAsync(Ct);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Token_with_the_Capture_Write_role_writes_capture_records()
    {
        using var client = ClientWith(Token(["Capture.Write"]));
        var record = Keystrokes("E00002");

        using var response = await client.PostAsync(CapturePath, Batch(record), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        Assert.True(await db.CaptureRecords.AnyAsync(r => r.Id == Id(record), Ct));
    }

    [Fact]
    public async Task Token_with_the_Training_Read_role_reads_the_revocation_feed()
    {
        using var client = ClientWith(Token(["Training.Read"], application: "training-pipeline"));

        using var response = await client.GetAsync(RevocationsPath, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("X-Resume-Cursor"));
    }

    [Fact]
    public async Task Token_with_the_Training_Read_role_reads_the_export_charged_to_its_application()
    {
        using var client = ClientWith(Token(["Training.Read"], application: "training-pipeline"));

        using var response = await client.GetAsync(RecordsPath, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        // The application is registered as an API client on its first call, and the batch is charged to it.
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        var registered = await db.ApiClients.SingleAsync(c => c.EntraApplicationId == "training-pipeline", Ct);
        Assert.Equal(("entra:training-pipeline", null), (registered.Name, registered.KeyHash));
        var batch = await db.ExportBatches.SingleAsync(b => b.ApiClientId == registered.Id, Ct);
        Assert.Equal(lines.Length, await db.ExportReceipts.CountAsync(x => x.ExportBatchId == batch.Id, Ct));
    }

    [Fact]
    public async Task An_application_an_operator_revoked_is_refused_although_its_token_is_valid()
    {
        using var client = ClientWith(Token(["Capture.Write"], application: "retired-capture-agent"));
        using (var first = await client.PostAsync(CapturePath, Batch(Keystrokes("E00002")), Ct))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        Assert.True(await app.Services.GetRequiredService<ApiClientService>().RevokeAsync("entra:retired-capture-agent", Ct));
        var before = await RecordCountAsync();
        using var refused = await client.PostAsync(CapturePath, Batch(Keystrokes("E00002")), Ct);

        await AssertProblemAsync(refused, HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await RecordCountAsync());
    }

    [Theory]
    [InlineData("Training.Read", "POST", CapturePath)]
    [InlineData("Capture.Write", "GET", RevocationsPath)]
    [InlineData("Capture.Write", "GET", RecordsPath)]
    [InlineData("Employee", "POST", CapturePath)]
    [InlineData("Employee", "GET", RecordsPath)]
    public async Task Token_without_the_endpoints_role_is_403(string role, string method, string path)
    {
        using var client = ClientWith(Token([role]));
        var before = await RecordCountAsync();

        using var response = method == "POST"
            ? await client.PostAsync(path, Batch(Keystrokes("E00002")), Ct)
            : await client.GetAsync(path, Ct);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(before, await RecordCountAsync());
    }

    /// <summary>What a user's token for this API carries besides the app's roles (a client acting on the user's behalf).</summary>
    public static TheoryData<string> DelegatedTokens => ["scp", "idtyp user", "both"];

    [Theory, MemberData(nameof(DelegatedTokens))]
    public async Task A_users_delegated_token_is_refused_although_it_carries_the_role(string shape)
    {
        var user = new Dictionary<string, object> { ["name"] = "Alex Morgan", ["preferred_username"] = "alex.morgan@demo.transparency" };
        if (shape is "scp" or "both")
            user["scp"] = "access_as_user";
        if (shape is "idtyp user" or "both")
            user["idtyp"] = "user";
        using var client = ClientWith(Token(["Capture.Write", "Training.Read"], application: "office-add-in", user: user));
        var before = await RecordCountAsync();

        using var capture = await client.PostAsync(CapturePath, Batch(Keystrokes("E00002")), Ct);
        using var export = await client.GetAsync(RecordsPath, Ct);

        await AssertProblemAsync(capture, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(export, HttpStatusCode.Unauthorized);
        Assert.Contains("delegated", await export.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await RecordCountAsync());
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        // Refused before it is charged to anything: no API client is registered for the application.
        Assert.False(await db.ApiClients.AnyAsync(c => c.EntraApplicationId == "office-add-in", Ct));
    }

    [Fact]
    public async Task An_application_token_that_says_so_in_idtyp_is_accepted()
    {
        using var client = ClientWith(Token(["Capture.Write"], user: new Dictionary<string, object> { ["idtyp"] = "app" }));

        using var response = await client.PostAsync(CapturePath, Batch(Keystrokes("E00002")), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string> BadTokens => ["expired", "another audience", "unknown signing key", "not a token", "none"];

    [Theory, MemberData(nameof(BadTokens))]
    public async Task Missing_expired_foreign_or_forged_token_is_401(string bad)
    {
        string[] roles = ["Capture.Write", "Training.Read"];
        var token = bad switch
        {
            "expired" => Token(roles, expires: DateTime.UtcNow.AddMinutes(-10)),
            "another audience" => Token(roles, audience: "api://6f1b2c3d-another-api"),
            "unknown signing key" => Token(roles, key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = "tenant-key" }),
            "not a token" => "not-a-jwt",
            "none" => null,
            _ => throw new ArgumentOutOfRangeException(nameof(bad)),
        };
        using var client = token is null ? app.CreateClient() : ClientWith(token);
        var before = await RecordCountAsync();

        using var capture = await client.PostAsync(CapturePath, Batch(Keystrokes("E00002")), Ct);
        using var feed = await client.GetAsync(RevocationsPath, Ct);

        await AssertProblemAsync(capture, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(feed, HttpStatusCode.Unauthorized);
        Assert.Equal(before, await RecordCountAsync());
    }
}
