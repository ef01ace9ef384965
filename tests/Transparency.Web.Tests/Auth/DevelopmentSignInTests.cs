using System.Net;
using Transparency.Web.Tests.Hosting;
using static Transparency.Web.Tests.Hosting.TransparencyAppFactory;

namespace Transparency.Web.Tests.Auth;

/// <summary>The development sign-in's form handling: antiforgery, unknown people, and where it sends you afterwards.</summary>
public sealed class DevelopmentSignInTests(TransparencyAppFactory app) : IClassFixture<TransparencyAppFactory>
{
    private static string Alex => DemoUser("E00001").SignInIdentity;

    [Fact]
    public async Task Sign_in_without_an_antiforgery_token_is_refused_and_signs_no_one_in()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateBrowserClient();

        using var response = await client.PostAsync("/dev/sign-in", Form(token: null, Alex, "/"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
        using var home = await client.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Fact]
    public async Task Sign_in_with_a_token_from_another_visitor_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var other = app.CreateBrowserClient();
        var othersToken = await AntiforgeryTokenAsync(other, ct);
        using var client = app.CreateBrowserClient();
        await AntiforgeryTokenAsync(client, ct);

        using var response = await client.PostAsync("/dev/sign-in", Form(othersToken, Alex, "/"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_user_is_sent_back_with_an_error_and_not_signed_in()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateBrowserClient();
        var token = await AntiforgeryTokenAsync(client, ct);

        using var response = await client.PostAsync("/dev/sign-in", Form(token, "mallory@demo.transparency", "/"), ct);

        var location = await AssertSentBackAsync(client, response, "That demo user does not exist in this store", ct);
        Assert.Contains("error=unknown-user", location);
        using var home = await client.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Fact]
    public async Task Any_employee_signs_in_by_id_as_an_employee_only()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateBrowserClient();
        var token = await AntiforgeryTokenAsync(client, ct);

        // Jonas is on the works council as a demo user; by id he is an employee and nothing more.
        using var response = await client.PostAsync("/dev/sign-in",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("employeeId", "E00004"), new("returnUrl", "/my/records")]), ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/my/records", response.Headers.Location?.OriginalString);
        using var home = await client.GetAsync("/", ct);
        var page = await ParseAsync(home, ct);
        Assert.Equal("Jonas Weber", page.QuerySelector("[data-testid='signed-in-as']")?.TextContent.Trim());
        Assert.Equal("1", page.QuerySelector("[data-testid='figure-records'] [data-value]")?.GetAttribute("data-value"));
        using var report = await client.GetAsync("/council/reports", ct);
        Assert.Equal(HttpStatusCode.Redirect, report.StatusCode);
        Assert.Contains("/access-denied", report.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("E99999")]
    [InlineData("")]
    public async Task An_unknown_employee_id_is_sent_back_with_an_error_and_not_signed_in(string employeeId)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateBrowserClient();
        var token = await AntiforgeryTokenAsync(client, ct);

        using var response = await client.PostAsync("/dev/sign-in",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("employeeId", employeeId)]), ct);

        await AssertSentBackAsync(client, response, employeeId.Length == 0 ? "That demo user does not exist" : "No employee has that id", ct);
    }

    /// <summary>
    /// The sign-in was refused: the answer sets no sign-in cookie and sends the browser back to the sign-in page, which says
    /// <paramref name="alert"/>. Returns where it was sent.
    /// </summary>
    private static async Task<string> AssertSentBackAsync(HttpClient client, HttpResponseMessage response, string alert, CancellationToken ct)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
        var location = response.Headers.Location?.OriginalString;
        Assert.StartsWith("/dev/sign-in?", location);
        using var sentBack = await client.GetAsync(location, ct);
        var alerts = (await ParseAsync(sentBack, ct)).QuerySelectorAll("[role='alert']").Select(a => a.TextContent).ToList();
        Assert.Contains(alerts, a => a.Contains(alert));
        return location!;
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("/ /evil.example")]
    public async Task Sign_in_never_returns_to_another_site(string returnUrl)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateBrowserClient();
        var token = await AntiforgeryTokenAsync(client, ct);

        using var response = await client.PostAsync("/dev/sign-in", Form(token, Alex, returnUrl), ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        Assert.Contains(SetCookies(response), c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\\evil.example")]
    public async Task Sign_in_link_never_carries_a_foreign_return_address(string returnUrl)
    {
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync($"/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dev/sign-in?returnUrl=%2F", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.SignInAsync(DemoUser("E00001"));
        using var home = await client.GetAsync("/", ct);
        var page = await ParseAsync(home, ct);
        var token = page.QuerySelector("form[action='/sign-out'] input[name='__RequestVerificationToken']")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(token));

        using var signOut = await client.PostAsync("/sign-out",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), ct);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        using var after = await client.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/dev/sign-in", after.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_cookie_kept_from_before_sign_out_opens_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateBrowserClient();
        using var signIn = await client.PostAsync("/dev/sign-in", Form(await AntiforgeryTokenAsync(client, ct), Alex, "/"), ct);
        var kept = SetCookies(signIn).Single(c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal)).Split(';')[0];
        using var home = await client.GetAsync("/", ct);
        var page = await ParseAsync(home, ct);
        var token = page.QuerySelector("form[action='/sign-out'] input[name='__RequestVerificationToken']")!.GetAttribute("value")!;

        using var signOut = await client.PostAsync("/sign-out", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), ct);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        using var replay = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        replay.DefaultRequestHeaders.Add("Cookie", kept);
        using var records = await replay.GetAsync("/my/records", ct);
        using var download = await replay.GetAsync("/files/my/export.zip", ct);

        Assert.Equal(HttpStatusCode.Redirect, records.StatusCode);
        Assert.Contains("/dev/sign-in", records.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, download.StatusCode);
    }

    [Fact]
    public async Task Sign_out_without_the_antiforgery_token_is_refused_and_keeps_the_session()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await app.SignInAsync(DemoUser("E00001"));

        // What a form on another site would send: no token.
        using var signOut = await client.PostAsync("/sign-out", new FormUrlEncodedContent([]), ct);

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        using var after = await client.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
