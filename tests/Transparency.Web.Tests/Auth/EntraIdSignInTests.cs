using System.Net;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Transparency.Core.Demo;
using Transparency.Web.Tests.Hosting;

namespace Transparency.Web.Tests.Auth;

/// <summary>
/// The app configured for Microsoft Entra ID (fake tenant, fake identity provider that is never
/// contacted): pages send the browser to the identity provider, APIs answer 401, and the
/// development sign-in is gone.
/// </summary>
public sealed class EntraIdSignInTests(EntraIdSignInTests.EntraIdAppFactory app) : IClassFixture<EntraIdSignInTests.EntraIdAppFactory>
{
    public const string ClientId = "0d2e7c1a-5b0e-4f0e-9a57-4c7f1b2e9d31";
    public const string AuthorizationEndpoint = "https://login.idp.invalid/11111111-2222-3333-4444-555555555555/oauth2/v2.0/authorize";

    public sealed class EntraIdAppFactory : TransparencyAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("AzureAd:Instance", "https://login.idp.invalid/");
            builder.UseSetting("AzureAd:TenantId", "11111111-2222-3333-4444-555555555555");
            builder.UseSetting("AzureAd:ClientId", ClientId);
            builder.UseSetting("AzureAd:ClientSecret", "not-a-real-secret");
            builder.ConfigureTestServices(services =>
                services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
                    // The metadata document would come from the tenant; a static one keeps the test offline.
                    // Setting Configuration alone is too late: the handler reads the manager.
                    o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(new OpenIdConnectConfiguration
                    {
                        Issuer = "https://login.idp.invalid/11111111-2222-3333-4444-555555555555/v2.0",
                        AuthorizationEndpoint = AuthorizationEndpoint,
                        TokenEndpoint = "https://login.idp.invalid/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token",
                        EndSessionEndpoint = "https://login.idp.invalid/11111111-2222-3333-4444-555555555555/oauth2/v2.0/logout",
                    })));
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/sign-in?returnUrl=%2F")]
    public async Task Anonymous_page_visit_goes_to_the_identity_provider_with_the_app_client_id(string path)
    {
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = Assert.IsType<Uri>(response.Headers.Location);
        Assert.StartsWith(AuthorizationEndpoint + "?", location.AbsoluteUri);
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal(ClientId, query["client_id"]);
        Assert.Equal("http://localhost/signin-oidc", query["redirect_uri"]);
    }

    [Theory]
    [InlineData("/api/v1/anything")]
    [InlineData("/files/anything")]
    public async Task Anonymous_API_call_gets_401_not_a_redirect(string path)
    {
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Development_sign_in_offers_no_demo_users()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync("/dev/sign-in", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await TransparencyAppFactory.ParseAsync(response, ct);
        var text = TransparencyAppFactory.VisibleText(page);
        Assert.Contains("The development sign-in is off here", text);
        Assert.Empty(page.QuerySelectorAll("input[name='user']"));
        Assert.All(DemoUsers.All, u => Assert.DoesNotContain(u.DisplayName, text));
    }

    [Fact]
    public async Task Posting_a_demo_user_does_not_sign_in()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateBrowserClient();

        using var response = await client.PostAsync("/dev/sign-in",
            TransparencyAppFactory.Form(token: null, DemoUsers.All[0].SignInIdentity, "/"), ct);

        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain(TransparencyAppFactory.SetCookies(response), c => c.StartsWith(".AspNetCore.Cookies", StringComparison.Ordinal));
        Assert.DoesNotContain(TransparencyAppFactory.SetCookies(response), c => c.StartsWith(TransparencyAppFactory.AuthCookie, StringComparison.Ordinal));
        using var home = await client.GetAsync("/", ct);
        Assert.StartsWith(AuthorizationEndpoint, home.Headers.Location?.AbsoluteUri);
    }
}
