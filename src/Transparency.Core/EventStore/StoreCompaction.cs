using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Transparency.Core.EventStore;

/// <summary>What a full compaction did.</summary>
/// <param name="Complete">False when it could not remove everything (the message says what held it up).</param>
/// <param name="Elapsed">Its duration.</param>
/// <param name="Problem">What held it up, for the operator.</param>
public sealed record CompactionResult(bool Complete, TimeSpan Elapsed, string? Problem);

/// <summary>
/// The operator's full compaction (<c>store vacuum --full</c>): rewrites the content and record tables so that no
/// page keeps bytes of erased content in its free space, which the routine <see cref="ErasureSweep"/> cannot promise
/// on PostgreSQL (a vacuum frees the space of removed rows but does not overwrite it; later rows do, in time).
/// On PostgreSQL it is <c>VACUUM FULL</c>, which locks each table against reads and writes while it copies it and
/// needs disk room for the copy: run it in a maintenance window. On SQLite it is <c>VACUUM</c> and a truncating
/// checkpoint, which rebuild the file without its free pages.
/// </summary>
public sealed class StoreCompaction(
    IDbContextFactory<TransparencyDbContext> contexts, StoreOptions store, TimeProvider clock, ILogger<StoreCompaction> logger)
{
    /// <param name="wait">How long to wait for transactions (PostgreSQL) or readers (SQLite) older than the compaction to end.</param>
    public async Task<CompactionResult> CompactAsync(TimeSpan wait, CancellationToken ct = default)
    {
        var started = clock.GetTimestamp();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var problem = store.Provider == StoreProvider.Sqlite ? await CompactSqliteAsync(db, wait, ct) : await CompactPostgresAsync(db, wait, ct);
        var elapsed = clock.GetElapsedTime(started);
        if (problem is null)
            logger.LogInformation("Full compaction of {Tables} done in {Elapsed:0.0} s.", ErasureSweep.ContentTables, elapsed.TotalSeconds);
        else
            logger.LogWarning("Full compaction of {Tables} incomplete after {Elapsed:0.0} s: {Problem}", ErasureSweep.ContentTables, elapsed.TotalSeconds, problem);
        return new CompactionResult(problem is null, elapsed, problem);
    }

    private async Task<string?> CompactPostgresAsync(TransparencyDbContext db, TimeSpan wait, CancellationToken ct)
    {
        // VACUUM FULL copies the row versions an open transaction may still read, erased ones too, into the new files.
        var settled = await ErasureSweep.WaitForOlderTransactionsAsync(db, wait, clock, ct);
        var warnings = await ErasureSweep.VacuumAsync(db, $"VACUUM FULL {ErasureSweep.ContentTables}", ct);
        if (warnings.Count > 0)
            return string.Join(" ", warnings);
        return settled ? null
            : "a transaction that began before the compaction was still open, so rows it could read were copied; stop the app's instances and run it again.";
    }

    private async Task<string?> CompactSqliteAsync(TransparencyDbContext db, TimeSpan wait, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync("VACUUM", ct);
        return await ErasureSweep.CheckpointAsync(db, wait, clock, ct) ? null
            : "a reader kept the write-ahead log in use, so it still holds the file's earlier pages; stop the app and run it again.";
    }
}
