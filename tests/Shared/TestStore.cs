using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Transparency.Core;
using Transparency.Core.EventStore;

namespace Transparency.Testing;

/// <summary>
/// A fresh, migrated event store for one test class: a SQLite file in a temp folder, or a new
/// database on the PostgreSQL server the test command started (<c>TRANSPARENCY_TEST_POSTGRES</c>).
/// PostgreSQL tests fail, never skip, when that server is missing.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    public const string PostgresVariable = "TRANSPARENCY_TEST_POSTGRES";

    private readonly string? _postgresDatabase;
    private readonly string? _sqliteFile;

    private TestStore(StoreOptions options, string? postgresDatabase, string? sqliteFile)
    {
        Options = options;
        _postgresDatabase = postgresDatabase;
        _sqliteFile = sqliteFile;
        var builder = new DbContextOptionsBuilder<TransparencyDbContext>();
        CoreRegistration.Configure(builder, options);
        Contexts = new Factory(builder.Options);
        Erasure = new ErasureSweep(Contexts, options, new ErasureSweepOptions(), TimeProvider.System, NullLogger<ErasureSweep>.Instance);
    }

    public StoreOptions Options { get; }
    public StoreProvider Provider => Options.Provider;
    public IDbContextFactory<TransparencyDbContext> Contexts { get; }

    /// <summary>What the app runs after an erasure over this store, for the services that erase.</summary>
    public ErasureSweep Erasure { get; }

    /// <summary>Configuration keys that point the app at this store.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Store:Provider"] = Options.Provider.ToString(),
        ["ConnectionStrings:Transparency"] = Options.ConnectionString,
    };

    public static IEnumerable<TheoryDataRow<StoreProvider>> Providers =>
        [new(StoreProvider.Sqlite), new(StoreProvider.Postgres)];

    /// <summary>The admin connection string of the test command's PostgreSQL server; fails the test when absent.</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set: PostgreSQL tests need the server that ./test.sh starts. Run the suite with ./test.sh.");

    public static async Task<TestStore> CreateAsync(StoreProvider provider, bool migrate = true)
    {
        TestStore store;
        if (provider == StoreProvider.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "transparency-tests");
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
            store = new TestStore(new StoreOptions { Provider = provider, ConnectionString = $"Data Source={file}" }, null, file);
        }
        else
        {
            var name = $"t_{Guid.NewGuid():N}";
            await using (var admin = new NpgsqlConnection(PostgresServer))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
                await create.ExecuteNonQueryAsync();
            }
            var cs = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ConnectionString;
            store = new TestStore(new StoreOptions { Provider = provider, ConnectionString = cs }, name, null);
        }
        if (migrate)
        {
            await using var db = await store.Contexts.CreateDbContextAsync();
            await db.Database.MigrateAsync();
        }
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(_sqliteFile + suffix);
        }
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresServer);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private sealed class Factory(DbContextOptions<TransparencyDbContext> options) : IDbContextFactory<TransparencyDbContext>
    {
        public TransparencyDbContext CreateDbContext() => new(options);
    }
}
