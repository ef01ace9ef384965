using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transparency.Core.ApiClients;
using Transparency.Web.Tests.Hosting;

namespace Transparency.Web.Tests.Api;

/// <summary>
/// Each training client gets so many export and feed requests a minute; past that it is told when to come back, and
/// nothing is exported or recorded for the refused request. Another client is not held back by it.
/// </summary>
public sealed class TrainingExportLimitTests(TrainingExportLimitTests.FewRequestsFactory app) : IClassFixture<TrainingExportLimitTests.FewRequestsFactory>
{
    /// <summary>One export at a time on this instance, and none waiting.</summary>
    public sealed class OneAtATimeFactory : TransparencyAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("TrainingExport:ConcurrentRequests", "1");
            builder.UseSetting("TrainingExport:QueuedRequests", "0");
            builder.UseSetting("TrainingExport:SettleSeconds", "0");
        }
    }

    public const int RequestsPerMinute = 3;

    public sealed class FewRequestsFactory : TransparencyAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("TrainingExport:RequestsPerMinute", RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_past_its_requests_per_minute_gets_429_with_Retry_After_and_nothing_is_exported()
    {
        using var client = await ClientAsync("busy-pipeline");
        using var other = await ClientAsync("other-pipeline");
        for (var i = 0; i < RequestsPerMinute; i++)
        {
            // Export pages and feed reads draw on the same allowance.
            using var allowed = await client.GetAsync(i % 2 == 0 ? "/api/v1/training/records?limit=1" : "/api/v1/training/revocations", Ct);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        var batches = await ExportBatchCountAsync();

        using var refused = await client.GetAsync("/api/v1/training/records?limit=1", Ct);
        using var feedRefused = await client.GetAsync("/api/v1/training/revocations", Ct);
        using var otherAllowed = await other.GetAsync("/api/v1/training/revocations", Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, feedRefused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Nothing was exported", problem.RootElement.GetProperty("detail").GetString());
        Assert.False(refused.Headers.Contains("X-Export-Batch"));
        Assert.Equal(batches, await ExportBatchCountAsync());
        Assert.Equal(HttpStatusCode.OK, otherAllowed.StatusCode);
    }

    private async Task<HttpClient> ClientAsync(string name)
    {
        var key = await app.Services.GetRequiredService<ApiClientService>().CreateAsync($"{name}-{Guid.NewGuid():N}", [ApiScopes.TrainingRead], Ct);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        return client;
    }

    private async Task<int> ExportBatchCountAsync()
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        return await db.ExportBatches.CountAsync(Ct);
    }
}
