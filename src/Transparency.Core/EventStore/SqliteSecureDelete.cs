using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Transparency.Core.EventStore;

/// <summary>
/// Delete means gone (DESIGN rule 3): SQLite otherwise leaves deleted content readable in free pages
/// of the file. With secure_delete on, freed pages are overwritten with zeros.
/// </summary>
internal sealed class SqliteSecureDelete : DbConnectionInterceptor
{
    public static SqliteSecureDelete Instance { get; } = new();

    private const string Pragma = "PRAGMA secure_delete = ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(ct);
    }
}
