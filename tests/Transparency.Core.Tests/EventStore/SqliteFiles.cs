using System.Text;
using Microsoft.Data.Sqlite;
using Transparency.Testing;

namespace Transparency.Core.Tests.EventStore;

/// <summary>What a SQLite store's files hold on disk: the database file, its write-ahead log and the log's index.</summary>
internal static class SqliteFiles
{
    /// <summary>
    /// The markers found in any of the store's files, read as they are while the app's connections stay open (shared
    /// read and write, nothing closed or checkpointed first, so nothing the app leaves behind is hidden).
    /// </summary>
    public static List<string> Find(TestStore store, IEnumerable<string> markers)
    {
        var path = Path.GetFullPath(new SqliteConnectionStringBuilder(store.Options.ConnectionString).DataSource);
        var files = Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*").Select(Read).ToList();
        Assert.NotEmpty(files);
        return markers.Where(m => files.Any(bytes => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(m)) >= 0)).ToList();
    }

    /// <summary>Turns on the write-ahead log, as the app's start-up does for its store (the mode is kept in the file).</summary>
    public static async Task UseWriteAheadLogAsync(TestStore store)
    {
        await using var connection = new SqliteConnection(store.Options.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    private static byte[] Read(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
