using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Transparency.Core.ApiClients;
using Transparency.Core.EventStore;
using Transparency.Core.Ingestion;
using Transparency.Core.Policies;
using Transparency.Core.Register;
using Transparency.Testing;
using static Transparency.Testing.CaptureBatches;

namespace Transparency.Core.Tests.Ingestion;

public sealed class IngestionServiceTests
{
    private const string Ada = "ING-ADA";
    private const string Ben = "ING-BEN";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IngestionOptions Options() => new()
    {
        MaxRecordsPerBatch = 50,
        MaxContentBytesPerRecord = 2_000,
        SensitiveContexts =
        [
            new SensitiveContext { Tag = "Banking", Sites = ["bank.example"] },
            new SensitiveContext { Tag = "WorksCouncil", WindowTitleContains = ["Betriebsrat"] },
        ],
    };

    private async Task<(TestStore Store, IngestionService Service)> ArrangeAsync(StoreProvider provider, IngestionOptions? options = null)
    {
        var store = await TestStore.CreateAsync(provider);
        await TestData.AddEmployeesAsync(store, Ada, Ben);
        var clock = new FakeTimeProvider(Now);
        Client = (await new ApiClientService(store.Contexts, clock).CreateAsync("capture", [ApiScopes.CaptureWrite], Ct)).Client.Id;
        return (store, new IngestionService(store.Contexts, options ?? Options(), clock));
    }

    private Guid Client { get; set; }

    private IngestionRequest Request(byte[] body, string? key = null, bool ndjson = false) => new(Client, key, body, ndjson);

