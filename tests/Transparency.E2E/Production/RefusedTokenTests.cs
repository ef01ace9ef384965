using System.Net;
using System.Security.Cryptography;

namespace Transparency.E2E.Production;

/// <summary>
/// The app's sign-in callback accepts the provider's genuine ID token and nothing else. An HttpClient plays the
/// browser through the real flow; for each refusal the provider's token is swapped for one that differs in one thing.
/// </summary>
[Collection(ProductionCollection.Name)]
public sealed class RefusedTokenTests(ProductionHost host)
{
    private static readonly string Alex = ProductionHost.Demo("Alex Morgan").SignInIdentity;

    [Fact]
    public async Task The_genuine_id_token_signs_the_user_in()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = host.NewSignInClient();
        var form = await browser.SignInAtProviderAsync(host.AppUrl, Alex, ct: ct);

        using var callback = await browser.PostAsync(form, ct);

        Assert.True(callback.StatusCode == HttpStatusCode.Found && SignInClient.SetsAuthCookie(callback),
            $"The app should accept the provider's token with a sign-in cookie and a redirect; it answered {(int)callback.StatusCode}.\n{host.Diagnostics()}");
        using var records = await browser.GetAsync(new Uri(host.AppUrl, "/my/records"), ct);
        var location = records.Headers.Location?.AbsoluteUri ?? "";
        Assert.False(location.StartsWith(host.Provider.AuthorizationEndpoint.AbsoluteUri, StringComparison.Ordinal),
            "The app did not recognise its own new sign-in cookie: /my/records went back to the provider.");
        Assert.True(records.StatusCode == HttpStatusCode.OK,
            $"/my/records with the new cookie: {(int)records.StatusCode} {SignInClient.RawLocation(records)}\n{host.Diagnostics()}");
        Assert.Contains("Alex Morgan", await records.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task A_copy_re_signed_with_the_providers_key_is_accepted()
    {
        // The control for the forgeries below: a copy re-signed here with one harmless claim more (Entra ID tokens carry
        // many the app does not read) is still a good token, so each forgery is refused for the one thing it changes.
        var ct = TestContext.Current.CancellationToken;
        using var browser = host.NewSignInClient();
        var form = await browser.SignInAtProviderAsync(host.AppUrl, Alex, ct: ct);
        var copy = IdTokens.Forge(form.IdToken, host.Provider.SigningKey, p => p["xms_pl"] = "en");

        using var callback = await browser.PostAsync(form.WithIdToken(copy), ct);

        Assert.True(callback.StatusCode == HttpStatusCode.Found && SignInClient.SetsAuthCookie(callback),
            $"The app should accept a re-signed copy of the provider's token; it answered {(int)callback.StatusCode}.\n{host.Diagnostics()}");
    }

    public static TheoryData<string> Forgeries => [.. Forgers.Keys];

    /// <summary>Each case changes one thing of a genuine token; all but the unknown keys are signed with the provider's own key.</summary>
    private static readonly Dictionary<string, Func<ProductionHost, string, string>> Forgers = new()
    {
        ["another audience"] = (h, t) => IdTokens.Forge(t, h.Provider.SigningKey, p => p["aud"] = Guid.NewGuid().ToString()),
        ["another issuer"] = (h, t) => IdTokens.Forge(t, h.Provider.SigningKey, p => p["iss"] = "https://127.0.0.1:1/" + ProductionHost.TenantId + "/v2.0"),
        ["another tenant"] = (h, t) =>
        {
            var tenant = Guid.NewGuid().ToString();
            return IdTokens.Forge(t, h.Provider.SigningKey, p =>
            {
                p["tid"] = tenant;
                p["iss"] = $"{h.Provider.Instance.AbsoluteUri}{tenant}/v2.0";
            });
        },
        ["expired"] = (h, t) => IdTokens.Forge(t, h.Provider.SigningKey, p =>
        {
            var issued = DateTimeOffset.UtcNow.AddHours(-2);
            p["iat"] = IdTokens.UnixTime(issued);
            p["nbf"] = IdTokens.UnixTime(issued);
            // An hour past expiry: well beyond any clock skew allowance (five minutes by default).
            p["exp"] = IdTokens.UnixTime(issued.AddHours(1));
        }),
        ["an unknown key with the provider's key id"] = (_, t) =>
        {
            using var stranger = RSA.Create(2048);
            return IdTokens.Forge(t, stranger);
        },
        ["an unknown key without a key id"] = (_, t) =>
        {
            using var stranger = RSA.Create(2048);
            return IdTokens.Forge(t, stranger, header: h => h.Remove("kid"));
        },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_id_token_signs_nobody_in(string forgery)
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = host.NewSignInClient();
        var form = await browser.SignInAtProviderAsync(host.AppUrl, Alex, ct: ct);
        var forged = Forgers[forgery](host, form.IdToken);
        Assert.NotEqual(form.IdToken, forged);

        using var callback = await browser.PostAsync(form.WithIdToken(forged), ct);

        await AssertRefusedAsync(browser, callback, $"a token with {forgery}", ct);
    }

    [Fact]
    public async Task A_replayed_id_token_signs_nobody_in()
    {
        var ct = TestContext.Current.CancellationToken;
        string earlier;
        using (var first = host.NewSignInClient())
        {
            var completed = await first.SignInAtProviderAsync(host.AppUrl, Alex, ct: ct);
            using var accepted = await first.PostAsync(completed, ct);
            earlier = completed.IdToken;
        }
        using var browser = host.NewSignInClient();
        var form = await browser.SignInAtProviderAsync(host.AppUrl, Alex, ct: ct);
        Assert.NotEqual(IdTokens.Payload(earlier)["nonce"]?.GetValue<string>(), IdTokens.Payload(form.IdToken)["nonce"]?.GetValue<string>());

        // The earlier sign-in's genuine token, posted with this sign-in's state: its nonce belongs to another sign-in.
        using var callback = await browser.PostAsync(form.WithIdToken(earlier), ct);

        await AssertRefusedAsync(browser, callback, "a replayed token (another sign-in's nonce)", ct);
    }

    private async Task AssertRefusedAsync(SignInClient browser, HttpResponseMessage callback, string what, CancellationToken ct)
    {
        var status = (int)callback.StatusCode;
        Assert.False(SignInClient.SetsAuthCookie(callback), $"The app issued a sign-in cookie for {what} ({status}).");
        Assert.True(status < 500, $"The app answered {what} with {status} instead of refusing it cleanly.\n{host.Diagnostics()}");
        using var records = await browser.GetAsync(new Uri(host.AppUrl, "/my/records"), ct);
        var location = records.Headers.Location?.AbsoluteUri ?? "";
        Assert.True(records.StatusCode == HttpStatusCode.Found && location.StartsWith(host.Provider.AuthorizationEndpoint.AbsoluteUri, StringComparison.Ordinal),
            $"After {what}, /my/records should still send the browser to the provider; it answered {(int)records.StatusCode} {location}.");
    }
}
