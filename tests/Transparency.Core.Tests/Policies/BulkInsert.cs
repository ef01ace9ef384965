using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Transparency.Core.EventStore;

namespace Transparency.Core.Tests.Policies;

/// <summary>
/// Multi-row INSERTs in one transaction, with every value converted by the model's own type
/// mappings, so rows land exactly as EF would write them, at a fraction of SaveChanges' cost.
/// </summary>
public static class BulkInsert
{
    // Microsoft.Data.Sqlite binds by a linear name lookup, so many parameters per statement cost
    // quadratic time there; inside one transaction SQLite is fast row by row anyway.
    private static int RowsPerStatement(DbContext db) => db.Database.IsSqlite() ? 1 : 250;

    public static async Task InsertAsync<T>(TransparencyDbContext db, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new ArgumentException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var properties = entity.GetProperties().ToList();
        var columns = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)));

        await db.Database.OpenConnectionAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var chunk in rows.Chunk(RowsPerStatement(db)))
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            var values = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                var names = new List<string>(properties.Count);
                for (var j = 0; j < properties.Count; j++)
                {
                    var property = properties[j];
                    var name = $"p{i}_{j}";
                    command.Parameters.Add(property.GetRelationalTypeMapping()
                        .CreateParameter(command, name, property.PropertyInfo!.GetValue(chunk[i]), property.IsNullable));
                    names.Add("@" + name);
                }
                values.Add($"({string.Join(", ", names)})");
            }
            command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({columns}) VALUES {string.Join(", ", values)}";
            await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }
}
