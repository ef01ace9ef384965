using System.Net;

namespace Transparency.Web.Tests.Hosting;

/// <summary>
/// The app's own assets (top-level wwwroot) and MudBlazor's (static web assets) reach an anonymous
/// browser with content: linked static assets have produced empty 200s before (aspnetcore #63570).
/// </summary>
public sealed class StaticAssetTests(TransparencyAppFactory app) : IClassFixture<TransparencyAppFactory>
{
    [Theory]
    [InlineData("/css/app.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task Own_asset_is_served_anonymously_from_the_top_level_wwwroot(string path, string mediaType)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        Assert.NotEmpty(body);
        var onDisk = await File.ReadAllBytesAsync(System.IO.Path.Combine(RepositoryRoot.Path, "wwwroot", path.TrimStart('/')), ct);
        Assert.Equal(onDisk, body);
    }

    [Fact]
    public async Task MudBlazor_stylesheet_is_served_anonymously()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync("/_content/MudBlazor/MudBlazor.min.css", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        var css = await response.Content.ReadAsStringAsync(ct);
        Assert.True(css.Length > 10_000, $"MudBlazor.min.css has only {css.Length} characters.");
        Assert.Contains(".mud-button", css);
    }

    [Fact]
    public async Task Every_stylesheet_the_page_links_to_is_served()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateBrowserClient();
        using var register = await client.GetAsync("/register", ct);
        var page = await TransparencyAppFactory.ParseAsync(register, ct);
        var links = page.QuerySelectorAll("link[rel='stylesheet'], link[rel='icon']").Select(l => l.GetAttribute("href")!).ToList();
        Assert.Equal(3, links.Count);

        foreach (var href in links)
        {
            using var response = await client.GetAsync("/" + href.TrimStart('/'), ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{href} answered {(int)response.StatusCode}.");
            Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync(ct));
        }
    }
}
