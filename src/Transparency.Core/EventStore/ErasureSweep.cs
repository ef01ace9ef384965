using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Transparency.Core.EventStore;

/// <summary>
/// Delete means gone (DESIGN rule 3) in the store's files, not only through the app. An erasure's rows are gone when
/// its transaction commits, but their bytes stay where each store keeps what a write replaced: SQLite in its
/// write-ahead log (and in the database file until a checkpoint copies the zeroed pages over it), PostgreSQL as dead
/// row versions in the tables' pages until a vacuum removes them. Whatever erases content calls
/// <see cref="AfterErasureAsync"/> once its transaction has committed. ADR 0004 says what each store keeps even then.
/// </summary>
public sealed class ErasureSweep(
    IDbContextFactory<TransparencyDbContext> contexts, StoreOptions store, ErasureSweepOptions options, TimeProvider clock,
    ILogger<ErasureSweep> logger)
{
    /// <summary>The tables whose rows hold content (and, in their TOAST tables, the long values) or a summary of it.</summary>
    internal const string ContentTables = "capture_contents, capture_records";

    private readonly Channel<bool> _erased = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    // Erasures left to the job, counted, and how many of them the last complete sweep began after.
    private long _left, _swept;

    /// <summary>True while an erasure waits for a sweep: until a sweep that began after it has completed.</summary>
    public bool IsPending => Interlocked.Read(ref _swept) < Interlocked.Read(ref _left);

    /// <summary>The least time between two sweeps of <see cref="ErasureSweepJob"/>: a vacuum is costly, a checkpoint is not.</summary>
    public TimeSpan Spacing => store.Provider == StoreProvider.Sqlite ? options.CheckpointRetryDelay : options.VacuumInterval;

    /// <summary>
    /// Sweeps what a committed erasure left behind. On SQLite at once: a checkpoint that copies the zeroed pages into
    /// the database file and empties the log, left to <see cref="ErasureSweepJob"/> when a reader holds it up. On
    /// PostgreSQL through the job, which vacuums at most once per <see cref="ErasureSweepOptions.VacuumInterval"/>:
    /// a vacuum after every delete would read the tables' changed pages again each time. Never throws: the erasure
    /// stands whatever happens here, and what is not swept now the job sweeps.
    /// </summary>
    public async Task AfterErasureAsync()
    {
        if (store.Provider == StoreProvider.Sqlite)
        {
            try
            {
                // Not the caller's token: the erasure has committed, and the checkpoint takes milliseconds.
                var covers = Interlocked.Read(ref _left);
                await using var db = await contexts.CreateDbContextAsync();
                if (await CheckpointAsync(db, CancellationToken.None))
                {
                    Covered(covers);
                    return;
                }
                logger.LogDebug("A reader or writer held up the checkpoint after an erasure; it is retried in the background.");
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The checkpoint after an erasure failed; it is retried in the background.");
            }
        }
        MarkPending();
    }

    /// <summary>
    /// One sweep of everything erased so far, as <see cref="ErasureSweepJob"/> makes it: on SQLite a truncating
    /// checkpoint, tried once (the job tries again after <see cref="ErasureSweepOptions.CheckpointRetryDelay"/>); on
    /// PostgreSQL a <c>VACUUM</c> of the content and record tables once no transaction older than the sweep is open,
    /// waiting at most one <see cref="ErasureSweepOptions.VacuumInterval"/>.
    /// False when it could not complete: erasures then stay pending.
    /// </summary>
    public Task<bool> SweepAsync(CancellationToken ct = default) =>
        SweepAsync(store.Provider == StoreProvider.Sqlite ? TimeSpan.Zero : options.VacuumInterval, ct);

    /// <summary>One sweep, waiting at most <paramref name="wait"/> for transactions (PostgreSQL) or readers (SQLite) older than it.</summary>
    public async Task<bool> SweepAsync(TimeSpan wait, CancellationToken ct = default)
    {
        var covers = Interlocked.Read(ref _left);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var complete = store.Provider == StoreProvider.Sqlite ? await CheckpointAsync(db, wait, clock, ct) : await VacuumAsync(db, wait, ct);
        if (complete)
            Covered(covers);
        return complete;
    }

    /// <summary>A complete sweep covered the erasures left to the job before it began.</summary>
    private void Covered(long covers)
    {
        for (var swept = Interlocked.Read(ref _swept); swept < covers; swept = Interlocked.Read(ref _swept))
            Interlocked.CompareExchange(ref _swept, covers, swept);
    }

    /// <summary>Leaves a sweep to <see cref="ErasureSweepJob"/>.</summary>
    internal void MarkPending()
    {
        Interlocked.Increment(ref _left);
        _erased.Writer.TryWrite(true);
    }

    /// <summary>Returns once an erasure waits for a sweep.</summary>
    internal async Task WaitForErasureAsync(CancellationToken ct)
    {
        while (!IsPending)
            await _erased.Reader.ReadAsync(ct);
    }

    /// <summary>
    /// <c>PRAGMA wal_checkpoint(TRUNCATE)</c>: copies every committed page into the database file, where secure_delete
    /// has left zeros in place of erased cells and freed pages, then empties the log. A checkpoint that only rewinds
    /// the log would leave the old frames of those pages in its tail until later writes happen to cover them. False
    /// when a reader still on an older snapshot, or a writer, held it up (the result row's <c>busy</c> is 1): the log
    /// was then not emptied. Outside WAL mode there is no log and it returns true.
    /// </summary>
    internal static async Task<bool> CheckpointAsync(TransparencyDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) && reader.GetInt64(0) == 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>A truncating checkpoint, tried again every 200 ms for at most <paramref name="wait"/> while readers hold it up.</summary>
    internal static async Task<bool> CheckpointAsync(TransparencyDbContext db, TimeSpan wait, TimeProvider clock, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + wait;
        while (!await CheckpointAsync(db, ct))
        {
            if (clock.GetUtcNow() >= deadline)
                return false;
            await Task.Delay(TimeSpan.FromMilliseconds(200), clock, ct);
        }
        return true;
    }

    private async Task<bool> VacuumAsync(TransparencyDbContext db, TimeSpan wait, CancellationToken ct)
    {
        var settled = await WaitForOlderTransactionsAsync(db, wait, clock, ct);
        if (!settled)
            logger.LogWarning(
                "A transaction in this database has been open since before the erasure sweep began; the vacuum keeps the rows it can still " +
                "see, erased ones included, and runs again in {Interval}.", options.VacuumInterval);
        var started = clock.GetTimestamp();
        var warnings = await VacuumAsync(db, $"VACUUM {ContentTables}", ct);
        foreach (var warning in warnings)
            logger.LogError("The erasure sweep's VACUUM did not do all its work: {Warning}. The app's database role must own {Tables}.",
                warning, ContentTables);
        logger.LogInformation("Erasure sweep: vacuumed {Tables} in {Elapsed:0.000} s.", ContentTables, clock.GetElapsedTime(started).TotalSeconds);
        return settled && warnings.Count == 0;
    }

    /// <summary>
    /// Waits, at most <paramref name="limit"/>, until no other session of this database is in a transaction that began
    /// before the wait did: a vacuum keeps every row version such a transaction may still read, erased ones too.
    /// False when one was still open at the limit. A role without <c>pg_read_all_stats</c> sees its own sessions only;
    /// another role's transactions, prepared transactions, replication slots and standbys' feedback can hold row
    /// versions as well (ADR 0004).
    /// </summary>
    internal static async Task<bool> WaitForOlderTransactionsAsync(TransparencyDbContext db, TimeSpan limit, TimeProvider clock, CancellationToken ct)
    {
        var since = await db.Database.SqlQuery<DateTime>($"SELECT statement_timestamp() AS \"Value\"").SingleAsync(ct);
        var deadline = clock.GetUtcNow() + limit;
        while (await db.Database.SqlQuery<int>($"""
                   SELECT count(*)::int AS "Value" FROM pg_stat_activity
                   WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                     AND (backend_xid IS NOT NULL OR backend_xmin IS NOT NULL) AND xact_start < {since}
                   """).SingleAsync(ct) > 0)
        {
            if (clock.GetUtcNow() >= deadline)
                return false;
            await Task.Delay(TimeSpan.FromMilliseconds(500), clock, ct);
        }
        return true;
    }

    /// <summary>
    /// Runs a <c>VACUUM</c> statement (which cannot run inside a transaction, and EF Core starts none for it) and returns
    /// the warnings it gave: PostgreSQL skips a table it may not vacuum with a warning, not an error.
    /// </summary>
    internal static async Task<IReadOnlyList<string>> VacuumAsync(TransparencyDbContext db, string statement, CancellationToken ct)
    {
        var warnings = new List<string>();
        void Collect(object sender, NpgsqlNoticeEventArgs e)
        {
            if (e.Notice.InvariantSeverity == "WARNING")
                lock (warnings)
                    warnings.Add(e.Notice.MessageText);
        }

        await db.Database.OpenConnectionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        connection.Notice += Collect;
        try
        {
            // Its length grows with the tables, not with what was erased: no command timeout.
            db.Database.SetCommandTimeout(0);
            await db.Database.ExecuteSqlRawAsync(statement, ct);
        }
        finally
        {
            connection.Notice -= Collect;
            await db.Database.CloseConnectionAsync();
        }
        return warnings;
    }
}
