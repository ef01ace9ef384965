using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.ApiClients;
using Transparency.Core.EventStore;
using Transparency.Core.Ingestion;
using Transparency.Testing;
using static Transparency.Testing.CaptureBatches;

namespace Transparency.Core.Tests.Ingestion;

/// <summary>
/// Values a capture agent can send that are well-formed JSON but not a capture: both stores refuse each alike with a 4xx
/// naming the field, and keep nothing of the batch (not even the good record beside it).
/// </summary>
public sealed class IngestionBadValueTests
{
    private const string Ada = "BAD-ADA";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<StoreProvider, string> Cases()
    {
        var data = new TheoryData<StoreProvider, string>();
        foreach (var provider in TestStore.Providers.Select(p => p.Data))
            foreach (var name in Bad.Keys)
                data.Add(provider, name);
        return data;
    }

    /// <summary>Each bad value: the record as sent (or its raw JSON), the status and the field named.</summary>
    private static readonly Dictionary<string, (Func<string> Body, int Status, string Field)> Bad = new()
    {
        ["NUL in deviceId"] = (() => Raw(Keystrokes(Ada), "\"LT-4411\"", "\"LT\\u0000\""), 422, "deviceId"),
        ["NUL in application"] = (() => Raw(Keystrokes(Ada), "\"Outlook\"", "\"Out\\u0000look\""), 422, "application"),
        ["NUL in site"] = (() => Raw(Keystrokes(Ada), "\"mail.example.com\"", "\"mail\\u0000.example.com\""), 422, "site"),
        ["NUL in source"] = (() => Raw(Keystrokes(Ada), "\"capture-agent/2.3.1\"", "\"agent\\u0000\""), 422, "source"),
        ["NUL in typed text"] = (() => Raw(Keystrokes(Ada, text: "abc"), "\"abc\"", "\"a\\u0000c\""), 422, "content.text"),
        ["NUL in a window title"] = (() => Raw(Focus(Ada, "Inbox"), "\"Inbox\"", "\"In\\u0000box\""), 422, "content.windowTitle"),
        ["right-to-left override in application"] = (() => Raw(Keystrokes(Ada), "\"Outlook\"", "\"Out\\u202Elook\""), 422, "application"),
        ["escape in deviceId"] = (() => Raw(Keystrokes(Ada), "\"LT-4411\"", "\"LT\\u001b[31m\""), 422, "deviceId"),
        ["a capture time before any retention"] = (() => Body(Keystrokes(Ada, capturedAt: new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc))), 422, "capturedAt"),
        ["a capture time older than the longest retention"] = (() => Body(Keystrokes(Ada, capturedAt: Now.AddDays(-366))), 422, "capturedAt"),
        ["markup for a site"] = (() => Body(Keystrokes(Ada, site: "<script>alert(1)</script>")), 422, "site"),
        ["a path for a site"] = (() => Body(Keystrokes(Ada, site: "../../etc/passwd")), 422, "site"),
        ["an employee id for a site"] = (() => Body(Keystrokes(Ada, site: "E00001")), 422, "site"),
        ["a URL for a site"] = (() => Body(Keystrokes(Ada, site: "https://mail.example.com/inbox")), 422, "site"),
        ["a key count of 1e308"] = (() => Raw(Keystrokes(Ada, text: "abc"), "\"keyCount\":3", "\"keyCount\":1e308"), 422, "content.keyCount"),
        ["a key count of 2^70"] = (() => Raw(Keystrokes(Ada, text: "abc"), "\"keyCount\":3", "\"keyCount\":1180591620717411303424"), 422, "content.keyCount"),
        ["half a key"] = (() => Raw(Keystrokes(Ada, text: "abc"), "\"keyCount\":3", "\"keyCount\":2.5"), 422, "content.keyCount"),
        ["a focus of 1e300 ms"] = (() => Raw(Focus(Ada, "Inbox"), "\"durationMs\":90000", "\"durationMs\":1e300"), 422, "content.durationMs"),
        ["a focus longer than a day"] = (() => Raw(Focus(Ada, "Inbox"), "\"durationMs\":90000", "\"durationMs\":86400001"), 422, "content.durationMs"),
        ["a pointer beyond any screen"] = (() => Raw(Pointer(Ada), "[", "[", replaceFirstPoint: "[1e300,2,3]"), 422, "content.points[0]"),
    };

    [Theory, MemberData(nameof(Cases))]
    public async Task A_bad_value_is_refused_naming_its_field_and_nothing_of_the_batch_is_kept(StoreProvider provider, string name)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, Ada);
        var clock = new FakeTimeProvider(Now);
        var client = (await new ApiClientService(store.Contexts, clock).CreateAsync("capture", [ApiScopes.CaptureWrite], Ct)).Client.Id;
        var ingestion = new IngestionService(store.Contexts, new IngestionOptions(), clock);
        var (body, status, field) = Bad[name];

        var result = await ingestion.IngestAsync(new IngestionRequest(client, null, Encoding.UTF8.GetBytes(body()), false), Ct);

        Assert.False(result.IsSuccess, $"{name} was accepted.");
        Assert.Equal(status, result.StatusCode);
        var error = Assert.Single(result.Errors, e => e.Index == 1);
        Assert.Equal(field, error.Field);
        Assert.DoesNotContain(result.Errors, e => e.Index == 0);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.CaptureRecords.CountAsync(Ct));
        Assert.Equal(0, await db.Notices.CountAsync(Ct));
    }

    /// <summary>A good record, then the bad one, as a JSON array.</summary>
    private static string Body(JsonObject bad) => Encoding.UTF8.GetString(Json(Click(Ada), bad));

    /// <summary>The bad record's JSON with one literal replaced, so values JSON can carry but .NET cannot build are sent as sent.</summary>
    private static string Raw(JsonObject record, string from, string to, string? replaceFirstPoint = null)
    {
        var json = record.ToJsonString();
        if (replaceFirstPoint is not null)
        {
            var points = (JsonArray)record["content"]!["points"]!;
            json = json.Replace(points[0]!.ToJsonString(), replaceFirstPoint, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(from, json, StringComparison.Ordinal);
            json = json.Replace(from, to, StringComparison.Ordinal);
        }
        return "[" + Click(Ada).ToJsonString() + "," + json + "]";
    }
}
