using Microsoft.EntityFrameworkCore;

namespace Transparency.Core.EventStore;

/// <summary>
/// Store-wide locks held for the current transaction, so a job that runs on every app instance works on one
/// at a time: a PostgreSQL advisory transaction lock; on SQLite the database's single write lock.
/// </summary>
internal static class StoreLocks
{
    /// <summary>Waits for the lock.</summary>
    public static async Task TakeAsync(TransparencyDbContext db, long key, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", ct);
        else
            await TakeSqliteWriteLockAsync(db, ct);
    }

    /// <summary>Takes the lock if it is free; false when another instance holds it (on SQLite the write lock is waited for).</summary>
    public static async Task<bool> TryTakeAsync(TransparencyDbContext db, long key, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            return await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({key}) AS \"Value\"").SingleAsync(ct);
        await TakeSqliteWriteLockAsync(db, ct);
        return true;
    }

    // A write that changes nothing takes the write lock at once, so concurrent jobs queue rather than fail on upgrading a read lock.
    private static Task TakeSqliteWriteLockAsync(TransparencyDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"DELETE FROM usage_rollup_state WHERE 0 = 1", ct);
}
