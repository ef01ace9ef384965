using System.Net;
using AngleSharp.Html.Dom;
using Transparency.Core.EventStore;
using Transparency.Core.Notices;
using Transparency.Core.Policies;
using Transparency.Web.Components.Layout;
using Transparency.Web.Tests.Hosting;
using static Transparency.Web.Tests.Hosting.TransparencyAppFactory;

namespace Transparency.Web.Tests.Pages;

/// <summary>
/// The layout's two forms through the real app, as a browser without a circuit sends them: the notice menu's
/// "Mark all as read" (with the page's antiforgery token) and the theme button (without one). Both come back to the page
/// the browser says they were sent from, when it is a page of the app.
/// </summary>
public sealed class LayoutFormsTests(TransparencyAppFactory app) : IClassFixture<TransparencyAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Mark all as read

    [Fact]
    public async Task Mark_all_as_read_reads_the_signed_in_employees_notices_only_and_comes_back_to_the_page()
    {
        await AddNoticesAsync("E00001", 2);
        await AddNoticesAsync("E00004", 1);
        var client = await app.ClientForAsync("E00001");
        var page = await GetPageAsync(client, "/my/access");
        Assert.Equal("Notices, 2 unread", Bell(page));
        var form = Form(page, "/my/notices/read");

        using var response = await client.SendAsync(Post("/my/notices/read", Fields(form), client, "/my/access"), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/my/access", response.Headers.Location?.OriginalString);
        Assert.Equal(0, await UnreadAsync("E00001"));
        Assert.Equal(1, await UnreadAsync("E00004"));
        var after = await GetPageAsync(client, "/my/access");
        Assert.Equal("Notices, none unread", Bell(after));
        Assert.Null(after.QuerySelector("[data-testid='notice-count']"));
        Assert.All(after.QuerySelectorAll("[data-notice]"), n => Assert.Equal("true", n.GetAttribute("data-read")));
        Assert.True(after.QuerySelector("[data-testid='notice-mark-read']")!.HasAttribute("disabled"));
    }

    [Fact]
    public async Task Mark_all_as_read_without_the_antiforgery_token_is_refused_and_reads_nothing()
    {
        await AddNoticesAsync("E00006", 2);
        var client = await app.ClientForAsync("E00006");

        // What a form on another site would send: no token.
        using var response = await client.SendAsync(Post("/my/notices/read", new FormUrlEncodedContent([]), client, "/"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(2, await UnreadAsync("E00006"));
        Assert.Equal("Notices, 2 unread", Bell(await GetPageAsync(client, "/")));
    }

    // The theme

    [Fact]
    public async Task The_theme_button_sets_the_theme_cookie_and_comes_back_to_the_page_in_that_theme()
    {
        using var client = app.CreateBrowserClient();
        var page = await GetPageAsync(client, "/register");
        Assert.Equal("Use the dark theme", ThemeButton(page));
        var form = Form(page, "/preferences/theme");
        Assert.Equal("dark", Hidden(form, "theme"));
        // The theme form carries no antiforgery token: outside Development the token's cookie may only travel over HTTPS,
        // and a page a visitor reads without signing in must render over plain HTTP too.
        Assert.Null(form.QuerySelector("input[name='__RequestVerificationToken']"));

        using var response = await client.SendAsync(Post("/preferences/theme", Fields(form), client, "/register"), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/register", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(SetCookies(response), c => c.StartsWith(ThemeChoice.Cookie + "=", StringComparison.Ordinal));
        Assert.StartsWith("theme=dark;", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=", cookie, StringComparison.OrdinalIgnoreCase);
        var after = await GetPageAsync(client, "/register");
        Assert.Equal("Use the light theme", ThemeButton(after));
        Assert.Equal("light", Hidden(Form(after, "/preferences/theme"), "theme"));
    }

    [Theory]
    [InlineData("/my/records?kind=click", "/my/records?kind=click")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("http://evil.example/my/records", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("not a page", "/")]
    [InlineData(null, "/")]
    public async Task The_theme_form_comes_back_only_to_a_page_of_the_app(string? referrer, string location)
    {
        using var client = app.CreateBrowserClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/preferences/theme") { Content = ThemeForm("light") };
        if (referrer is not null)
            request.Headers.TryAddWithoutValidation("Referer", referrer.StartsWith('/') && !referrer.StartsWith("//") ? new Uri(client.BaseAddress!, referrer).ToString() : referrer);

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
        Assert.Contains(SetCookies(response), c => c.StartsWith("theme=light;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_theme_is_a_problem_and_sets_nothing()
    {
        using var client = app.CreateBrowserClient();

        using var response = await client.PostAsync("/preferences/theme", ThemeForm("blue"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"Unknown theme\"", await response.Content.ReadAsStringAsync(Ct));
        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith(ThemeChoice.Cookie + "=", StringComparison.Ordinal));
        Assert.Equal("Use the dark theme", ThemeButton(await GetPageAsync(client, "/register")));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("theme=dark", null, true)]
    [InlineData("theme=light", null, false)]
    [InlineData(null, "\"dark\"", true)]
    [InlineData(null, "\"light\"", false)]
    // The person's own choice wins over what the browser prefers.
    [InlineData("theme=light", "\"dark\"", false)]
    [InlineData("theme=dark", "\"light\"", true)]
    public async Task A_page_renders_in_the_chosen_theme_else_the_one_the_browser_prefers(string? cookie, string? hint, bool dark)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/register");
        if (cookie is not null)
            request.Headers.Add("Cookie", cookie);
        if (hint is not null)
            request.Headers.Add(ThemeChoice.Hint, hint);

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await ParseAsync(response, Ct);
        Assert.Equal(dark ? "Use the light theme" : "Use the dark theme", ThemeButton(page));
        var palette = dark ? AppTheme.Theme.PaletteDark : (MudBlazor.Palette)AppTheme.Theme.PaletteLight;
        Assert.Contains($"--mud-palette-appbar-background: {palette.AppbarBackground}",
            string.Concat(page.QuerySelectorAll("style").Select(s => s.TextContent)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_page_asks_the_browser_for_its_colour_scheme()
    {
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync("/register", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([ThemeChoice.Hint], response.Headers.GetValues("Accept-CH"));
        Assert.False(response.Headers.Contains("Critical-CH"));
        // A cache keeps the light and the dark page apart.
        Assert.Contains(ThemeChoice.Hint, response.Headers.Vary);
    }

    // Helpers

    /// <summary><paramref name="count"/> unread notices for the employee, with text no other test uses.</summary>
    private async Task AddNoticesAsync(string employeeId, int count)
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        for (var i = 0; i < count; i++)
            db.Notices.Add(NoticeService.Create(employeeId, DateTime.UtcNow.AddMinutes(-1 - i), NoticeKind.FlagResolved, $"Notice {i} for {employeeId}.", "/my/records"));
        await db.SaveChangesAsync(Ct);
    }

    private Task<int> UnreadAsync(string employeeId) =>
        new NoticeService(app.Store.Contexts, TimeProvider.System).UnreadCountAsync(new EmployeeId(employeeId), Ct);

    private static async Task<IHtmlDocument> GetPageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ParseAsync(response, Ct);
    }

    private static string? Bell(IHtmlDocument page) => page.QuerySelector("[data-testid='notice-bell'] button[popovertarget]")?.GetAttribute("aria-label");

    private static string? ThemeButton(IHtmlDocument page) => page.QuerySelector("form[action='/preferences/theme'] button[type='submit']")?.GetAttribute("aria-label");

    private static IHtmlFormElement Form(IHtmlDocument page, string action) =>
        Assert.IsType<IHtmlFormElement>(page.QuerySelector($"form[action='{action}'][method='post']"), exactMatch: false);

    private static string? Hidden(IHtmlFormElement form, string name) =>
        form.QuerySelector($"input[type='hidden'][name='{name}']")?.GetAttribute("value");

    /// <summary>What a browser sends for the form: its fields, the antiforgery token among them.</summary>
    private static FormUrlEncodedContent Fields(IHtmlFormElement form)
    {
        var fields = form.QuerySelectorAll("input[name]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToList();
        return new FormUrlEncodedContent(fields);
    }

    private static FormUrlEncodedContent ThemeForm(string theme) => new([new("theme", theme)]);

    /// <summary>A form post as the browser sends it from the page at <paramref name="from"/> (the app's Referrer-Policy sends the referrer to the app).</summary>
    private static HttpRequestMessage Post(string action, HttpContent fields, HttpClient client, string from)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = fields };
        request.Headers.Referrer = new Uri(client.BaseAddress!, from);
        return request;
    }
}
