using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;

namespace Transparency.Testing;

/// <summary>Holds an erased record's row to its tombstone: every column of the model, so a column added later is held too.</summary>
public static class Tombstones
{
    /// <summary>The columns of the record's row that hold anything beyond what its tombstone keeps (empty for a true tombstone).</summary>
    public static async Task<IReadOnlyList<string>> BeyondTombstoneAsync(TestStore store, string employeeId, Guid id, CancellationToken ct)
    {
        await using var db = await store.Contexts.CreateDbContextAsync(ct);
        var row = await db.CaptureRecords.SingleAsync(r => r.EmployeeId == employeeId && r.Id == id, ct);
        string[] erasure = row.DeletedAt is not null
            ? [nameof(CaptureRecord.DeletedAt), nameof(CaptureRecord.LastDecisionId)]
            : [nameof(CaptureRecord.PurgedAt)];
        var allowed = Tombstone.Keeps.Concat(erasure).ToHashSet();
        var entry = db.Entry(row);
        return db.Model.FindEntityType(typeof(CaptureRecord))!.GetProperties()
            .Where(p => !allowed.Contains(p.Name))
            .Where(p => entry.Property(p.Name).CurrentValue is { } value
                        && !(p.ClrType.IsValueType && Equals(value, Activator.CreateInstance(p.ClrType))))
            .Select(p => $"{p.Name} = {entry.Property(p.Name).CurrentValue}")
            .ToList();
    }
}
