using System.Net;
using System.Text.Json.Nodes;

namespace Transparency.E2E.Production;

/// <summary>
/// The test provider itself: what the app is told (metadata) and what it is given (ID tokens) are what Entra ID v2.0
/// would say and give. If these fail, the other production sign-in tests prove nothing.
/// </summary>
[Collection(ProductionCollection.Name)]
public sealed class OpenIdProviderTests(ProductionHost host)
{
    [Fact]
    public async Task Metadata_is_where_the_app_looks_for_it_and_names_the_v2_endpoints()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = host.NewSignInClient();
        var authority = $"{host.Provider.Instance.AbsoluteUri}{ProductionHost.TenantId}/v2.0";

        using var response = await client.GetAsync(new Uri($"{authority}/.well-known/openid-configuration"), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var metadata = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal(authority, (string?)metadata["issuer"]);
        var tenant = $"{host.Provider.Instance.AbsoluteUri}{ProductionHost.TenantId}";
        Assert.Equal($"{tenant}/oauth2/v2.0/authorize", (string?)metadata["authorization_endpoint"]);
        Assert.Equal($"{tenant}/oauth2/v2.0/token", (string?)metadata["token_endpoint"]);
        Assert.Equal($"{tenant}/oauth2/v2.0/logout", (string?)metadata["end_session_endpoint"]);
        Assert.Equal($"{tenant}/discovery/v2.0/keys", (string?)metadata["jwks_uri"]);
        Assert.Contains("id_token", metadata["response_types_supported"]!.AsArray().Select(n => (string?)n));
        Assert.Contains("form_post", metadata["response_modes_supported"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task Id_token_is_shaped_like_entra_v2_with_roles_always_an_array()
    {
        var ct = TestContext.Current.CancellationToken;
        var alex = ProductionHost.Demo("Alex Morgan");
        using var browser = host.NewSignInClient();

        var form = await browser.SignInAtProviderAsync(host.AppUrl, alex.SignInIdentity, ct: ct);

        var header = IdTokens.Header(form.IdToken);
        Assert.Equal("RS256", (string?)header["alg"]);
        Assert.Equal(host.Provider.SigningKeyId, (string?)header["kid"]);
        var token = IdTokens.Payload(form.IdToken);
        Assert.Equal("2.0", (string?)token["ver"]);
        Assert.Equal(host.Provider.Issuer, (string?)token["iss"]);
        Assert.Equal(ProductionHost.ClientId, (string?)token["aud"]);
        Assert.Equal(ProductionHost.TenantId, (string?)token["tid"]);
        Assert.Equal(alex.ObjectId, (string?)token["oid"]);
        Assert.False(string.IsNullOrEmpty((string?)token["sub"]));
        Assert.NotEqual(alex.ObjectId, (string?)token["sub"]);
        Assert.Equal("Alex Morgan", (string?)token["name"]);
        Assert.Equal(alex.SignInIdentity, (string?)token["preferred_username"]);
        Assert.Equal(alex.SignInIdentity, (string?)token["email"]);
        Assert.False(string.IsNullOrEmpty((string?)token["nonce"]));
        var roles = Assert.IsType<JsonArray>(token["roles"]);
        Assert.Equal(["Employee"], roles.Select(r => (string?)r));
        Assert.False(string.IsNullOrEmpty(form.State));
        Assert.Equal(new Uri(host.AppUrl, "/signin-oidc"), form.Action);
    }

    [Fact]
    public async Task Id_token_of_an_account_without_roles_carries_no_roles_claim()
    {
        var ct = TestContext.Current.CancellationToken;
        var account = host.Provider.Users.Put(
            OpenIdProvider.ProviderUser.Create(ProductionHost.TenantId, "Noor Roleless", $"noor.{Guid.NewGuid():N}@demo.transparency"));
        try
        {
            using var browser = host.NewSignInClient();
            var form = await browser.SignInAtProviderAsync(host.AppUrl, account.PreferredUsername, ct: ct);

            Assert.Null(IdTokens.Payload(form.IdToken)["roles"]);
            Assert.Equal(account.ObjectId, (string?)IdTokens.Payload(form.IdToken)["oid"]);
        }
        finally
        {
            host.Provider.Users.Remove(account.ObjectId);
        }
    }

    [Fact]
    public async Task Code_flow_gives_the_id_token_for_the_code_and_the_client_secret_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var alex = ProductionHost.Demo("Alex Morgan");
        var redirect = new Uri(host.AppUrl, "/signin-oidc").AbsoluteUri;
        var nonce = Guid.NewGuid().ToString("N");
        using var client = host.NewSignInClient();
        var form = await client.AuthorizeAsync(new Uri(
            $"{host.Provider.AuthorizationEndpoint}?client_id={ProductionHost.ClientId}&response_type=code&response_mode=form_post" +
            $"&scope=openid%20profile&nonce={nonce}&state=s1&redirect_uri={Uri.EscapeDataString(redirect)}"), alex.SignInIdentity, ct);
        var code = form.Fields["code"];

        FormUrlEncodedContent Exchange(string secret) => new(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirect,
            ["client_id"] = ProductionHost.ClientId, ["client_secret"] = secret,
        });
        using var wrongSecret = await client.Http.PostAsync(host.Provider.TokenEndpoint, Exchange("not-the-secret"), ct);
        using var exchanged = await client.Http.PostAsync(host.Provider.TokenEndpoint, Exchange(host.ClientSecret), ct);

        Assert.False(wrongSecret.IsSuccessStatusCode);
        Assert.Equal("invalid_client", (string?)JsonNode.Parse(await wrongSecret.Content.ReadAsStringAsync(ct))!["error"]);
        var body = await exchanged.Content.ReadAsStringAsync(ct);
        Assert.True(exchanged.StatusCode == HttpStatusCode.OK, body);
        var idToken = IdTokens.Payload((string)JsonNode.Parse(body)!["id_token"]!);
        Assert.Equal(alex.ObjectId, (string?)idToken["oid"]);
        Assert.Equal(nonce, (string?)idToken["nonce"]);
        Assert.Equal(["Employee"], idToken["roles"]!.AsArray().Select(r => (string?)r));
    }

    [Fact]
    public async Task A_renamed_account_signs_in_under_its_new_name_with_the_same_object_id()
    {
        var ct = TestContext.Current.CancellationToken;
        var priya = ProductionHost.Demo("Priya Natarajan");
        var renamed = $"priya.n.{Guid.NewGuid():N}@demo.transparency";
        host.Provider.Users.Rename(priya.ObjectId, renamed);
        try
        {
            using var browser = host.NewSignInClient();
            var token = IdTokens.Payload((await browser.SignInAtProviderAsync(host.AppUrl, renamed, ct: ct)).IdToken);
            Assert.Equal(priya.ObjectId, (string?)token["oid"]);
            Assert.Equal(renamed, (string?)token["preferred_username"]);

            using var stale = host.NewSignInClient();
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => stale.SignInAtProviderAsync(host.AppUrl, priya.SignInIdentity, ct: ct));
            Assert.Contains("There is no account with that sign-in name", refused.Message);
        }
        finally
        {
            host.Provider.Users.Put(ProductionHost.AccountOf(priya));
        }
    }

    [Fact]
    public async Task Provider_refuses_a_redirect_uri_that_is_not_registered()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = host.NewSignInClient();
        var authorize = $"{host.Provider.AuthorizationEndpoint}?client_id={ProductionHost.ClientId}&response_type=id_token&response_mode=form_post" +
                        $"&scope=openid&nonce=n1&state=s1&redirect_uri={Uri.EscapeDataString("https://evil.example/signin-oidc")}";

        using var response = await client.GetAsync(new Uri(authorize), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("evil.example", response.Headers.Location?.AbsoluteUri ?? "");
    }
}
