using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transparency.Core.ApiClients;
using static Transparency.Testing.CaptureBatches;

namespace Transparency.Web.Tests.Api;

/// <summary>
/// An instance serves only so many training reads at once, whoever asks: while one client's page is still being sent,
/// another client's request beyond the cap is told to come back, and nothing is exported for it.
/// </summary>
public sealed class TrainingExportConcurrencyTests(TrainingExportLimitTests.OneAtATimeFactory app) : IClassFixture<TrainingExportLimitTests.OneAtATimeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_read_beyond_the_instances_cap_gets_429_while_a_page_is_being_sent_and_nothing_is_exported()
    {
        // A page far larger than the buffers between the app and its client, so it is still being sent while nobody reads it.
        using var capture = await ClientAsync(ApiScopes.CaptureWrite);
        var text = new string('x', 3_000);
        for (var batch = 0; batch < 4; batch++)
        {
            using var ingested = await capture.PostAsync("/api/v1/capture-records",
                new ByteArrayContent(Json([.. Enumerable.Range(0, 50).Select(_ => Keystrokes("E00002", text: text))]))
                    { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }, Ct);
            Assert.Equal(HttpStatusCode.OK, ingested.StatusCode);
        }
        using var first = await ClientAsync(ApiScopes.TrainingRead);
        using var second = await ClientAsync(ApiScopes.TrainingRead);

        using var sending = await first.GetAsync("/api/v1/training/records?limit=1000", HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, sending.StatusCode);
        var batches = await ExportBatchCountAsync();
        using var refused = await second.GetAsync("/api/v1/training/revocations", Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        using (var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct)))
            Assert.Contains("as many requests as it takes at once", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(batches, await ExportBatchCountAsync());

        // Once the page has been read to its end, the next read is served.
        var page = await sending.Content.ReadAsStringAsync(Ct);
        Assert.Equal(200, page.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - BeforeTestRecords(page));
        sending.Dispose();
        using var served = await RetryAsync(() => second.GetAsync("/api/v1/training/revocations", Ct));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    /// <summary>The factory's own eligible records, which the page carries before this test's 200.</summary>
    private static int BeforeTestRecords(string page) =>
        page.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => !l.Contains(new string('x', 100), StringComparison.Ordinal));

    /// <summary>The cap's permit goes back when the finished response is disposed, which a moment after the client has it.</summary>
    private static async Task<HttpResponseMessage> RetryAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == 50)
                return response;
            response.Dispose();
            await Task.Delay(100, Ct);
        }
    }

    private async Task<HttpClient> ClientAsync(string scope)
    {
        var key = await app.Services.GetRequiredService<ApiClientService>().CreateAsync($"cap-{Guid.NewGuid():N}", [scope], Ct);
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
