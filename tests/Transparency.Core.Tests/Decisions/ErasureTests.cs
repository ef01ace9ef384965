using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Retention;
using Transparency.Core.Tests.EventStore;
using Transparency.Testing;

namespace Transparency.Core.Tests.Decisions;

/// <summary>
/// Delete means gone: not only unreachable through the app, but absent from the embedded store's files. The store runs
/// in WAL mode as the app's does, and the files are read while the app's connections stay open, with no checkpoint
/// but the one the app makes itself: an erasure left in the log, or in the database file's old page, is found.
/// </summary>
public sealed class ErasureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, InlineData(false), InlineData(true)]
    public async Task Deleted_content_is_left_in_neither_the_sqlite_file_nor_its_log(bool large)
    {
        await using var scene = await ActScene.CreateAsync(StoreProvider.Sqlite);
        await SqliteFiles.UseWriteAheadLogAsync(scene.Store);
        var (erased, markers) = MarkedRecords.Create(ActScene.Ada.Value, large);
        var (kept, keptMarkers) = MarkedRecords.Create(ActScene.Ben.Value, large);
        await scene.AddAsync(erased, kept);
        Assert.Equal([.. markers, .. keptMarkers], SqliteFiles.Find(scene.Store, [.. markers, .. keptMarkers]));

        var result = await scene.Decisions.DeleteAsync(ActScene.Ada, ActTarget.One(erased.Id), Ct);

        Assert.Equal(1, result.Changed);
        Assert.Empty(SqliteFiles.Find(scene.Store, markers));
        // The scan still sees what was not erased.
        Assert.Equal(keptMarkers, SqliteFiles.Find(scene.Store, keptMarkers));
        Assert.False(scene.Store.Erasure.IsPending);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task Purged_content_is_left_in_neither_the_sqlite_file_nor_its_log(bool large)
    {
        await using var scene = await ActScene.CreateAsync(StoreProvider.Sqlite);
        await SqliteFiles.UseWriteAheadLogAsync(scene.Store);
        // Telemetry is kept 90 days.
        var (expired, markers) = MarkedRecords.Create(ActScene.Ada.Value, large, TestData.Now.AddDays(-100), Purposes.OperationalTelemetry);
        var (young, youngMarkers) = MarkedRecords.Create(ActScene.Ada.Value, large, TestData.Now.AddDays(-10), Purposes.OperationalTelemetry);
        await scene.AddAsync(expired, young);
        Assert.Equal([.. markers, .. youngMarkers], SqliteFiles.Find(scene.Store, [.. markers, .. youngMarkers]));

        var result = await new RetentionService(scene.Store.Contexts, new FakeTimeProvider(new DateTimeOffset(TestData.Now)), new RetentionOptions(),
            scene.Store.Erasure, NullLogger<RetentionService>.Instance).PurgeAsync(Ct);

        Assert.Equal(1, result.Purged);
        Assert.Empty(SqliteFiles.Find(scene.Store, markers));
        Assert.Equal(youngMarkers, SqliteFiles.Find(scene.Store, youngMarkers));
    }

    [Fact]
    public async Task A_checkpoint_a_reader_holds_up_is_retried_until_the_erased_content_is_gone()
    {
        await using var scene = await ActScene.CreateAsync(StoreProvider.Sqlite);
        await SqliteFiles.UseWriteAheadLogAsync(scene.Store);
        var (erased, markers) = MarkedRecords.Create(ActScene.Ada.Value, large: true);
        await scene.AddAsync(erased);
        var sweep = new ErasureSweep(scene.Store.Contexts, scene.Store.Options, new ErasureSweepOptions { CheckpointRetryDelay = TimeSpan.FromMilliseconds(100) },
            TimeProvider.System, NullLogger<ErasureSweep>.Instance);
        using var job = new ErasureSweepJob(sweep, TimeProvider.System, NullLogger<ErasureSweepJob>.Instance);
        await job.StartAsync(Ct);

        // A reader (a page being shown) still on the snapshot from before the delete.
        await using (var reader = new SqliteConnection(scene.Store.Options.ConnectionString))
        {
            await reader.OpenAsync(Ct);
            await using var snapshot = reader.BeginTransaction(deferred: true);
            await using (var read = reader.CreateCommand())
            {
                read.CommandText = "SELECT count(*) FROM capture_contents";
                Assert.Equal(1L, await read.ExecuteScalarAsync(Ct));
            }

            var result = await new DecisionService(scene.Store.Contexts, scene.Clock, sweep).DeleteAsync(ActScene.Ada, ActTarget.One(erased.Id), Ct);

            Assert.Equal(1, result.Changed);
            await Task.Delay(500, Ct);
            // The log cannot be emptied while the reader may still need the pages it holds.
            Assert.True(sweep.IsPending);
            Assert.Equal(markers, SqliteFiles.Find(scene.Store, markers));
        }

        var until = DateTime.UtcNow.AddSeconds(30);
        while (SqliteFiles.Find(scene.Store, markers).Count > 0 && DateTime.UtcNow < until)
            await Task.Delay(100, Ct);
        Assert.Empty(SqliteFiles.Find(scene.Store, markers));
        await job.StopAsync(Ct);
    }
}
