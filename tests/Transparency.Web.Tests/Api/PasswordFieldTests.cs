using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transparency.Core.ApiClients;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Policies;
using Transparency.Testing;
using Transparency.Web.Tests.Hosting;
using static Transparency.Testing.CaptureBatches;

namespace Transparency.Web.Tests.Api;

public sealed class PasswordFieldTests(SmallIngestionLimitsFactory app) : PasswordFieldContract(app), IClassFixture<SmallIngestionLimitsFactory>;

public sealed class PostgresPasswordFieldTests(PostgresSmallIngestionLimitsFactory app)
    : PasswordFieldContract(app), IClassFixture<PostgresSmallIngestionLimitsFactory>;

/// <summary>
/// Text typed into a password field (ADR 0003), sent through the real ingestion endpoint: it lands in no table, and so
/// leaves through no export, no personal-data file and no page; the record is never released for training.
/// </summary>
public abstract class PasswordFieldContract(SmallIngestionLimitsFactory app)
{
    private const string Ada = "E00002";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> ClientWithAsync(string scope)
    {
        var key = await app.Services.GetRequiredService<ApiClientService>().CreateAsync($"test-{Guid.NewGuid():N}", [scope], Ct);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        return client;
    }

    private static JsonObject PasswordKeystrokes(string text)
    {
        var item = Keystrokes(Ada, text: text, application: "Edge", site: "login.example.com");
        item["sensitivity"] = new JsonArray("passwordField");
        return item;
    }

    private HttpClient? _capture;

    /// <summary>One capture client per test: an Idempotency-Key belongs to the client that used it.</summary>
    private async Task<HttpResponseMessage> IngestAsync(byte[] body, string idempotencyKey)
    {
        var client = _capture ??= await ClientWithAsync(ApiScopes.CaptureWrite);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/capture-records") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request, Ct);
    }

    /// <summary>Every string and byte value of every row of every table, as text.</summary>
    private async Task<List<(string Table, string Value)>> EveryValueAsync()
    {
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().ToList();
        Assert.Contains("idempotency_records", tables);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Ct);
        var values = new List<(string, string)>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
                for (var i = 0; i < reader.FieldCount; i++)
                    switch (reader.IsDBNull(i) ? null : reader.GetValue(i))
                    {
                        case string s: values.Add((table, s)); break;
                        case byte[] b: values.Add((table, Encoding.UTF8.GetString(b))); break;
                    }
        }
        return values;
    }

    [Fact]
    public async Task Text_typed_into_a_password_field_is_in_no_table_no_export_no_personal_data_file_and_not_on_the_record_page()
    {
        var marker = $"hunter2-{Guid.NewGuid():N}";
        var typed = PasswordKeystrokes(marker);
        var plain = Keystrokes(Ada, text: "plain words");

        using var response = await IngestAsync(Json(typed, plain), $"key-{Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var values = await EveryValueAsync();
        Assert.Contains(values, v => v.Value.Contains("plain words", StringComparison.Ordinal));
        Assert.DoesNotContain(values, v => v.Value.Contains(marker, StringComparison.Ordinal));
        await using (var db = await app.Store.Contexts.CreateDbContextAsync(Ct))
        {
            var held = await db.CaptureRecords.AsNoTracking().Include(r => r.Content).SingleAsync(r => r.Id == Id(typed), Ct);
            Assert.Equal($$"""{"keyCount":{{marker.Length}},"durationMs":1200,"textWithheld":"passwordField"}""", held.Content!.Json);
            Assert.Equal("Typed 40 keys into a password field on login.example.com", held.Summary);
            Assert.Equal(SensitivityTags.PasswordField, held.Sensitivity);
        }

        using var training = await ClientWithAsync(ApiScopes.TrainingRead);
        using var export = await training.GetAsync("/api/v1/training/records", Ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.DoesNotContain(marker, await export.Content.ReadAsStringAsync(Ct));

        var employee = await app.ClientForAsync(Ada);
        using var zip = await employee.GetAsync("/files/my/export.zip", Ct);
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync(Ct));
        var files = new StringBuilder();
        foreach (var entry in archive.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            files.Append(await reader.ReadToEndAsync(Ct));
        }
        Assert.Contains(Id(typed).ToString(), files.ToString());
        Assert.Contains("textWithheld", files.ToString());
        Assert.DoesNotContain(marker, files.ToString());

        using var page = await employee.GetAsync($"/my/records/{Id(typed)}", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(marker, html);
        var document = await TransparencyAppFactory.ParseAsync(page, Ct);
        Assert.Equal("Typed into a password field: text not kept", document.QuerySelector("[data-testid='text-withheld']")?.TextContent.Trim());
        Assert.Empty(document.QuerySelectorAll("[data-testid='typed-text']"));
        var text = TransparencyAppFactory.VisibleText(document);
        Assert.Contains("40 keys", text);
        Assert.DoesNotContain("Release for training", text);
    }

    [Fact]
    public async Task A_resend_with_other_text_is_a_duplicate_and_the_idempotency_key_replays()
    {
        var first = PasswordKeystrokes($"first-{Guid.NewGuid():N}");
        var second = (JsonObject)first.DeepClone();
        second["content"]!["text"] = $"other-{Guid.NewGuid():N}";
        var key = $"key-{Guid.NewGuid():N}";

        using var accepted = await IngestAsync(Json(first), key);
        using var replayed = await IngestAsync(Json(second), key);
        using var duplicate = await IngestAsync(Json(second), $"key-{Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(await accepted.Content.ReadAsStringAsync(Ct), await replayed.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains("\"duplicate\"", await duplicate.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Release_of_the_record_is_refused_and_a_bulk_release_leaves_it_out_and_counts_it()
    {
        var typed = PasswordKeystrokes($"secret-{Guid.NewGuid():N}");
        var plain = Keystrokes(Ada, text: "plain words");
        using var response = await IngestAsync(Json(typed, plain), $"key-{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decisions = app.Services.GetRequiredService<DecisionService>();
        var ada = new EmployeeId(Ada);
        var both = ActTarget.Selection([Id(typed), Id(plain)]);
        Assert.Equal(2, (await decisions.WithholdAsync(ada, both, Ct)).Changed);

        var refused = await Assert.ThrowsAsync<ActRefusedException>(() => decisions.ReleaseAsync(ada, ActTarget.One(Id(typed)), Ct));
        var preview = await decisions.PreviewAsync(ada, DecisionKind.Release, both, Ct);
        var bulk = await decisions.ReleaseAsync(ada, both, Ct);

        Assert.Equal(DecisionService.PasswordFieldRefusal, refused.Message);
        Assert.Equal((1, 1), (preview.WillChange, preview.Skipped));
        Assert.Equal((1, 1), (bulk.Changed, bulk.Skipped));
        await using var db = await app.Store.Contexts.CreateDbContextAsync(Ct);
        var choices = await db.CaptureRecords.AsNoTracking().Where(r => r.Id == Id(typed) || r.Id == Id(plain))
            .ToDictionaryAsync(r => r.Id, r => r.TrainingChoice, Ct);
        Assert.Equal(TrainingChoice.Withheld, choices[Id(typed)]);
        Assert.Equal(TrainingChoice.None, choices[Id(plain)]);
    }
}
