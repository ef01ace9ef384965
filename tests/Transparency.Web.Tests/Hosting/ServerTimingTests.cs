using System.Globalization;
using System.Net;

namespace Transparency.Web.Tests.Hosting;

/// <summary>Every answer says how long the server worked on it, as an operator reads it in the browser's network panel.</summary>
public sealed class ServerTimingTests(TransparencyAppFactory app) : IClassFixture<TransparencyAppFactory>
{
    [Theory]
    [InlineData("/register", HttpStatusCode.OK)]
    [InlineData("/my/records", HttpStatusCode.Redirect)]
    [InlineData("/api/v1/training/records", HttpStatusCode.Unauthorized)]
    [InlineData("/favicon.svg", HttpStatusCode.OK)]
    public async Task An_answer_carries_the_servers_time(string path, HttpStatusCode status)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        var timing = Assert.Single(response.Headers.GetValues("Server-Timing"));
        Assert.StartsWith("app;dur=", timing);
        var ms = double.Parse(timing["app;dur=".Length..], CultureInfo.InvariantCulture);
        Assert.InRange(ms, 0, 60_000);
    }
}
