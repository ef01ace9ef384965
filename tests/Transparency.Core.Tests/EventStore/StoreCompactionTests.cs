using Microsoft.Extensions.Logging.Abstractions;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Tests.Decisions;
using Transparency.Testing;

namespace Transparency.Core.Tests.EventStore;

/// <summary>
/// Runs after the parallel tests, alone: the operator compacts in a maintenance window, and other tests' sessions on the same
/// PostgreSQL cluster (thousands of generated inserts, connections starting) can hold back the row versions a
/// <c>VACUUM FULL</c> may drop, which in production is the instances the operator stopped first.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MaintenanceWindowCollection
{
    public const string Name = "Maintenance window";
}

/// <summary>
/// The operator's full compaction (<c>store vacuum --full</c>): afterwards no file of the store holds a byte of erased
/// content, not even in free space, while what was not erased is all still there.
/// </summary>
[Collection(MaintenanceWindowCollection.Name)]
public sealed class StoreCompactionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_full_compaction_no_postgres_file_holds_erased_content()
    {
        await using var scene = await ActScene.CreateAsync(StoreProvider.Postgres);
        var (small, smallMarkers) = MarkedRecords.Create(ActScene.Ada.Value, large: false);
        var (large, largeMarkers) = MarkedRecords.Create(ActScene.Ada.Value, large: true);
        var (kept, keptMarkers) = MarkedRecords.Create(ActScene.Ben.Value, large: true);
        await scene.AddAsync(kept, large, small);
        string[] markers = [.. smallMarkers, .. largeMarkers];

        var result = await scene.Decisions.DeleteAsync(ActScene.Ada, ActTarget.Selection([small.Id, large.Id]), Ct);

        Assert.Equal(2, result.Changed);
        // The deleted rows' versions are still written in the table files.
        Assert.Equal(markers, await PostgresPages.InFilesAsync(scene.Store, markers));

        var compaction = await Compaction(scene.Store).CompactAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(compaction.Complete, compaction.Problem);
        Assert.Empty(await PostgresPages.InFilesAsync(scene.Store, markers));
        Assert.Equal(keptMarkers, await PostgresPages.InFilesAsync(scene.Store, keptMarkers));
    }

    [Fact]
    public async Task A_full_compaction_of_a_sqlite_store_keeps_what_was_not_erased()
    {
        await using var scene = await ActScene.CreateAsync(StoreProvider.Sqlite);
        await SqliteFiles.UseWriteAheadLogAsync(scene.Store);
        var (erased, markers) = MarkedRecords.Create(ActScene.Ada.Value, large: true);
        var (kept, keptMarkers) = MarkedRecords.Create(ActScene.Ben.Value, large: true);
        await scene.AddAsync(erased, kept);
        await scene.Decisions.DeleteAsync(ActScene.Ada, ActTarget.One(erased.Id), Ct);

        var compaction = await Compaction(scene.Store).CompactAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(compaction.Complete, compaction.Problem);
        Assert.Empty(SqliteFiles.Find(scene.Store, markers));
        Assert.Equal(keptMarkers, SqliteFiles.Find(scene.Store, keptMarkers));
        Assert.True((await scene.StatesAsync())[kept.Id].HasContent);
    }

    private static StoreCompaction Compaction(TestStore store) =>
        new(store.Contexts, store.Options, TimeProvider.System, NullLogger<StoreCompaction>.Instance);
}
