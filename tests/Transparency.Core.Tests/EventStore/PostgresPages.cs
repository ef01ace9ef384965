using System.Text;
using Npgsql;
using Transparency.Testing;

namespace Transparency.Core.Tests.EventStore;

/// <summary>
/// What a PostgreSQL store holds below SQL: the tuples in the pages of the content and record tables (live and dead,
/// through <c>pageinspect</c>) and the bytes of the database's files. Needs the test server's superuser.
/// </summary>
internal static class PostgresPages
{
    /// <summary>The markers found in the data of any tuple, live or dead, of capture_contents, capture_records and their TOAST tables.</summary>
    public static async Task<List<string>> InTuplesAsync(TestStore store, IEnumerable<string> markers)
    {
        await using var connection = await OpenAsync(store);
        await Execute(connection, "CREATE EXTENSION IF NOT EXISTS pageinspect");
        var relations = await Column<string>(connection, """
            SELECT c.oid::regclass::text FROM pg_class c WHERE c.oid IN ('capture_contents'::regclass, 'capture_records'::regclass)
            UNION ALL
            SELECT c.reltoastrelid::regclass::text FROM pg_class c WHERE c.oid IN ('capture_contents'::regclass, 'capture_records'::regclass) AND c.reltoastrelid <> 0
            """);
        Assert.Equal(4, relations.Count);
        var tuples = new List<byte[]>();
        foreach (var relation in relations)
        {
            await using var command = new NpgsqlCommand("""
                SELECT t.t_data FROM generate_series(0, pg_relation_size($1::regclass) / current_setting('block_size')::bigint - 1) AS b,
                     heap_page_items(get_raw_page($1, b::int)) AS t
                WHERE t.t_data IS NOT NULL
                """, connection) { Parameters = { new() { Value = relation } } };
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                tuples.Add((byte[])reader[0]);
        }
        return Found(markers, tuples);
    }

    /// <summary>
    /// The markers found in any file of the store's database (tables, TOAST tables, indexes, catalogs), read by the
    /// server after a checkpoint has written every changed page out.
    /// </summary>
    public static async Task<List<string>> InFilesAsync(TestStore store, IEnumerable<string> markers)
    {
        await using var connection = await OpenAsync(store);
        await Execute(connection, "CHECKPOINT");
        var files = new List<byte[]>();
        await using (var command = new NpgsqlCommand("""
            SELECT coalesce(pg_read_binary_file(p.path, 0, coalesce((pg_stat_file(p.path, true)).size, 0), true), '')
            FROM (SELECT d.dir || '/' || f.name AS path
                  FROM (SELECT 'base/' || oid AS dir FROM pg_database WHERE datname = current_database()) AS d, pg_ls_dir(d.dir) AS f(name)) AS p
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                files.Add((byte[])reader[0]);
        Assert.True(files.Count > 100, "the database's files are read");
        return Found(markers, files);
    }

    /// <summary>Manual vacuums of capture_records so far (the sweep vacuums it after capture_contents).</summary>
    public static async Task<long> VacuumsAsync(TestStore store)
    {
        await using var connection = await OpenAsync(store);
        return (await Column<long>(connection, "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'capture_records'")).Single();
    }

    private static List<string> Found(IEnumerable<string> markers, List<byte[]> blobs) =>
        markers.Where(m => blobs.Any(b => b.AsSpan().IndexOf(Encoding.UTF8.GetBytes(m)) >= 0)).ToList();

    private static async Task<NpgsqlConnection> OpenAsync(TestStore store)
    {
        var connection = new NpgsqlConnection(store.Options.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<T>> Column<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
            values.Add(reader.GetFieldValue<T>(0));
        return values;
    }
}
