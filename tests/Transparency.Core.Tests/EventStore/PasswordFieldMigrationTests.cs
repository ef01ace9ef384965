using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Transparency.Core.Rollups;
using Transparency.Core.EventStore;
using Transparency.Testing;

namespace Transparency.Core.Tests.EventStore;

/// <summary>ADR 0003 for stores filled before it: the migration removes what was kept of text typed into password fields.</summary>
public sealed class PasswordFieldMigrationTests
{
    private const string Migration = "WithholdPasswordFieldText";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Migration_removes_the_text_of_password_field_keystrokes_and_the_hashes_taken_over_it(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider, migrate: false);
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var index = migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal));
            Assert.True(index > 0, $"No migration {Migration}.");
            await db.GetService<IMigrator>().MigrateAsync(migrations[index - 1], Ct);
        }

        var marker = $"old-secret-{Guid.NewGuid():N}";
        await TestData.AddPurposesOfAnEarlierSchemaAsync(store);
        await TestData.AddEmployeesAsync(store, "E-1");
        // Released by the employee before the rule stopped a release from counting for password fields.
        var password = TestData.Record("E-1", sensitivity: SensitivityTags.PasswordField | SensitivityTags.Banking)
            .With(r => r.IngestHash = new string('a', 64)).With(r => r.TrainingChoice = TrainingChoice.Released);
        password.Content!.Json = JsonSerializer.Serialize(new { text = marker, keyCount = 12, durationMs = 2300, keys = new[] { marker } });
        var plain = TestData.Record("E-1").With(r => r.IngestHash = new string('b', 64));
        plain.Content!.Json = """{"text":"plain words","keyCount":11,"durationMs":1800}""";
        var banking = TestData.Record("E-1", sensitivity: SensitivityTags.Banking);
        banking.Content!.Json = """{"text":"transfer","keyCount":8,"durationMs":900}""";
        var focus = TestData.Record("E-1", kind: CaptureKind.AppFocus, sensitivity: SensitivityTags.PasswordField);
        focus.Content!.Json = """{"durationMs":90000,"windowTitle":"Sign in"}""";
        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
        {
            db.CaptureRecords.AddRange(password, plain, banking, focus);
            var client = new ApiClient { Id = Guid.NewGuid(), Name = "capture", Scopes = "capture:write", CreatedAt = TestData.Now };
            db.ApiClients.Add(client);
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                ApiClientId = client.Id, Key = "batch-1", RequestHash = new string('c', 64), StatusCode = 200,
                ResponseBody = "{}", CreatedAt = TestData.Now,
            });
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = await store.Contexts.CreateDbContextAsync(Ct))
            await db.Database.MigrateAsync(Ct);

        await using var read = await store.Contexts.CreateDbContextAsync(Ct);
        var held = await read.CaptureRecords.AsNoTracking().Include(r => r.Content).ToDictionaryAsync(r => r.Id, Ct);
        using (var content = JsonDocument.Parse(held[password.Id].Content!.Json))
        {
            Assert.Equal(["durationMs", "keyCount", "textWithheld"], content.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal(12, content.RootElement.GetProperty("keyCount").GetInt32());
            Assert.Equal(2300, content.RootElement.GetProperty("durationMs").GetInt32());
            Assert.Equal(CaptureContent.TextWithheldPasswordField, content.RootElement.GetProperty(CaptureContent.TextWithheldProperty).GetString());
        }
        Assert.DoesNotContain(marker, held[password.Id].Content!.Json);
        Assert.Null(held[password.Id].IngestHash);
        Assert.Equal("""{"text":"plain words","keyCount":11,"durationMs":1800}""", held[plain.Id].Content!.Json);
        Assert.Equal(new string('b', 64), held[plain.Id].IngestHash);
        Assert.Equal("""{"text":"transfer","keyCount":8,"durationMs":900}""", held[banking.Id].Content!.Json);
        Assert.Equal("""{"durationMs":90000,"windowTitle":"Sign in"}""", held[focus.Id].Content!.Json);
        Assert.Empty(await read.IdempotencyRecords.ToListAsync(Ct));
        // The summary's day and the usage rollup's week of the released record are recomputed with the rule.
        var day = DateTime.SpecifyKind(password.CapturedAt.Date, DateTimeKind.Utc);
        var summaryMark = Assert.Single(await read.SummaryCellRefreshes.AsNoTracking().ToListAsync(Ct));
        Assert.Equal(("E-1", day, day), (summaryMark.EmployeeId, summaryMark.FirstDay, summaryMark.LastDay));
        Assert.NotEqual(Guid.Empty, summaryMark.Id);
        var usageMark = Assert.Single(await read.UsageCellRefreshes.AsNoTracking().ToListAsync(Ct));
        Assert.Equal(("OU-TEST", Transparency.Core.Rollups.UsageWeeks.StartOf(password.CapturedAt)), (usageMark.OrgUnitId, usageMark.WeekStart));
    }
}