    private static async Task<(int Records, int Contents, int Notices, int Keys)> CountsAsync(TestStore store)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        return (await db.CaptureRecords.CountAsync(Ct), await db.Set<CaptureContent>().CountAsync(Ct),
            await db.Notices.CountAsync(Ct), await db.IdempotencyRecords.CountAsync(Ct));
    }

    private static IngestionResponse Response(IngestionResult result)
    {
        Assert.True(result.IsSuccess, $"{result.StatusCode} {result.Title}: {result.Detail} {string.Join("; ", result.Errors)}");
        return JsonSerializer.Deserialize<IngestionResponse>(result.ResponseJson!, JsonSerializerOptions.Web)!;
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Json_batch_is_stored_with_content_summary_and_snapshot_bytes(StoreProvider provider)
    {
        var (store, service) = await ArrangeAsync(provider);
        await using var _ = store;
        var typed = Keystrokes(Ada);
        var snapshot = Snapshot(Ada);

        var response = Response(await service.IngestAsync(Request(Json(typed, snapshot, Click(Ada), Pointer(Ben))), Ct));

        Assert.Equal(4, response.Accepted);
        Assert.Equal(0, response.Duplicates);
        Assert.All(response.Records, r => Assert.Equal(IngestionService.Accepted, r.Status));
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var record = await db.CaptureRecords.Include(r => r.Content).SingleAsync(r => r.Id == Id(typed), Ct);
        Assert.Equal("Typed 7 keys on mail.example.com", record.Summary);
        Assert.Equal(Now, record.ReceivedAt);
        Assert.Equal(Now.AddMinutes(-5), record.CapturedAt);
        Assert.Equal(Purposes.OperationalTelemetry | Purposes.ModelTraining, record.Purposes);
        Assert.Contains("Hello⌫o", record.Content!.Json);
        Assert.NotNull(record.IngestHash);
        var image = await db.CaptureRecords.Include(r => r.Content).SingleAsync(r => r.Id == Id(snapshot), Ct);
        Assert.Equal(Png, image.Content!.Snapshot);
        Assert.Equal("image/png", image.Content.SnapshotMediaType);
        Assert.DoesNotContain("imageBase64", image.Content.Json);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Ndjson_batch_is_stored(StoreProvider provider)
    {
        var (store, service) = await ArrangeAsync(provider);
        await using var _ = store;

        var response = Response(await service.IngestAsync(Request(NdJson(Keystrokes(Ada), Click(Ben)), ndjson: true), Ct));

        Assert.Equal(2, response.Accepted);
        Assert.Equal((2, 2), ((await CountsAsync(store)).Records, (await CountsAsync(store)).Contents));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Resent_record_is_a_duplicate_and_stored_once(StoreProvider provider)
    {
        var (store, service) = await ArrangeAsync(provider);
        await using var _ = store;
        var item = Keystrokes(Ada);
        Response(await service.IngestAsync(Request(Json(item)), Ct));
        var other = Click(Ada);
        // The same record again with its keys in another order: still the same record.
        var reordered = new JsonObject(item.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

        var response = Response(await service.IngestAsync(Request(Json(reordered, other)), Ct));

        Assert.Equal(1, response.Accepted);
        Assert.Equal(1, response.Duplicates);
        Assert.Equal(new IngestedRecordStatus(Id(item), IngestionService.Duplicate), response.Records[0]);
        Assert.Equal(2, (await CountsAsync(store)).Records);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Same_id_with_other_content_conflicts_and_writes_nothing(StoreProvider provider)
    {
        var (store, service) = await ArrangeAsync(provider);
        await using var _ = store;
        var item = Keystrokes(Ada);
        Response(await service.IngestAsync(Request(Json(item)), Ct));
        var before = await CountsAsync(store);
        var changed = Keystrokes(Ada, Id(item), text: "Goodbye");

        var result = await service.IngestAsync(Request(Json(Click(Ada), changed)), Ct);

        Assert.Equal(409, result.StatusCode);
        Assert.Equal(1, Assert.Single(result.Errors).Index);
        Assert.Equal(before, await CountsAsync(store));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_deleted_record_keeps_no_hash_of_its_content_and_its_resent_id_is_a_duplicate(StoreProvider provider)
    {
        var (store, service) = await ArrangeAsync(provider);
        await using var _ = store;
        var item = Keystrokes(Ada, text: "pin 4711");
        Response(await service.IngestAsync(Request(Json(item)), Ct));
        var deleted = await new Transparency.Core.Decisions.DecisionService(store.Contexts, TimeProvider.System, store.Erasure)
            .DeleteAsync(new EmployeeId(Ada), Transparency.Core.Decisions.ActTarget.One(Id(item)), Ct);
        Assert.Equal(1, deleted.Changed);

        var again = Response(await service.IngestAsync(Request(Json(item)), Ct));
        var otherContent = Response(await service.IngestAsync(Request(Json(Keystrokes(Ada, Id(item), text: "pin 0000"))), Ct));

        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var record = await db.CaptureRecords.AsNoTracking().SingleAsync(r => r.Id == Id(item), Ct);
        Assert.NotNull(record.DeletedAt);
        Assert.Null(record.IngestHash);
        Assert.False(await db.CaptureContents.AnyAsync(c => c.RecordId == Id(item), Ct));
        Assert.Equal(new IngestedRecordStatus(Id(item), IngestionService.Duplicate), Assert.Single(again.Records));
        Assert.Equal(new IngestedRecordStatus(Id(item), IngestionService.Duplicate), Assert.Single(otherContent.Records));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Once_erased_no_stored_hash_depends_on_the_content_so_none_can_confirm_a_guess(StoreProvider provider)
    {
        // The same record (same id, same Idempotency-Key) with two different short texts, into two stores, then deleted:
        // if any stored hash still depended on the text, the two stores would differ, and a guess could be checked.
        var id = Guid.NewGuid();
        var stored = new List<string>();
        foreach (var text in new[] { "pin 4711", "pin 0000" })
        {
            var (store, service) = await ArrangeAsync(provider);
            await using var _ = store;
            var item = Keystrokes(Ada, id, text: text);
            Response(await service.IngestAsync(Request(Json(item), "batch-1"), Ct));
            await new Transparency.Core.Decisions.DecisionService(store.Contexts, TimeProvider.System, store.Erasure)
                .DeleteAsync(new EmployeeId(Ada), Transparency.Core.Decisions.ActTarget.One(id), Ct);

            await using var db = await store.Contexts.CreateDbContextAsync(Ct);
            var hashes = await db.CaptureRecords.Select(r => r.IngestHash).ToListAsync(Ct);
            var keys = await db.IdempotencyRecords.Select(k => k.Key + " " + k.RequestHash + " " + k.ResponseBody).ToListAsync(Ct);
            stored.Add(string.Join("\n", hashes.Concat(keys)));
        }

        Assert.Equal(stored[0], stored[1]);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Idempotency_key_with_the_same_ids_but_other_content_is_refused(StoreProvider provider)
    {
        var (store, service) = await ArrangeAsync(provider);
        await using var _ = store;
        var id = Guid.NewGuid();
        Response(await service.IngestAsync(Request(Json(Keystrokes(Ada, id, text: "first words")), "batch-1"), Ct));

        var changed = await service.IngestAsync(Request(Json(Keystrokes(Ada, id, text: "other words")), "batch-1"), Ct);

        Assert.Equal((422, "Idempotency-Key reused"), (changed.StatusCode, changed.Title));
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Contains("first words", await db.CaptureContents.Select(c => c.Json).SingleAsync(Ct));
    }

    [Theory]
    [InlineData("employeeId", "employeeId")]
    [InlineData("content", "content.text")]
    public async Task A_lone_surrogate_escape_anywhere_in_a_record_is_refused_with_its_field_and_nothing_is_written(string where, string field)
    {
        var (store, service) = await ArrangeAsync(StoreProvider.Sqlite);
        await using var _ = store;
        var item = Keystrokes(Ada, text: "PLACEHOLDER");
        var json = Encoding.UTF8.GetString(Json(item));
        // "\ud800" is valid JSON but half of a UTF-16 pair: no text.
        json = where == "employeeId" ? json.Replace($"\"{Ada}\"", "\"ING-\\ud800\"") : json.Replace("PLACEHOLDER", "pin \\ud800");

        var result = await service.IngestAsync(Request(Encoding.UTF8.GetBytes(json)), Ct);

        Assert.Equal(400, result.StatusCode);
        Assert.Equal((0, field), (Assert.Single(result.Errors).Index, result.Errors[0].Field));
        Assert.Equal((0, 0, 0, 0), await CountsAsync(store));
    }

    public static IEnumerable<TheoryDataRow<StoreProvider, string, int, string>> BadItems()
    {
        foreach (var provider in new[] { StoreProvider.Sqlite, StoreProvider.Postgres })
        {
            yield return new(provider, "unknown employee", 422, "employeeId");
            yield return new(provider, "unknown kind", 422, "kind");
            yield return new(provider, "unknown purpose", 422, "purposes[0]");
            yield return new(provider, "unknown sensitivity", 422, "sensitivity[0]");
            yield return new(provider, "missing device", 422, "deviceId");
            yield return new(provider, "future", 422, "capturedAt");
            yield return new(provider, "invalid base64", 422, "content.imageBase64");
            yield return new(provider, "not a png", 422, "content.imageBase64");
            yield return new(provider, "bad content", 422, "content.button");
            yield return new(provider, "wrong type", 400, "content.keyCount");
            yield return new(provider, "content too large", 413, "content");
        }
    }

    [Theory, MemberData(nameof(BadItems))]
    public async Task Bad_item_is_refused_with_its_index_and_field_and_nothing_is_written(StoreProvider provider, string bad, int status, string field)
    {
        var (store, service) = await ArrangeAsync(provider);
        await using var _ = store;
        var item = bad switch
        {
            "unknown employee" => Keystrokes("NOBODY"),
            "unknown kind" => Item(Ada, null, "mindReading", new JsonObject()),
            "unknown purpose" => Keystrokes(Ada, purposes: ["marketing"]),
            "unknown sensitivity" => With(Keystrokes(Ada), "sensitivity", new JsonArray("secret")),
            "missing device" => Without(Keystrokes(Ada), "deviceId"),
            "future" => Keystrokes(Ada, capturedAt: Now.AddMinutes(10)),
            "invalid base64" => Snapshot(Ada, base64: "not base64!"),
            "not a png" => Snapshot(Ada, base64: Convert.ToBase64String("GIF89a-----"u8.ToArray())),
            "bad content" => With(Click(Ada), "content", new JsonObject { ["x"] = 1, ["y"] = 2, ["button"] = "thumb", ["target"] = new JsonObject { ["role"] = "button" } }),
            "wrong type" => With(Keystrokes(Ada), "content", new JsonObject { ["text"] = "a", ["keyCount"] = "one", ["durationMs"] = 3 }),
            "content too large" => Keystrokes(Ada, text: new string('a', 3_000)),
            _ => throw new ArgumentOutOfRangeException(nameof(bad)),
        };

        var result = await service.IngestAsync(Request(Json(Keystrokes(Ada), item), key: "k-" + bad), Ct);

        Assert.Equal(status, result.StatusCode);
        var error = Assert.Single(result.Errors);
        Assert.Equal((1, field), (error.Index, error.Field));
        Assert.Equal((0, 0, 0, 0), await CountsAsync(store));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Malformed_json_duplicate_ids_and_oversized_batches_are_refused(StoreProvider provider)
    {
        var (store, service) = await ArrangeAsync(provider);
        await using var _ = store;
        var item = Keystrokes(Ada);

        Assert.Equal(400, (await service.IngestAsync(Request("[{\"id\":"u8.ToArray()), Ct)).StatusCode);
        Assert.Equal(400, (await service.IngestAsync(Request(NdJson(item)[..^5], ndjson: true), Ct)).StatusCode);
        Assert.Equal(400, (await service.IngestAsync(Request("{}"u8.ToArray()), Ct)).StatusCode);
        var twice = await service.IngestAsync(Request(Json(item, Keystrokes(Ada, Id(item)))), Ct);
        Assert.Equal(422, twice.StatusCode);
        Assert.Equal((1, "id"), (Assert.Single(twice.Errors).Index, twice.Errors[0].Field));
        var tooMany = Enumerable.Range(0, 51).Select(_ => Click(Ada)).ToArray();
        Assert.Equal(413, (await service.IngestAsync(Request(Json(tooMany)), Ct)).StatusCode);
        Assert.Equal((0, 0, 0, 0), await CountsAsync(store));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Records_are_counted_while_reading_and_reading_stops_one_past_the_limit(StoreProvider provider)
    {
        var (store, service) = await ArrangeAsync(provider);
        await using var _ = store;
        // 51 records (the limit is 50) and then what is not JSON at all: the count is known, and answered, before the
        // reading gets there. Read whole first, the same bodies were answered as malformed.
        var array = "[" + string.Join(",", Enumerable.Repeat("{}", 51)) + ",{\"id\": nonsense";
        var lines = string.Join("\n", Enumerable.Repeat("{}", 51)) + "\n{\"id\": nonsense";

        var fromArray = await service.IngestAsync(Request(Encoding.UTF8.GetBytes(array)), Ct);
        var fromLines = await service.IngestAsync(Request(Encoding.UTF8.GetBytes(lines), ndjson: true), Ct);

        Assert.Equal((413, "Batch too large"), (fromArray.StatusCode, fromArray.Title));
        Assert.Equal((413, "Batch too large"), (fromLines.StatusCode, fromLines.Title));
        Assert.Contains("more than 50 records", fromLines.Detail);
        // Fifty records and then nonsense where a fifty-first would begin: the nonsense is what is wrong.
        var atLimit = "[" + string.Join(",", Enumerable.Repeat("{}", 50)) + ",nonsense";
        Assert.Equal(400, (await service.IngestAsync(Request(Encoding.UTF8.GetBytes(atLimit)), Ct)).StatusCode);
        Assert.Equal((0, 0, 0, 0), await CountsAsync(store));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Idempotency_key_replays_the_first_response_and_refuses_another_body(StoreProvider provider)
    {
        var (store, service) = await ArrangeAsync(provider);
        await using var _ = store;
        var body = Json(Keystrokes(Ada), Click(Ben));

        var first = await service.IngestAsync(Request(body, "batch-1"), Ct);
        var again = await service.IngestAsync(Request(body, "batch-1"), Ct);
        var other = await service.IngestAsync(Request(Json(Click(Ada)), "batch-1"), Ct);

        Assert.Equal(200, first.StatusCode);
        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.StatusCode, again.StatusCode);
        Assert.Equal(first.ResponseJson, again.ResponseJson);
        Assert.Equal(2, Response(again).Accepted);
        Assert.Equal(422, other.StatusCode);
        var counts = await CountsAsync(store);
        Assert.Equal((2, 2, 1), (counts.Records, counts.Contents, counts.Keys));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Sensitive_context_tags_the_record_and_keeps_it_out_of_training(StoreProvider provider)
    {
        var (store, service) = await ArrangeAsync(provider);
        await using var _ = store;
        var banking = Keystrokes(Ada, site: "online.bank.example");
        var council = Focus(Ada, "Betriebsrat – Sitzung");
        var ordinary = Keystrokes(Ada, site: "notbank.example");

        Response(await service.IngestAsync(Request(Json(banking, council, ordinary)), Ct));

        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var rule = await TrainingEligibility.ForAsync(db, Now, Ct);
        var eligible = await db.CaptureRecords.Where(rule.IsEligible).Select(r => r.Id).ToListAsync(Ct);
        Assert.Equal([Id(ordinary)], eligible);
        var tags = await db.CaptureRecords.ToDictionaryAsync(r => r.Id, r => r.Sensitivity, Ct);
        Assert.Equal(SensitivityTags.Banking, tags[Id(banking)]);
        Assert.Equal(SensitivityTags.WorksCouncil, tags[Guid.Parse((string)council["id"]!)]);
        Assert.Equal(SensitivityTags.None, tags[Id(ordinary)]);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Employee_is_told_once_when_a_kind_starts_feeding_a_new_purpose(StoreProvider provider)
    {
        var (store, service) = await ArrangeAsync(provider);
        await using var _ = store;

        Response(await service.IngestAsync(Request(Json(Keystrokes(Ada, purposes: ["operationalTelemetry"]), Keystrokes(Ada, purposes: ["operationalTelemetry"]))), Ct));
        Response(await service.IngestAsync(Request(Json(Keystrokes(Ada, purposes: ["operationalTelemetry"]))), Ct));
        Response(await service.IngestAsync(Request(Json(Keystrokes(Ada, purposes: ["operationalTelemetry", "modelTraining"]))), Ct));

        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        var notices = await db.Notices.Where(n => n.EmployeeId == Ada).OrderBy(n => n.Text).Select(n => n.Text).ToListAsync(Ct);
        Assert.Equal(["Keystrokes captured from you now feed AI model training.", "Keystrokes captured from you now feed operational telemetry."], notices);
        Assert.All(await db.Notices.ToListAsync(Ct), n => Assert.Equal(NoticeKind.NewPurposeOrKind, n.Kind));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Concurrent_batches_starting_the_same_new_uses_all_succeed(StoreProvider provider)
    {
        var (store, service) = await ArrangeAsync(provider);
        await using var _ = store;
        // Each batch carries both employees' first records of every kind, in its own order.
        var batches = Enumerable.Range(0, 8).Select(b =>
        {
            JsonObject[] items = [Keystrokes(Ada), Click(Ben), Pointer(Ada), Keystrokes(Ben), Click(Ada), Pointer(Ben)];
            return Json([.. (b % 2 == 0 ? items : items.Reverse())]);
        }).ToList();

        var results = await Task.WhenAll(batches.Select(body => Task.Run(() => service.IngestAsync(Request(body), Ct), Ct)));

        Assert.All(results, r => Response(r));
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(48, await db.CaptureRecords.CountAsync(Ct));
        Assert.Equal(12, await db.EmployeeUses.CountAsync(Ct));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task A_use_the_store_held_before_uses_were_recorded_brings_no_notice(StoreProvider provider)
    {
        var (store, service) = await ArrangeAsync(provider);
        await using var _ = store;
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            db.CaptureRecords.Add(TestData.Record(Ada, kind: CaptureKind.Keystrokes, purposes: Purposes.OperationalTelemetry));
            await db.SaveChangesAsync(Ct);
        }

        Response(await service.IngestAsync(Request(Json(Keystrokes(Ada, purposes: ["operationalTelemetry"]))), Ct));

        await using var check = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Empty(await check.Notices.Where(n => n.EmployeeId == Ada).ToListAsync(Ct));
        var use = Assert.Single(await check.EmployeeUses.Where(u => u.EmployeeId == Ada).ToListAsync(Ct));
        Assert.Equal((CaptureKind.Keystrokes, Purposes.OperationalTelemetry), (use.Kind, use.Purpose));
    }

    [Fact]
    public async Task Postgres_batch_killed_mid_copy_leaves_nothing_and_a_retry_stores_each_record_once()
    {
        var options = Options();
        options.MaxRecordsPerBatch = 5_000;
        options.MaxContentBytesPerRecord = 100_000;
        var (store, service) = await ArrangeAsync(StoreProvider.Postgres, options);
        await using var _ = store;
        var items = Enumerable.Range(0, 5_000).Select(i => Keystrokes(i % 2 == 0 ? Ada : Ben, text: new string('x', 5_000))).ToArray();
        var body = Json(items);
        var database = new NpgsqlConnectionStringBuilder(store.Options.ConnectionString).Database;

        var request = Request(body, "big-batch");
        var write = Task.Run(() => service.IngestAsync(request, Ct), Ct);
        var killed = await KillCopyAsync(database!, write);
        var failure = await Record.ExceptionAsync(() => write);

        Assert.True(killed, "the COPY was not seen running; the batch finished before it could be interrupted");
        Assert.NotNull(failure);
        Assert.Equal((0, 0, 0, 0), await CountsAsync(store));

        var retry = Response(await service.IngestAsync(Request(body, "big-batch"), Ct));
        var replay = await service.IngestAsync(Request(body, "big-batch"), Ct);

        Assert.Equal(5_000, retry.Accepted);
        Assert.True(replay.Replayed);
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(5_000, await db.CaptureRecords.CountAsync(Ct));
        Assert.Equal(5_000, await db.CaptureRecords.Select(r => r.Id).Distinct().CountAsync(Ct));
    }

    /// <summary>Watches the database for the batch's COPY and terminates its backend while it runs.</summary>
    private static async Task<bool> KillCopyAsync(string database, Task write)
    {
        await using var admin = new NpgsqlConnection(TestStore.PostgresServer);
        await admin.OpenAsync(Ct);
        while (!write.IsCompleted)
        {
            await using var kill = new NpgsqlCommand(
                "SELECT bool_or(pg_terminate_backend(pid)) FROM pg_stat_activity " +
                "WHERE datname = @db AND query LIKE 'COPY %' AND xact_start IS NOT NULL AND pid <> pg_backend_pid()", admin);
            kill.Parameters.AddWithValue("db", database);
            if (await kill.ExecuteScalarAsync(Ct) is true)
                return true;
            await Task.Delay(2, Ct);
        }
        return false;
    }

    private static JsonObject With(JsonObject item, string name, JsonNode value)
    {
        item[name] = value;
        return item;
    }

    private static JsonObject Without(JsonObject item, string name)
    {
        item.Remove(name);
        return item;
    }
}
