using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Transparency.Core.ApiClients;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Testing;
using Transparency.Web.Tests.Hosting;

namespace Transparency.Web.Tests.Api;

/// <summary>
/// Two training clients over HTTP, each with its own API key: each reads the revocations of what it took and nothing
/// else, and no line says which of an employee's choices ended a record's eligibility.
/// </summary>
public abstract class RevocationFeedIsolationTests<TFactory>(TFactory app) where TFactory : TransparencyAppFactory
{
    private const string RecordsPath = "/api/v1/training/records";
    private const string RevocationsPath = "/api/v1/training/revocations";

    /// <summary>Everything a line may name; a reason class or an eligibility clause would show up as another word.</summary>
    private static readonly string[] LineProperties = ["sequence", "recordId", "employeeId", "exportBatchId", "reason", "ineligibleSince", "recordedAt"];

    private static readonly string[] Telling =
    [
        "withheld", "opted_out", "optedOut", "flagged", "quarantined", "deleted", "redacted", "purged", "retention", "rule",
        "sensitive", "not_for_training", "reasons",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_client_reads_only_revocations_of_records_it_exported_and_never_the_reason()
    {
        using var first = await ClientAsync("first");
        using var second = await ClientAsync("second");
        using var idle = await ClientAsync("idle");

        // The first client takes the first four records; the second the first two again and everything after the
        // first client's four.
        var (firstPage, firstBatch, afterFour) = await ExportAsync(first, "?limit=4");
        var (secondHead, secondHeadBatch, _) = await ExportAsync(second, "?limit=2");
        var (secondTail, secondTailBatch, next) = await ExportAsync(second, "?limit=10000&after=" + Uri.EscapeDataString(afterFour!));
        Assert.Null(next);
        Assert.Equal(firstPage.Take(2).Select(r => r.Id), secondHead.Select(r => r.Id));
        Assert.InRange(secondTail.Count, 2, int.MaxValue);
        var firstOnly = firstPage.Skip(2).ToList();
        var shared = secondHead;

        // Withholds on records only one client took, a flag, a deletion of a shared record, and an opt-out.
        var decisions = app.Services.GetRequiredService<DecisionService>();
        foreach (var r in new[] { firstOnly[0], secondTail[1] })
            await decisions.WithholdAsync(new EmployeeId(r.Employee), ActTarget.One(r.Id), Ct);
        await decisions.FlagAsync(new EmployeeId(secondTail[0].Employee), ActTarget.One(secondTail[0].Id), FlagCategory.PrivateContent, null, Ct);
        await decisions.DeleteAsync(new EmployeeId(shared[0].Employee), ActTarget.One(shared[0].Id), Ct);
        var optedOut = shared[1].Employee;
        await app.Services.GetRequiredService<StandingRuleService>().AddAsync(new EmployeeId(optedOut), new RuleDraft(null, null, null, null, null), Ct);
        var everything = firstPage.Concat(secondTail).ToList();
        var ended = new[] { firstOnly[0], secondTail[1], secondTail[0], shared[0] }.Select(r => r.Id)
            .Concat(everything.Where(r => r.Employee == optedOut).Select(r => r.Id))
            .ToHashSet();

        var (firstFeed, firstBody) = await FeedAsync(first);
        var (secondFeed, secondBody) = await FeedAsync(second);
        var (idleFeed, idleBody) = await FeedAsync(idle);

        Assert.Equal(firstPage.Select(r => r.Id).Where(ended.Contains).Order(), firstFeed.Select(l => l.GetProperty("recordId").GetGuid()).Order());
        Assert.Equal(secondHead.Concat(secondTail).Select(r => r.Id).Where(ended.Contains).Order(),
            secondFeed.Select(l => l.GetProperty("recordId").GetGuid()).Order());
        Assert.All(firstFeed, l => Assert.Equal(firstBatch, l.GetProperty("exportBatchId").GetGuid()));
        Assert.All(secondFeed, l => Assert.Contains(l.GetProperty("exportBatchId").GetGuid(), new[] { secondHeadBatch, secondTailBatch }));
        Assert.Empty(idleFeed);
        Assert.Equal("", idleBody);
        // Both clients were told about the shared deletion, each once.
        Assert.Single(firstFeed, l => l.GetProperty("recordId").GetGuid() == shared[0].Id);
        Assert.Single(secondFeed, l => l.GetProperty("recordId").GetGuid() == shared[0].Id);

        foreach (var line in firstFeed.Concat(secondFeed))
        {
            Assert.Equal("no_longer_eligible", line.GetProperty("reason").GetString());
            Assert.Equal(LineProperties, line.EnumerateObject().Select(p => p.Name));
        }
        foreach (var body in new[] { firstBody, secondBody })
            Assert.All(Telling, word => Assert.DoesNotContain(word, body, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_client_polling_from_its_resume_cursor_misses_none_of_its_revocations()
    {
        // Records of their own, so the other test's acts on the seeded records change nothing here (nor these there: all
        // three are withheld below).
        var mine = Enumerable.Range(0, 3).Select(i => TestData.Record("E00003", DateTime.UtcNow.AddMinutes(-40 + i))).ToList();
        await using (var db = await app.Store.Contexts.CreateDbContextAsync(Ct))
        {
            db.CaptureRecords.AddRange(mine);
            await db.SaveChangesAsync(Ct);
        }
        using var first = await ClientAsync("poller");
        using var second = await ClientAsync("other");
        var (all, _, _) = await ExportAsync(first, "?limit=10000");
        await ExportAsync(second, "?limit=10000");
        var took = all.Where(r => mine.Any(m => m.Id == r.Id)).ToList();
        Assert.Equal(mine.Select(r => r.Id), took.Select(r => r.Id));
        var decisions = app.Services.GetRequiredService<DecisionService>();

        // Every withhold revokes for both; the first client polls after each, the second reads all of them at the end.
        string? cursor = null;
        var seen = new List<Guid>();
        foreach (var record in took)
        {
            await decisions.WithholdAsync(new EmployeeId(record.Employee), ActTarget.One(record.Id), Ct);
            using var response = await first.GetAsync(RevocationsPath + (cursor is null ? "" : "?after=" + Uri.EscapeDataString(cursor)), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.AddRange(Lines(await response.Content.ReadAsStringAsync(Ct)).Select(l => l.GetProperty("recordId").GetGuid()));
            cursor = response.Headers.GetValues("X-Resume-Cursor").Single();
        }
        var (secondFeed, _) = await FeedAsync(second);

        Assert.Equal(took.Select(r => r.Id), seen);
        Assert.Equal(took.Select(r => r.Id), secondFeed.Select(l => l.GetProperty("recordId").GetGuid()));
    }

    private async Task<HttpClient> ClientAsync(string name)
    {
        var key = (await app.Services.GetRequiredService<ApiClientService>()
            .CreateAsync(name + "-" + Guid.NewGuid().ToString("N")[..8], [ApiScopes.TrainingRead], Ct)).Key;
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static async Task<(List<(Guid Id, string Employee)> Records, Guid Batch, string? Next)> ExportAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(RecordsPath + query, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var records = Lines(await response.Content.ReadAsStringAsync(Ct))
            .Select(r => (r.GetProperty("id").GetGuid(), r.GetProperty("employeeId").GetString()!))
            .ToList();
        var next = response.Headers.TryGetValues("X-Next-Cursor", out var values) ? values.Single() : null;
        return (records, Guid.Parse(response.Headers.GetValues("X-Export-Batch").Single()), next);
    }

    /// <summary>The client's whole feed, one entry a page, and every page's body as it came.</summary>
    private static async Task<(List<JsonElement> Lines, string Body)> FeedAsync(HttpClient client)
    {
        var (lines, body) = (new List<JsonElement>(), "");
        string? cursor = null;
        while (true)
        {
            using var response = await client.GetAsync(RevocationsPath + "?limit=1" + (cursor is null ? "" : "&after=" + Uri.EscapeDataString(cursor)), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync(Ct);
            body += text;
            lines.AddRange(Lines(text));
            if (!response.Headers.TryGetValues("X-Next-Cursor", out var next))
                return (lines, body);
            cursor = next.Single();
        }
    }

    private static IEnumerable<JsonElement> Lines(string ndjson) =>
        ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement);
}

public sealed class SqliteRevocationFeedIsolationTests(TransparencyAppFactory app)
    : RevocationFeedIsolationTests<TransparencyAppFactory>(app), IClassFixture<TransparencyAppFactory>;

public sealed class PostgresRevocationFeedIsolationTests(PostgresAppFactory app)
    : RevocationFeedIsolationTests<PostgresAppFactory>(app), IClassFixture<PostgresAppFactory>;
