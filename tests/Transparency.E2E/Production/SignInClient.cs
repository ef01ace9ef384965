using System.Net;
using System.Text.RegularExpressions;
using Transparency.OpenIdProvider;

namespace Transparency.E2E.Production;

/// <summary>The page the provider ends a sign-in with: a form the browser posts to the app's callback (<c>response_mode=form_post</c>).</summary>
public sealed partial record ProviderFormPost(Uri Action, IReadOnlyDictionary<string, string> Fields)
{
    public string IdToken => Fields["id_token"];
    public string State => Fields["state"];

    /// <summary>The same post with another ID token.</summary>
    public ProviderFormPost WithIdToken(string idToken) =>
        this with { Fields = new Dictionary<string, string>(Fields) { ["id_token"] = idToken } };

    public static ProviderFormPost Parse(string html, Uri page)
    {
        var form = FormTag().Match(html);
        if (!form.Success)
            throw new FormatException($"No form in the provider's answer:\n{html}");
        var fields = HiddenInput().Matches(html)
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        return new ProviderFormPost(new Uri(page, WebUtility.HtmlDecode(form.Groups["action"].Value)), fields);
    }

    [GeneratedRegex("""<form[^>]*\baction="(?<action>[^"]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex FormTag();

    [GeneratedRegex("""<input[^>]*\btype="hidden"[^>]*\bname="(?<name>[^"]*)"[^>]*\bvalue="(?<value>[^"]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}

/// <summary>
/// An HttpClient that plays the browser in the sign-in, one step at a time: its own cookies, no automatic redirects,
/// TLS validated against the test CA. Each step checks that the answer is the one the protocol says comes next.
/// </summary>
public sealed partial class SignInClient(TestCertificateAuthority tls, Func<string>? diagnostics = null) : IDisposable
{
    public const string AuthCookie = ".AspNetCore.Cookies";

    public CookieContainer Cookies { get; } = new();

    private HttpClient? _http;
    public HttpClient Http => _http ??= new HttpClient(tls.CreateHandler(Cookies)) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// From the app's <c>/sign-in</c> to the provider's form_post page: the app challenges, the provider shows its
    /// sign-in form, the account signs in, and the provider answers with the ID token for the app.
    /// </summary>
    public async Task<ProviderFormPost> SignInAtProviderAsync(Uri app, string username, string? returnUrl = null, CancellationToken ct = default)
    {
        var start = new Uri(app, returnUrl is null ? "/sign-in" : $"/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}");
        var authorize = await RedirectAsync(HttpMethod.Get, start, null, "the app's /sign-in sends the browser to the provider", ct);
        return await AuthorizeAsync(authorize, username, ct);
    }

    /// <summary>
    /// An authorization request at the provider by a browser without a session there: the sign-in form, the account
    /// signs in, and the provider's form_post page for the client.
    /// </summary>
    public async Task<ProviderFormPost> AuthorizeAsync(Uri authorize, string username, CancellationToken ct = default)
    {
        var login = await RedirectAsync(HttpMethod.Get, authorize, null, "the provider sends a browser without a session to its sign-in form", ct);

        using var form = await Http.GetAsync(login, ct);
        var formHtml = await form.Content.ReadAsStringAsync(ct);
        if (form.StatusCode != HttpStatusCode.OK)
            throw Unexpected("the provider shows its sign-in form", login, form, formHtml);
        var providerReturn = WebUtility.HtmlDecode(ReturnUrlInput().Match(formHtml).Groups["value"].Value);

        var back = await RedirectAsync(HttpMethod.Post, login,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = username, ["returnUrl"] = providerReturn }),
            "the provider signs the account in and goes back to the authorization request", ct);
        using var answer = await Http.GetAsync(back, ct);
        var html = await answer.Content.ReadAsStringAsync(ct);
        if (answer.StatusCode != HttpStatusCode.OK || !html.Contains("<form", StringComparison.OrdinalIgnoreCase))
            throw Unexpected("the provider answers with a form_post page for the client", back, answer, html);
        return ProviderFormPost.Parse(html, back);
    }

    /// <summary>Posts the provider's form to the app, as the browser would.</summary>
    public Task<HttpResponseMessage> PostAsync(ProviderFormPost form, CancellationToken ct = default) =>
        Http.PostAsync(form.Action, new FormUrlEncodedContent(form.Fields), ct);

    /// <summary>A full sign-in: the app's answer to the posted ID token.</summary>
    public async Task<HttpResponseMessage> SignInAsync(Uri app, string username, string? returnUrl = null, CancellationToken ct = default) =>
        await PostAsync(await SignInAtProviderAsync(app, username, returnUrl, ct), ct);

    public Task<HttpResponseMessage> GetAsync(Uri uri, CancellationToken ct = default) => Http.GetAsync(uri, ct);

    /// <summary>The app's sign-in cookie (possibly chunked) as the cookie container holds it for <paramref name="app"/>.</summary>
    public IReadOnlyList<Cookie> AuthCookies(Uri app) =>
        Cookies.GetCookies(app).Where(c => c.Name.StartsWith(AuthCookie, StringComparison.Ordinal)).ToList();

    /// <summary>Whether a response sets the app's sign-in cookie (with a value: a deletion does not count).</summary>
    public static bool SetsAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
        && cookies.Any(c => c.StartsWith(AuthCookie, StringComparison.Ordinal) && !c.Contains("=;", StringComparison.Ordinal)
                            && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));

    /// <summary>The raw Location header, unparsed: a header with a tab or a backslash must be seen as sent.</summary>
    public static string? RawLocation(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("Location", out var values) ? values.ToString() : null;

    private async Task<Uri> RedirectAsync(HttpMethod method, Uri uri, HttpContent? content, string step, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        using var response = await Http.SendAsync(request, ct);
        if (response.StatusCode is not (HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.Redirect) || response.Headers.Location is null)
            throw Unexpected(step, uri, response, await response.Content.ReadAsStringAsync(ct));
        return new Uri(uri, response.Headers.Location);
    }

    private Exception Unexpected(string step, Uri uri, HttpResponseMessage response, string body) =>
        new InvalidOperationException(
            $"Expected: {step}. {response.RequestMessage?.Method} {uri} answered {(int)response.StatusCode} " +
            $"(Location: {RawLocation(response) ?? "none"}):\n{Shorten(body)}" +
            (diagnostics is null ? "" : $"\n--- diagnostics ---\n{diagnostics()}"));

    private static string Shorten(string body) => body.Length <= 2000 ? body : body[..2000] + "…";

    [GeneratedRegex("""<input[^>]*\bname="returnUrl"[^>]*\bvalue="(?<value>[^"]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex ReturnUrlInput();

    public void Dispose() => _http?.Dispose();
}
