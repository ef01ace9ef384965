using System.Net;
using System.Text.RegularExpressions;
using Transparency.Core.EventStore;
using Transparency.OpenIdProvider;
using Transparency.Testing;

namespace Transparency.E2E.Production;

/// <summary>
/// Two app processes behind one load balancer, on one PostgreSQL store, each with its own HOME: a sign-in and a form
/// made by one are good at the other, as they are when a request lands on another instance.
/// </summary>
[Collection(ProductionCollection.Name)]
public sealed partial class SharedStoreTests(ProductionHost host)
{
    private const string ClientId = "4d2f8e6a-1b3c-4e5f-8a7b-9c0d1e2f3a4b";

    [Fact]
    public async Task A_sign_in_and_a_form_from_one_instance_are_accepted_by_the_other()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(StoreProvider.Postgres, migrate: false);
        int portA = LoopbackPort.Free(), portB = LoopbackPort.Free();
        await host.RegisterClientAsync(ClientId, portA, portB);
        await using var a = await host.StartAppAsync(store, ClientId, portA, fillStore: true);
        await using var b = await host.StartAppAsync(store, ClientId, portB, fillStore: false);
        string Diagnostics() => $"--- A ---\n{a.OutputTail(40)}\n--- B ---\n{b.OutputTail(40)}";
        using var browser = new SignInClient(host.Tls, Diagnostics);

        using var signedIn = await browser.SignInAsync(a.BaseAddress, ProductionHost.Demo("Alex Morgan").SignInIdentity, ct: ct);
        Assert.True(SignInClient.SetsAuthCookie(signedIn), $"A did not sign Alex in ({(int)signedIn.StatusCode}).\n{Diagnostics()}");

        // The browser's cookies are the same for both (cookies do not care for ports); B reads A's cookie.
        using var records = await browser.GetAsync(new Uri(b.BaseAddress, "/my/records"), ct);
        Assert.False(records.Headers.Location?.AbsoluteUri.StartsWith(host.Provider.AuthorizationEndpoint.AbsoluteUri, StringComparison.Ordinal) ?? false,
            $"B does not recognise A's sign-in cookie: it sent the browser to sign in again.\n{Diagnostics()}");
        Assert.True(records.StatusCode == HttpStatusCode.OK, $"B answered /my/records with {(int)records.StatusCode} {records.Headers.Location}.\n{Diagnostics()}");
        var page = await records.Content.ReadAsStringAsync(ct);
        Assert.Contains("Alex Morgan", page);
        Assert.Contains("My records", page);

        // The sign-out form as A rendered it, posted to B.
        using var home = await browser.GetAsync(new Uri(a.BaseAddress, "/"), ct);
        var html = await home.Content.ReadAsStringAsync(ct);
        var token = SignOutFormToken().Match(html);
        Assert.True(token.Success, $"A's page ({(int)home.StatusCode}) has no sign-out form with an antiforgery token:\n{html[..Math.Min(html.Length, 2000)]}");
        using var signOut = await browser.Http.PostAsync(new Uri(b.BaseAddress, "/sign-out"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["token"].Value) }), ct);
        Assert.True(signOut.StatusCode != HttpStatusCode.BadRequest && (int)signOut.StatusCode < 500,
            $"B refused the antiforgery token A issued: {(int)signOut.StatusCode}.\n{Diagnostics()}");
    }

    [GeneratedRegex("""<form[^>]*action="/sign-out"[^>]*>.*?name="__RequestVerificationToken"[^>]*value="(?<token>[^"]+)""", RegexOptions.Singleline)]
    private static partial Regex SignOutFormToken();
}
