using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;

namespace Transparency.Testing;

/// <summary>
/// How many rows each table of the store holds, every table of the model in one statement: what a refused request
/// must leave exactly as it found it.
/// </summary>
public static class StoreRows
{
    public static async Task<IReadOnlyDictionary<string, long>> CountAsync(IDbContextFactory<TransparencyDbContext> contexts, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using DbCommand count = connection.CreateCommand();
            count.CommandText = string.Join(" UNION ALL ", tables.Select(t => $"SELECT '{t}', COUNT(*) FROM \"{t}\""));
            var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
            await using var reader = await count.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                rows[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The tables whose counts differ, as "table before → after"; empty when none do.</summary>
    public static string Changes(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        string.Join(", ", before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Where(t => before.GetValueOrDefault(t, -1) != after.GetValueOrDefault(t, -1))
            .Select(t => $"{t} {before.GetValueOrDefault(t, -1)} → {after.GetValueOrDefault(t, -1)}"));
}
