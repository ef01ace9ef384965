using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Transparency.Core.ApiClients;
using Transparency.Core.EventStore;
using Transparency.Testing;
using Transparency.Web.Tests.Hosting;
using static Transparency.Testing.CaptureBatches;

namespace Transparency.Web.Tests.Api;

/// <summary>
/// The app with limits small enough for generated requests to reach them, no rate limit in the way, and no background
/// job writing while a refused request is being counted.
/// </summary>
public class SweepFactory : TransparencyAppFactory
{
    public const int MaxRecordsPerBatch = 8;

    public SweepFactory() { }

    protected SweepFactory(StoreProvider provider) : base(provider) { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Ingestion:MaxRecordsPerBatch", MaxRecordsPerBatch.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Ingestion:MaxContentBytesPerRecord", "3000");
        builder.UseSetting("Ingestion:MaxRequestBytes", "40000");
        builder.UseSetting("Ingestion:RequestsPerMinute", "1000000");
        builder.UseSetting("TrainingExport:RequestsPerMinute", "1000000");
        builder.UseSetting("Retention:PurgeEnabled", "false");
        builder.UseSetting("Reports:RollupEnabled", "false");
        builder.UseSetting("TrainingExport:SettleSeconds", "0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}

public sealed class PostgresSweepFactory() : SweepFactory(StoreProvider.Postgres);

public sealed class GeneratedInputSweepTests(SweepFactory app) : GeneratedInputSweep(app), IClassFixture<SweepFactory>;

public sealed class PostgresGeneratedInputSweepTests(PostgresSweepFactory app) : GeneratedInputSweep(app), IClassFixture<PostgresSweepFactory>;

/// <summary>
/// Generated requests, most of them bad, against every endpoint and the records filter in the URL, over HTTP against the
/// real app and store: never a 5xx; every refusal a problem document (or, on a page, a message) that names the field,
/// header or parameter at fault; and every refused request leaves each table of the store with the rows it had.
/// CsCheck prints the seed of a failing case; pass it as <c>seed:</c> to run that case again.
/// </summary>
public abstract class GeneratedInputSweep(SweepFactory app)
{
    private const int Cases = 1_000;
    private const string IngestionPath = "/api/v1/capture-records";
    private const string RecordsPath = "/api/v1/training/records";
    private const string RevocationsPath = "/api/v1/training/revocations";
    private static readonly string[] Employees = ["E00001", "E00002", "E00003", "E00004", "E00005", "E00006", "E99999"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void Print(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    private Task SweepAsync<T>(Gen<T> cases, Func<T, Task> property) =>
        cases.SampleAsync(property, writeLine: Print, iter: Cases, threads: 1);

    // ---- Ingestion ----------------------------------------------------------------------------------------------

    /// <summary>One record as the capture agent sends it, its fields and its content's fields as raw JSON, in order.</summary>
    public sealed record RecordShape(List<KeyValuePair<string, string>> Fields, List<KeyValuePair<string, string>> Content)
    {
        public string Render() => Object(Fields.Select(f => f.Key == "content" && f.Value == ContentMarker ? new(f.Key, Object(Content)) : f));

        private static string Object(IEnumerable<KeyValuePair<string, string>> fields) =>
            "{" + string.Join(",", fields.Select(f => HostileInput.JsonString(f.Key) + ":" + f.Value)) + "}";
    }

    private const string ContentMarker = "\u0000content";

    private static RecordShape Shape(JsonObject record) => new(
        record.Select(p => new KeyValuePair<string, string>(p.Key, p.Key == "content" ? ContentMarker : p.Value?.ToJsonString() ?? "null")).ToList(),
        ((JsonObject)record["content"]!).Select(p => new KeyValuePair<string, string>(p.Key, p.Value?.ToJsonString() ?? "null")).ToList());

    private static readonly Gen<JsonObject> ValidRecord =
        from employee in Gen.OneOf(Employees[..6])
        from kind in Gen.Int[0, 4]
        from minutes in Gen.Int[1, 60 * 24 * 20]
        from text in Gen.OneOf("Hello⌫o", "", "Quarterly numbers", "Grüße aus Köln")
        select kind switch
        {
            0 => Keystrokes(employee, text: text, capturedAt: DateTime.UtcNow.AddMinutes(-minutes)),
            1 => Stamped(Snapshot(employee), minutes),
            2 => Stamped(Click(employee), minutes),
            3 => Stamped(Pointer(employee), minutes),
            _ => Stamped(Focus(employee, text), minutes),
        };

    private static JsonObject Stamped(JsonObject record, int minutesAgo)
    {
        record["capturedAt"] = DateTime.UtcNow.AddMinutes(-minutesAgo).ToString("O", CultureInfo.InvariantCulture);
        return record;
    }

    private static readonly string[] FieldNames =
    [
        "id", "employeeId", "capturedAt", "kind", "deviceId", "application", "site", "purposes", "source", "sensitivity", "content",
        "content.text", "content.keyCount", "content.durationMs", "content.imageBase64", "content.mediaType", "content.width", "content.height",
        "content.x", "content.y", "content.button", "content.target", "content.points", "content.screen", "content.windowTitle", "extra",
    ];

    /// <summary>A JSON value of any type, most of them wrong for any field; a few right for some.</summary>
    private static readonly Gen<string> AnyValue = Gen.Frequency(
        (4, HostileInput.Text.Select(HostileInput.JsonString)),
        (3, HostileInput.JsonNumber),
        (2, Gen.OneOf("true", "false", "null", "[]", "{}", "[null]", "[1,2]", "{\"a\":1}", "\"\"", "[\"modelTraining\"]", "[\"banking\"]",
            "[\"modelTraining\",\"nope\"]", "[[1,2,3],[4,5,6]]", "[[1,2,3],[4,5,-6]]", "[[1,2,3],[4,5]]", "{\"w\":0,\"h\":1e309}",
            "{\"role\":\"button\"}", "\"right\"", "\"image/gif\"", "\"iVBORw0KGgo=\"", "\"!!!\"", "\"passwordField\"")),
        (2, Gen.OneOf("\"2026-02-30T00:00:00Z\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"2099-01-01T00:00:00Z\"",
            "\"yesterday\"", "\"1700000000\"", "1700000000", "\"2026-11-20T25:00:00Z\"", "\"2026-11-20\"")),
        (1, Gen.Int[1, 120].Select(depth => new string('[', depth) + new string(']', depth))),
        (1, Gen.OneOf("\"\\ud800\"", "\"a\\u0000b\"", "\"\\udc00x\"", "'single'", "NaN", "undefined", "01", ".5", "+1", "\"tab\tinside\"")),
        (1, Gen.Guid.Select(g => HostileInput.JsonString(g.ToString()))));

    private static readonly Gen<(string Field, string? Value)> Mutation = Gen.Frequency(
        (6, Gen.Select(Gen.OneOf(FieldNames), AnyValue, (f, v) => (f, (string?)v))),
        (2, Gen.OneOf(FieldNames).Select(f => (f, (string?)null))),
        // A name of its own: an error about a property named "" rightly names the field "".
        (1, Gen.Select(HostileInput.Text.Where(name => name.Length > 0), AnyValue, (name, v) => ("+" + name, (string?)v))));

    private static RecordShape Mutate(RecordShape record, (string Field, string? Value)[] mutations)
    {
        foreach (var (field, value) in mutations)
        {
            var (list, name) = field.StartsWith("content.", StringComparison.Ordinal) ? (record.Content, field["content.".Length..])
                : field.StartsWith('+') ? (record.Fields, field[1..])
                : (record.Fields, field);
            var at = list.FindIndex(f => f.Key == name);
            if (value is null)
            {
                if (at >= 0)
                    list.RemoveAt(at);
            }
            else if (at >= 0 && !field.StartsWith('+'))
                list[at] = new(name, value);
            else
                list.Add(new(name, value));
        }
        return record;
    }

    private static readonly Gen<RecordShape> Record = Gen.Frequency(
        (2, ValidRecord.Select(Shape)),
        (5, Gen.Select(ValidRecord, Mutation.Array[1, 3], (r, m) => Mutate(Shape(r), m))));

    public enum BodyDamage { None, Truncate, InsertByte, Bom, WrapInObject, TrailingComma, Empty, NotAnArray, DeepNesting, Whitespace }

    private static readonly Gen<BodyDamage> Damage = Gen.Frequency(
        (12, Gen.Const(BodyDamage.None)), (1, Gen.Const(BodyDamage.Truncate)), (1, Gen.Const(BodyDamage.InsertByte)), (1, Gen.Const(BodyDamage.Bom)),
        (1, Gen.Const(BodyDamage.WrapInObject)), (1, Gen.Const(BodyDamage.TrailingComma)), (1, Gen.Const(BodyDamage.Empty)),
        (1, Gen.Const(BodyDamage.NotAnArray)), (1, Gen.Const(BodyDamage.DeepNesting)), (1, Gen.Const(BodyDamage.Whitespace)));

    /// <summary>One generated request to the ingestion endpoint.</summary>
    public sealed record IngestionCase(byte[] Body, string? ContentType, string? IdempotencyKey, KeyKind Key)
    {
        public override string ToString() =>
            $"Content-Type: {Show(ContentType)}, Idempotency-Key: {Show(IdempotencyKey)}, key: {Key}, body ({Body.Length} bytes): " +
            Show(Encoding.UTF8.GetString(Body));
    }

    public enum KeyKind { Capture, None, Garbage, Training }

    private static string Show(string? text) => text is null ? "(none)"
        : JsonSerializer.Serialize(text.Length > 1_500 ? text[..1_500] + "…" : text);

    private static byte[] Damaged(string body, BodyDamage damage, int position)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var at = bytes.Length == 0 ? 0 : position % bytes.Length;
        return damage switch
        {
            BodyDamage.Truncate => bytes[..at],
            BodyDamage.InsertByte => [.. bytes[..at], (byte)(position % 3 == 0 ? 0xFF : position % 3 == 1 ? 0xC3 : 0x00), .. bytes[at..]],
            BodyDamage.Bom => [0xEF, 0xBB, 0xBF, .. bytes],
            BodyDamage.WrapInObject => Encoding.UTF8.GetBytes("{\"records\":" + body + "}"),
            BodyDamage.TrailingComma => Encoding.UTF8.GetBytes(body.Length > 1 ? body[..^1] + ",]" : body),
            BodyDamage.Empty => [],
            BodyDamage.NotAnArray => Encoding.UTF8.GetBytes(position % 2 == 0 ? "null" : "\"records\""),
            BodyDamage.DeepNesting => Encoding.UTF8.GetBytes(new string('[', 200 + position % 5_000) + new string(']', 200 + position % 5_000)),
            BodyDamage.Whitespace => Encoding.UTF8.GetBytes(" \r\n\t "),
            _ => bytes,
        };
    }

    /// <summary>Records of a batch, with now and then an id repeated from an earlier record of the same batch.</summary>
    private static readonly Gen<RecordShape[]> Batch =
        from records in Record.Array[0, SweepFactory.MaxRecordsPerBatch + 2]
        from repeatId in Gen.Int[0, 9]
        select RepeatId(records, repeatId == 0);

    private static RecordShape[] RepeatId(RecordShape[] records, bool repeat)
    {
        if (repeat && records.Length >= 2 && records[0].Fields.FirstOrDefault(f => f.Key == "id") is { Key: not null } id)
            Mutate(records[^1], [("id", id.Value)]);
        return records;
    }

    private static readonly Gen<string?> JsonContentType = Gen.Frequency(
        (12, Gen.Const<string?>("application/json")),
        (1, Gen.OneOf<string?>("application/json; charset=utf-8", "APPLICATION/JSON", "application/json;;;", "text/plain", "application/jsonx",
            "multipart/form-data; boundary=x", "", null, "application/x-ndjson", "*/*", "application/json; charset=latin1")));

    private static readonly Gen<string?> NdJsonContentType = Gen.Frequency(
        (12, Gen.Const<string?>("application/x-ndjson")),
        (1, Gen.OneOf<string?>("application/x-ndjson; charset=utf-8", "Application/X-NDJSON", "application/ndjson", "application/json", "", null)));

    private static readonly Gen<string?> SometimesAKey = Gen.Frequency(
        (6, Gen.Const((string?)null)),
        (1, Gen.Guid.Select(g => (string?)g.ToString("N"))));

    private static readonly Gen<IngestionCase> JsonCases =
        from records in Batch
        from damage in Damage
        from position in Gen.Int[0, 100_000]
        from contentType in JsonContentType
        from key in SometimesAKey
        select new IngestionCase(Damaged("[" + string.Join(",", records.Select(r => r.Render())) + "]", damage, position), contentType, key, KeyKind.Capture);

    private static readonly Gen<IngestionCase> NdJsonCases =
        from records in Batch
        from separators in Gen.OneOf("\n", "\r\n", "\n\n", "\n \n").Array[SweepFactory.MaxRecordsPerBatch + 3]
        from brokenLine in Gen.Frequency((4, Gen.Const((string?)null)), (1, Gen.OneOf<string?>("[", "[{}]", "{\"id\":", "\"x\"", "42", "{}{}", "}")))
        from damage in Damage
        from position in Gen.Int[0, 100_000]
        from contentType in NdJsonContentType
        from key in SometimesAKey
        select new IngestionCase(
            Damaged(NdLines(records.Select(r => r.Render()), brokenLine, position, separators), damage == BodyDamage.WrapInObject ? BodyDamage.None : damage, position),
            contentType, key, KeyKind.Capture);

    private static string NdLines(IEnumerable<string> records, string? broken, int position, string[] separators)
    {
        var lines = records.ToList();
        if (broken is not null)
            lines.Insert(lines.Count == 0 ? 0 : position % (lines.Count + 1), broken);
        return string.Concat(lines.Select((l, i) => l + separators[i % separators.Length]));
    }

    /// <summary>Idempotency-Keys: a small pool (so keys are reused, with the same body or another), and malformed ones.</summary>
    private static readonly Gen<string?> IdempotencyKey = Gen.Frequency(
        (3, Gen.OneOf<string?>("batch-1", "batch-2", "batch-3")),
        (2, Gen.Const((string?)null)),
        (1, Gen.OneOf<string?>("", " ", "\t", new string('k', 200), new string('k', 201), new string('k', 5_000), "a\u0001b", "a\u0000b", "\u007f",
            "key\u001b[2J", "café", "ключ", "\u202ekey", "a,b", "\"quoted\"")),
        (1, HostileInput.Text.Select(t => (string?)WithoutLineBreaks(t))));

    // No HTTP client sends a line break inside a header value: it would end the header.
    private static string WithoutLineBreaks(string text) => new(text.Where(c => c is not ('\r' or '\n')).ToArray());

    private static readonly Gen<IngestionCase> HeaderCases =
        from records in ValidRecord.Array[1, 2]
        from ndjson in Gen.Bool
        from contentType in Gen.Frequency((3, ndjson ? NdJsonContentType : JsonContentType), (1, HostileInput.Text.Select(t => (string?)WithoutLineBreaks(t))))
        from key in IdempotencyKey
        from apiKey in Gen.Frequency((12, Gen.Const(KeyKind.Capture)), (1, Gen.Enum<KeyKind>()))
        select new IngestionCase(ndjson ? NdJson(records) : Json(records), contentType, key, apiKey);

    [Fact]
    public Task Ingestion_of_generated_json_batches_never_fails_and_refusals_name_the_field_and_write_nothing() =>
        IngestionSweepAsync(JsonCases);

    [Fact]
    public Task Ingestion_of_generated_ndjson_batches_never_fails_and_refusals_name_the_field_and_write_nothing() =>
        IngestionSweepAsync(NdJsonCases);

    [Fact]
    public Task Ingestion_with_generated_headers_never_fails_and_refusals_name_the_header_and_write_nothing() =>
        IngestionSweepAsync(HeaderCases);

    private async Task IngestionSweepAsync(Gen<IngestionCase> cases)
    {
        var keys = new Dictionary<KeyKind, string?>
        {
            [KeyKind.Capture] = (await Clients.CreateAsync($"sweep-{Guid.NewGuid():N}", [ApiScopes.CaptureWrite], Ct)).Key,
            [KeyKind.Training] = (await Clients.CreateAsync($"sweep-{Guid.NewGuid():N}", [ApiScopes.TrainingRead], Ct)).Key,
            [KeyKind.Garbage] = "tr_" + new string('x', 40),
            [KeyKind.None] = null,
        };
        using var client = app.CreateClient();
        var outcomes = new Dictionary<int, int>();
        await SweepAsync(cases, async c =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, IngestionPath) { Content = new ByteArrayContent(c.Body) };
            if (c.ContentType is not null)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
            if (c.IdempotencyKey is not null)
                Assert.True(request.Headers.TryAddWithoutValidation("Idempotency-Key", c.IdempotencyKey));
            if (keys[c.Key] is { } key)
                request.Headers.Add("X-Api-Key", key);
            var status = await SendAsync(client, request, IngestionRefusalNamesWhatIsWrong);
            outcomes[status] = outcomes.GetValueOrDefault(status) + 1;
        });
        Print("Statuses: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} × {o.Value}")));
        // The sweep walks the happy path as well as the refusals.
        Assert.Contains(200, outcomes.Keys);
        Assert.True(outcomes.Keys.Count(s => s >= 400) >= 3, "Too few kinds of refusal: " + string.Join(", ", outcomes.Keys));
    }

    /// <summary>
    /// What an ingestion refusal must name: each item error its field (a record that is no object is named by its index),
    /// a refusal of the whole request the header, the body's position or the limit it broke.
    /// </summary>
    private static string? IngestionRefusalNamesWhatIsWrong(int status, JsonElement problem)
    {
        if (problem.TryGetProperty("errors", out var errors))
        {
            if (errors.GetArrayLength() == 0)
                return "an empty list of errors";
            foreach (var error in errors.EnumerateArray())
            {
                var field = error.GetProperty("field").GetString();
                var message = error.GetProperty("message").GetString() ?? "";
                if (error.GetProperty("index").GetInt32() < 0 || message.Length == 0)
                    return "an error without index or message: " + error;
                if (string.IsNullOrEmpty(field) && !message.StartsWith("Each record must be a JSON object", StringComparison.Ordinal))
                    return "an error naming no field: " + error;
            }
            return null;
        }
        string[] names = status switch
        {
            401 or 403 => ["API key"],
            413 => ["body", "batch"],
            415 => ["application/json", NdJsonType],
            429 => ["requests"],
            _ => ["Idempotency-Key", "BytePositionInLine", "Line ", "JSON array", "capture record"],
        };
        var text = $"{Str(problem, "title")} {Str(problem, "detail")}";
        return names.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)) ? null : $"names none of {string.Join(", ", names)}";
    }

    private const string NdJsonType = "application/x-ndjson";

    // ---- Training export and revocations -----------------------------------------------------------------------

    /// <summary>One generated query string, each parameter's name and value, and whether it is sent escaped or as typed.</summary>
    public sealed record QueryCase(KeyValuePair<string, string>[] Parameters, bool Raw, int CursorPick)
    {
        public override string ToString() => $"{(Raw ? "raw" : "escaped")}: {Show(string.Join("&", Parameters.Select(p => p.Key + "=" + p.Value)))} (cursor {CursorPick})";
    }

    private const string KnownCursor = "\u0000known";

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Cursors: one the endpoint gave out, forged ones of the right shape with wrong parts, garbage.</summary>
    private static readonly Gen<string> Cursor = Gen.Frequency(
        (3, Gen.Const(KnownCursor)),
        (2, from ticks in Gen.OneOf("0", "-1", "638000000000000000", "3155378975999999999", "3155378976000000000", "99999999999999999999", "1e5", "")
            from employee in Gen.Frequency((3, Gen.OneOf(Employees)), (1, Gen.OneOf("E00001\0", "\0", "E\u0001")), (2, HostileInput.Text))
            from id in Gen.Frequency((3, Gen.Guid.Select(g => g.ToString("N"))), (1, Gen.OneOf("", "not-a-guid", Guid.Empty.ToString("D"))))
            from extra in Gen.Frequency((5, Gen.Const("")), (1, Gen.Const("|more")))
            select Base64Url($"{ticks}|{employee}|{id}{extra}")),
        (2, Gen.OneOf("r0", "r1", "r-1", "r", "r99999999999999999999", "R5", "r1.5", "r 1", "s12", "r٣")),
        (2, HostileInput.Text),
        (1, Gen.Int[0, 500].Select(n => new string('A', n))));

    private static readonly Gen<string> Limit = Gen.Frequency(
        (3, Gen.Int[1, 10_000].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.OneOf("0", "-1", "10001", "2147483648", "99999999999999999999", "+5", " 5", "5 ", "5.0", "1e3", "0x10", "٥", "", "five", "1,000")),
        (1, HostileInput.Text));

    private static readonly Gen<KeyValuePair<string, string>> Parameter = Gen.Frequency(
        (4, Cursor.Select(v => new KeyValuePair<string, string>("after", v))),
        (4, Limit.Select(v => new KeyValuePair<string, string>("limit", v))),
        (2, Gen.Select(Gen.Frequency((3, Gen.OneOf("cursor", "offset", "AFTER", "Limit", "after[]", "", " after", "page")), (1, HostileInput.Text)),
            Gen.Frequency((1, Cursor), (1, Limit)), (k, v) => new KeyValuePair<string, string>(k, v))));

    private static readonly Gen<QueryCase> Queries =
        from parameters in Parameter.Array[0, 4]
        from raw in Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true)))
        from pick in Gen.Int[0, 99]
        select new QueryCase(parameters, raw, pick);

    [Fact]
    public Task Training_export_with_generated_query_strings_never_fails_and_refusals_name_the_parameter_and_write_nothing() =>
        ExportSweepAsync(RecordsPath);

    [Fact]
    public Task Revocation_feed_with_generated_query_strings_never_fails_and_refusals_name_the_parameter_and_write_nothing() =>
        ExportSweepAsync(RevocationsPath);

    private async Task ExportSweepAsync(string path)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", (await Clients.CreateAsync($"sweep-{Guid.NewGuid():N}", [ApiScopes.TrainingRead], Ct)).Key);
        // Cursors the endpoint handed out, to be sent back among the forged ones.
        var cursors = new List<string>();
        var outcomes = new Dictionary<int, int>();
        await SweepAsync(Queries, async q =>
        {
            var parameters = q.Parameters
                .Select(p => p.Value == KnownCursor ? new(p.Key, cursors.Count == 0 ? "" : cursors[q.CursorPick % cursors.Count]) : p).ToArray();
            var query = string.Join("&", parameters.Select(p => Escape(p.Key, q.Raw) + "=" + Escape(p.Value, q.Raw)));
            using var request = new HttpRequestMessage(HttpMethod.Get, parameters.Length == 0 ? path : path + "?" + query);
            // Refused for sure: a name other than after and limit, a name given twice, or a limit that is not 1 to 10,000.
            var surelyWrong = !q.Raw && (parameters.Any(p => p.Key is not ("after" or "limit" or ""))
                || parameters.GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1)
                || parameters.Any(p => p.Key == "limit" && !(p.Value.All(char.IsAsciiDigit) && int.TryParse(p.Value, out var n) && n is >= 1 and <= 10_000)));
            using var response = await SendForResponseAsync(client, request, ExportRefusalNamesTheParameter(parameters.Select(p => p.Key)));
            var status = (int)response.StatusCode;
            outcomes[status] = outcomes.GetValueOrDefault(status) + 1;
            if (surelyWrong)
                Assert.Equal(400, status);
            foreach (var header in new[] { "X-Next-Cursor", "X-Resume-Cursor" })
                if (response.Headers.TryGetValues(header, out var values) && cursors.Count < 50)
                    cursors.AddRange(values);
        });
        Print("Statuses: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} × {o.Value}")));
        Assert.Contains(200, outcomes.Keys);
        Assert.Contains(400, outcomes.Keys);
    }

    private static Func<int, JsonElement, string?> ExportRefusalNamesTheParameter(IEnumerable<string> sent) => (_, problem) =>
    {
        var detail = Str(problem, "detail");
        string[] names = ["after", "limit", .. sent.Where(s => s.Length > 0).Select(s => s.Length > 40 ? s[..40] : s)];
        return names.Any(n => detail.Contains($"'{n}'", StringComparison.Ordinal) || detail.StartsWith(n + " ", StringComparison.Ordinal))
            ? null
            : "names no parameter";
    };

    /// <summary>
    /// A query string's part: escaped as a browser would, or as typed, where only what cannot travel in a URL at all
    /// (space, #, non-ASCII) is escaped, and %, &amp;, = and + stay as they are.
    /// </summary>
    private static string Escape(string text, bool raw)
    {
        var url = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (raw && c is '%' or '&' or '=' or '+' or ',' or ';' or '/' or '?' or '\'' or '!'))
                url.Append(c);
            else
                url.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
        }
        return url.ToString();
    }

    // ---- The records filter in the URL ------------------------------------------------------------------------------

    private static readonly string[] FilterNames = ["kind", "purpose", "training", "from", "to", "flagged", "deleted", "app", "site", "q"];

    private static readonly Gen<string> FilterValue = Gen.Frequency(
        (3, Gen.OneOf("keystrokes", "click", "Click,keystrokes", "screensnapshot", "appfocus", "pointertrajectory", "modeltraining", "product",
            "operationaltelemetry", "eligible", "withheld", "quarantined", "noteligible", "any", "true", "false", "2026-11-20", "2025-01-01",
            "9999-12-31", "0001-01-01", "Outlook", "mail.example.com", "Hello")),
        (2, Gen.OneOf("1", "0", "-1", "99", "None", "All", "keystrokes,,", ",", "2026-02-30", "20261120", "2026-11-20T00:00:00Z", "yes", "TRUE ",
            "modeltraining,product", "Product|ModelTraining", "7")),
        (4, HostileInput.Text));

    public sealed record FilterCase(KeyValuePair<string, string>[] Parameters, bool Raw)
    {
        public override string ToString() => $"{(Raw ? "raw" : "escaped")}: {Show(string.Join("&", Parameters.Select(p => p.Key + "=" + p.Value)))}";
    }

    private static readonly Gen<FilterCase> Filters =
        from parameters in Gen.Select(Gen.Frequency((8, Gen.OneOf(FilterNames)), (1, HostileInput.Text)), FilterValue,
            (k, v) => new KeyValuePair<string, string>(k, v)).Array[0, 5]
        from raw in Gen.Frequency((5, Gen.Const(false)), (1, Gen.Const(true)))
        select new FilterCase(parameters, raw);

    /// <summary>What the page says about a value it cannot use, by parameter: the words that name the filter field.</summary>
    private static readonly Dictionary<string, string> NamedAs = new()
    {
        ["kind"] = "Unknown capture kind", ["purpose"] = "Unknown purpose", ["training"] = "Unknown training status",
        ["from"] = "\"from\" must be a date", ["to"] = "\"to\" must be a date", ["flagged"] = "\"flagged\" must be true or false",
        ["deleted"] = "\"deleted\" must be true or false", ["q"] = "The search text", ["app"] = "The application filter", ["site"] = "The site filter",
    };

    [Fact]
    public async Task Records_filter_in_the_url_never_fails_and_each_bad_value_is_named_on_the_page()
    {
        var client = await app.ClientForAsync("E00001");
        var shown = 0;
        await SweepAsync(Filters, async f =>
        {
            var query = string.Join("&", f.Parameters.Select(p => Escape(p.Key, f.Raw) + "=" + Escape(p.Value, f.Raw)));
            using var request = new HttpRequestMessage(HttpMethod.Get, "/my/records" + (query.Length == 0 ? "" : "?" + query));
            var before = _rows ??= await StoreRows.CountAsync(app.Store.Contexts, Ct);
            using var response = await client.SendAsync(request, Ct);
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.True((int)response.StatusCode == 200, $"{(int)response.StatusCode}: {Show(html)}");
            var page = await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(html, Ct);
            var alerts = string.Join(" | ", page.QuerySelectorAll(".mud-alert").Select(a => a.TextContent.Trim()));
            _rows = await StoreRows.CountAsync(app.Store.Contexts, Ct);
            Assert.Equal("", StoreRows.Changes(before, _rows));
            if (f.Raw)
                return;
            foreach (var name in BadValues(f.Parameters))
            {
                Assert.True(alerts.Contains(NamedAs[name], StringComparison.Ordinal), $"No message names {name}; the page says: {Show(alerts)}");
                shown++;
            }
        });
        Print($"Messages checked: {shown}");
        Assert.True(shown > 100, $"Only {shown} bad values were checked");
    }

    /// <summary>The parameters whose value the page surely cannot use, by an independent reading of what each takes.</summary>
    private static IEnumerable<string> BadValues(KeyValuePair<string, string>[] parameters)
    {
        var values = parameters.GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key.ToLowerInvariant(), g => g.Select(p => p.Value).ToList());
        string[] kinds = ["pointertrajectory", "click", "keystrokes", "screensnapshot", "appfocus"];
        string[] purposes = ["operationaltelemetry", "product", "modeltraining"];
        string[] trainings = ["any", "eligible", "withheld", "quarantined", "noteligible"];
        bool NotAll(string name, string[] known) => values.TryGetValue(name, out var v)
            && v.SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries)).Any(x => !known.Contains(x.Trim().ToLowerInvariant()));
        string? One(string name) => values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(string.Join(",", v)) ? string.Join(",", v) : null;
        if (NotAll("kind", kinds))
            yield return "kind";
        if (NotAll("purpose", purposes))
            yield return "purpose";
        if (One("training") is { } t && !trainings.Contains(t.Trim().ToLowerInvariant()))
            yield return "training";
        foreach (var date in new[] { "from", "to" })
            if (One(date) is { } d && !DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                yield return date;
        foreach (var flag in new[] { "flagged", "deleted" })
            if (One(flag) is { } b && b.Trim().ToLowerInvariant() is not ("true" or "false"))
                yield return flag;
        foreach (var text in new[] { "app", "site", "q" })
            if (One(text) is { } value && (value.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n')) || text == "q" && value.Length > 200))
                yield return text;
    }

    // ---- Common -------------------------------------------------------------------------------------------------

    private ApiClientService Clients => app.Services.GetRequiredService<ApiClientService>();

    private async Task<int> SendAsync(HttpClient client, HttpRequestMessage request, Func<int, JsonElement, string?> namesWhatIsWrong)
    {
        using var response = await SendForResponseAsync(client, request, namesWhatIsWrong);
        return (int)response.StatusCode;
    }

    /// <summary>
    /// Sends one request and holds it to the property: under 500; a refusal is a problem document with its status that
    /// names what is wrong, and leaves every table's row count as it was.
    /// </summary>
    private async Task<HttpResponseMessage> SendForResponseAsync(HttpClient client, HttpRequestMessage request, Func<int, JsonElement, string?> namesWhatIsWrong)
    {
        // The requests of a sweep go one after another and nothing else writes (the background jobs are off): what the
        // store held after one request is what it holds before the next.
        var before = _rows ??= await StoreRows.CountAsync(app.Store.Contexts, Ct);
        _rows = null;
        var response = await client.SendAsync(request, Ct);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status < 500, $"{status}: {Show(body)}");
        if (status < 400)
            return response;
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{status} answered as {response.Content.Headers.ContentType}, not a problem document: {Show(body)}");
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        var unnamed = namesWhatIsWrong(status, problem.RootElement);
        Assert.True(unnamed is null, $"The refusal {status} {Show(body)} names what is wrong in no way: {unnamed}");
        _rows = await StoreRows.CountAsync(app.Store.Contexts, Ct);
        var changes = StoreRows.Changes(before, _rows);
        Assert.True(changes.Length == 0, $"The refused request ({status}) changed the store: {changes}");
        return response;
    }

    private IReadOnlyDictionary<string, long>? _rows;

    private static string Str(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
