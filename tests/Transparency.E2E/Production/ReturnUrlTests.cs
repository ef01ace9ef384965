using System.Net;

namespace Transparency.E2E.Production;

/// <summary>
/// Where the app sends a person after the provider signed them in is a path on the app, whatever the return URL the
/// sign-in began with. Browsers drop tabs and line breaks from URLs and read a backslash as a slash, so
/// <c>/\tevil.example</c> and <c>/\evil.example</c> are other sites to them.
/// </summary>
[Collection(ProductionCollection.Name)]
public sealed class ReturnUrlTests(ProductionHost host)
{
    public static TheoryData<string> OffSite => ["/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "/\r\n/evil.example"];

    [Theory]
    [MemberData(nameof(OffSite))]
    public async Task After_sign_in_the_app_redirects_to_a_local_path(string returnUrl)
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = host.NewSignInClient();

        using var callback = await browser.SignInAsync(host.AppUrl, ProductionHost.Demo("Alex Morgan").SignInIdentity, returnUrl, ct);

        Assert.True(callback.StatusCode == HttpStatusCode.Found,
            $"The sign-in that began with returnUrl {Escape(returnUrl)} should end with a redirect; the app answered {(int)callback.StatusCode}.\n{host.Diagnostics()}");
        var location = SignInClient.RawLocation(callback) ?? "";
        Assert.True(IsLocalPath(location), $"returnUrl {Escape(returnUrl)} led to Location {Escape(location)}, which is not a plain path on the app.");
        // As a browser reads it (dropping tabs and line breaks), it stays on the app.
        var followed = new Uri(host.AppUrl, location.Replace("\t", "").Replace("\r", "").Replace("\n", ""));
        Assert.Equal(host.AppUrl.Authority, followed.Authority);
    }

    private static bool IsLocalPath(string location) =>
        location.StartsWith('/') && !location.StartsWith("//", StringComparison.Ordinal)
        && !location.Contains('\\') && !location.Any(char.IsControl);

    private static string Escape(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) ? $"\\x{(int)c:X2}" : c.ToString()));
}
