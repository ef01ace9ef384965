using Microsoft.Data.Sqlite;
using Npgsql;
using Transparency.Core.EventStore;
using Transparency.Testing;
using Transparency.Web.Hosting;

namespace Transparency.Web.Tests.Hosting;

/// <summary>
/// <c>store vacuum [--full]</c> as an operator runs it against the configured store: it says what it did and exits 0,
/// says what held it up and exits 1 while an older transaction or reader is open, and shows its usage with exit 2.
/// What the store's files hold afterwards is tested in Core (ErasureTests, PostgresErasureTests, StoreCompactionTests).
/// </summary>
public sealed class StoreCommandTests
{
    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Vacuum_and_full_vacuum_say_what_they_did_and_exit_0(StoreProvider provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        string[] storeArgs = ["--Store:Provider", provider.ToString(), "--ConnectionStrings:Transparency", store.Options.ConnectionString];

        var sweep = await RunAsync(["store", "vacuum", .. storeArgs]);
        var full = await RunAsync(["store", "vacuum", "--full", .. storeArgs]);

        Assert.Equal((0, ""), (sweep.ExitCode, sweep.Error));
        Assert.StartsWith(provider == StoreProvider.Postgres ? "Vacuumed capture_contents and capture_records in " : "Emptied the write-ahead log into the store's file in ",
            sweep.Output);
        Assert.Equal((0, ""), (full.ExitCode, full.Error));
        Assert.StartsWith(provider == StoreProvider.Postgres ? "Rewrote capture_contents and capture_records (VACUUM FULL) in " : "Rebuilt the store's file (VACUUM)",
            full.Output);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task An_older_transaction_or_reader_still_open_is_reported_with_exit_1(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(provider);
        string[] storeArgs = ["--Store:Provider", provider.ToString(), "--ConnectionStrings:Transparency", store.Options.ConnectionString];
        await using var reader = await OpenReaderAsync(store, ct);

        var sweep = await RunAsync(["store", "vacuum", "--wait", "1", .. storeArgs]);

        Assert.Equal((1, ""), (sweep.ExitCode, sweep.Output));
        Assert.Contains(provider == StoreProvider.Postgres ? "a transaction that began before it was still open" : "A reader kept the write-ahead log in use",
            sweep.Error);
    }

    [Theory]
    [InlineData("store")]
    [InlineData("store compact")]
    [InlineData("store vacuum --wait soon")]
    public async Task Bad_usage_shows_the_usage_and_exits_2(string command)
    {
        var run = await RunAsync(command.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("Usage:", run.Error.TrimStart());
    }

    /// <summary>A page being read on a snapshot taken before the command, with writes committed since (on SQLite, in the log).</summary>
    private static async Task<IAsyncDisposable> OpenReaderAsync(TestStore store, CancellationToken ct)
    {
        if (store.Provider == StoreProvider.Postgres)
        {
            var connection = new NpgsqlConnection(store.Options.ConnectionString);
            await connection.OpenAsync(ct);
            await using var begin = new NpgsqlCommand("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM capture_records", connection);
            await begin.ExecuteNonQueryAsync(ct);
            return connection;
        }
        await using (var wal = new SqliteConnection(store.Options.ConnectionString))
        {
            await wal.OpenAsync(ct);
            await Execute(wal, "PRAGMA journal_mode=WAL");
        }
        var reader = new SqliteConnection(store.Options.ConnectionString);
        await reader.OpenAsync(ct);
        var snapshot = reader.BeginTransaction(deferred: true);
        await Execute(reader, "SELECT count(*) FROM capture_records", snapshot);
        await using (var writer = new SqliteConnection(store.Options.ConnectionString))
        {
            await writer.OpenAsync(ct);
            await Execute(writer, "INSERT INTO org_units (id, name) VALUES ('OU-LATER', 'Written after the reader began')");
        }
        return reader;

        async Task Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private sealed record Run(int ExitCode, string Output, string Error);

    private static async Task<Run> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await StoreCommand.RunAsync(args, output, error);
        return new Run(exitCode, output.ToString(), error.ToString());
    }
}
