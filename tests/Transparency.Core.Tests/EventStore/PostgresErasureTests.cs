using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Transparency.Core.Decisions;
using Transparency.Core.EventStore;
using Transparency.Core.Retention;
using Transparency.Core.Tests.Decisions;
using Transparency.Testing;

namespace Transparency.Core.Tests.EventStore;

/// <summary>
/// Delete means gone on PostgreSQL too: a deleted or purged record's content, snapshot and summary stay in the tables'
/// pages as dead row versions until a vacuum; after the app's erasure sweep no tuple, live or dead, holds them
/// (read below SQL with pageinspect, TOAST tables included), and the sweep runs at most once per interval.
/// </summary>
public sealed class PostgresErasureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, InlineData(false), InlineData(true)]
    public async Task After_the_sweep_no_tuple_holds_deleted_content(bool large)
    {
        await using var scene = await ActScene.CreateAsync(StoreProvider.Postgres);
        var (erased, markers) = MarkedRecords.Create(ActScene.Ada.Value, large);
        var (kept, keptMarkers) = MarkedRecords.Create(ActScene.Ben.Value, large);
        await scene.AddAsync(erased, kept);
        Assert.Equal([.. markers, .. keptMarkers], await PostgresPages.InTuplesAsync(scene.Store, [.. markers, .. keptMarkers]));

        var result = await scene.Decisions.DeleteAsync(ActScene.Ada, ActTarget.One(erased.Id), Ct);

        Assert.Equal(1, result.Changed);
        // Gone for SQL, but still in the pages as dead row versions: what the sweep is for.
        Assert.True(scene.Store.Erasure.IsPending);
        Assert.Equal(markers, await PostgresPages.InTuplesAsync(scene.Store, markers));

        Assert.True(await scene.Store.Erasure.SweepAsync(Ct));

        Assert.Empty(await PostgresPages.InTuplesAsync(scene.Store, markers));
        Assert.Equal(keptMarkers, await PostgresPages.InTuplesAsync(scene.Store, keptMarkers));
        Assert.False(scene.Store.Erasure.IsPending);
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task After_the_sweep_no_tuple_holds_purged_content(bool large)
    {
        await using var scene = await ActScene.CreateAsync(StoreProvider.Postgres);
        var (expired, markers) = MarkedRecords.Create(ActScene.Ada.Value, large, TestData.Now.AddDays(-100), Purposes.OperationalTelemetry);
        var (young, youngMarkers) = MarkedRecords.Create(ActScene.Ada.Value, large, TestData.Now.AddDays(-10), Purposes.OperationalTelemetry);
        await scene.AddAsync(expired, young);
        var retention = new RetentionService(scene.Store.Contexts, new FakeTimeProvider(new DateTimeOffset(TestData.Now)), new RetentionOptions(),
            scene.Store.Erasure, NullLogger<RetentionService>.Instance);

        Assert.Equal(1, (await retention.PurgeAsync(Ct)).Purged);

        Assert.True(scene.Store.Erasure.IsPending);
        Assert.Equal(markers, await PostgresPages.InTuplesAsync(scene.Store, markers));
        Assert.True(await scene.Store.Erasure.SweepAsync(Ct));
        Assert.Empty(await PostgresPages.InTuplesAsync(scene.Store, markers));
        Assert.Equal(youngMarkers, await PostgresPages.InTuplesAsync(scene.Store, youngMarkers));
    }

    [Fact]
    public async Task The_sweep_job_vacuums_after_an_erasure_at_most_once_per_interval_and_not_without_one()
    {
        await using var scene = await ActScene.CreateAsync(StoreProvider.Postgres);
        var (first, firstMarkers) = MarkedRecords.Create(ActScene.Ada.Value, large: false);
        var (second, secondMarkers) = MarkedRecords.Create(ActScene.Ada.Value, large: true);
        await scene.AddAsync(first, second);
        var clock = new FakeTimeProvider(new DateTimeOffset(TestData.Now));
        var sweep = new ErasureSweep(scene.Store.Contexts, scene.Store.Options, new ErasureSweepOptions { VacuumInterval = TimeSpan.FromMinutes(10) },
            clock, NullLogger<ErasureSweep>.Instance);
        var decisions = new DecisionService(scene.Store.Contexts, scene.Clock, sweep);
        using var job = new ErasureSweepJob(sweep, clock, NullLogger<ErasureSweepJob>.Instance);
        var before = await PostgresPages.VacuumsAsync(scene.Store);

        await job.StartAsync(Ct);
        // One sweep at start-up, for an erasure made just before the last shutdown.
        await VacuumsReachAsync(before + 1, TimeSpan.FromSeconds(1));

        await decisions.DeleteAsync(ActScene.Ada, ActTarget.One(first.Id), Ct);
        clock.Advance(TimeSpan.FromMinutes(5));
        await decisions.DeleteAsync(ActScene.Ada, ActTarget.One(second.Id), Ct);
        await Task.Delay(1000, Ct);
        // Within the interval of the start-up sweep: both erasures wait, still in the pages.
        Assert.Equal(before + 1, await PostgresPages.VacuumsAsync(scene.Store));
        Assert.Equal([.. firstMarkers, .. secondMarkers], await PostgresPages.InTuplesAsync(scene.Store, [.. firstMarkers, .. secondMarkers]));

        // One sweep takes both.
        await VacuumsReachAsync(before + 2, TimeSpan.FromMinutes(5));
        Assert.Empty(await PostgresPages.InTuplesAsync(scene.Store, [.. firstMarkers, .. secondMarkers]));

        // Nothing erased since: no sweep, however long.
        clock.Advance(TimeSpan.FromHours(2));
        await Task.Delay(1000, Ct);
        Assert.Equal(before + 2, await PostgresPages.VacuumsAsync(scene.Store));
        await job.StopAsync(Ct);

        // The job waits on the fake clock: move it on until the vacuum count is reached (never past what the test asserts between).
        async Task VacuumsReachAsync(long count, TimeSpan step)
        {
            var until = DateTime.UtcNow.AddSeconds(30);
            while (await PostgresPages.VacuumsAsync(scene.Store) < count && DateTime.UtcNow < until)
            {
                clock.Advance(step);
                await Task.Delay(100, Ct);
            }
            Assert.Equal(count, await PostgresPages.VacuumsAsync(scene.Store));
        }
    }
}
