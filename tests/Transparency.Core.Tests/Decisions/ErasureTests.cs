using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Testing;

namespace Transparency.Core.Tests.Decisions;

/// <summary>Delete means gone: not only unreachable through the app, but absent from the embedded store's file.</summary>
public sealed class ErasureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deleted_content_is_not_left_in_the_sqlite_file()
    {
        await using var scene = await ActScene.CreateAsync(StoreProvider.Sqlite);
        const string secret = "my-doctor-appointment-Zq7WvX";
        var record = TestData.Record(ActScene.Ada.Value);
        record.Summary = $"Typed {secret}";
        record.Content!.Json = $$"""{"text":"{{secret}} {{new string('x', 3000)}}","keyCount":3000,"durationMs":9000}""";
        await scene.AddAsync(record);
        await CheckpointAsync(scene.Store);
        Assert.True(FileContains(scene.Store, secret), "the secret is in the file before deletion (the test can see it)");

        var result = await scene.Decisions.DeleteAsync(ActScene.Ada, ActTarget.One(record.Id), Ct);

        Assert.Equal(1, result.Changed);
        await CheckpointAsync(scene.Store);
        Assert.False(FileContains(scene.Store, secret), "deleted content must not survive in the database file");
    }

    private static async Task CheckpointAsync(TestStore store)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(Ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", Ct);
    }

    private static bool FileContains(TestStore store, string text)
    {
        SqliteConnection.ClearAllPools();
        var path = new SqliteConnectionStringBuilder(store.Options.ConnectionString).DataSource;
        var needle = Encoding.UTF8.GetBytes(text);
        return new[] { path, path + "-wal" }.Where(File.Exists)
            .Any(file => File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0);
    }
}
