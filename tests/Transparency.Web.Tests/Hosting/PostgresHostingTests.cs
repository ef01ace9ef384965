using System.Net;
using System.Text.Json;
using Transparency.Core.Register;

namespace Transparency.Web.Tests.Hosting;

/// <summary>The app over PostgreSQL, the production store: start-up, sign-in and the pages that read the store.</summary>
public sealed class PostgresHostingTests(PostgresAppFactory app) : IClassFixture<PostgresAppFactory>
{
    [Fact]
    public async Task Health_check_reports_a_current_PostgreSQL_store()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync("/healthz", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Start_up_fills_the_register_and_the_register_page_shows_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = app.CreateBrowserClient();

        using var response = await client.GetAsync("/register", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = TransparencyAppFactory.VisibleText(await TransparencyAppFactory.ParseAsync(response, ct));
        Assert.All(ProcessingRegister.Defaults, p => Assert.Contains(p.LegalBasis, text));
    }

    [Theory]
    [InlineData("E00001")]
    [InlineData("E00006")]
    public async Task Signed_in_employee_sees_their_own_summary(string employeeId)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = TransparencyAppFactory.DemoUser(employeeId);
        using var client = await app.SignInAsync(user);

        using var response = await client.GetAsync("/", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await TransparencyAppFactory.ParseAsync(response, ct);
        Assert.Contains($"{user.DisplayName} · {TransparencyAppFactory.OrgUnitName}", TransparencyAppFactory.VisibleText(page));
        Assert.Equal(TransparencyAppFactory.RecordsPerEmployee[employeeId].ToString(),
            page.QuerySelector("[data-testid='figure-records'] [data-value]")?.TextContent.Trim());
    }
}
