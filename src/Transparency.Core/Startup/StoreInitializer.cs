using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Transparency.Core.ApiClients;
using Transparency.Core.Demo;
using Transparency.Core.EventStore;
using Transparency.Core.Register;

namespace Transparency.Core.Startup;

/// <summary>Brings the store to the current schema at start-up, fills the processing register, and seeds demo data into an empty store when asked.</summary>
public sealed class StoreInitializer(
    IDbContextFactory<TransparencyDbContext> contexts,
    StoreOptions store,
    DemoDataGenerator demo,
    ApiClientService apiClients,
    SensitiveContextList sensitiveContexts,
    ILogger<StoreInitializer> logger)
{
    /// <exception cref="StoreConfigurationException">The store cannot be reached or opened; the message names the setting to fix.</exception>
    /// <param name="demoApiKeys">Also create the published demo API keys with the demo data (never in Production).</param>
    public async Task InitializeAsync(DemoDataOptions? seedDemoData, CancellationToken ct = default, bool demoApiKeys = false)
    {
        CheckConnectionString();
        try
        {
            if (store.Provider == StoreProvider.Sqlite)
                EnsureSqliteFolder();
            await using (var db = await contexts.CreateDbContextAsync(ct))
            {
                await db.Database.MigrateAsync(ct);
                if (store.Provider == StoreProvider.Sqlite)
                    // Readers (the dashboard) keep going while a writer (ingestion) commits.
                    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
        }
        catch (Exception e) when (e is SqliteException or NpgsqlException or SocketException or IOException or UnauthorizedAccessException
                                  || e.InnerException is SocketException or NpgsqlException)
        {
            throw new StoreConfigurationException(Describe(e), e);
        }

        await ProcessingRegister.EnsurePurposesAsync(contexts, ct);
        await sensitiveContexts.SeedAsync(ct);

        if (seedDemoData is not null)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            if (!await db.Employees.AnyAsync(ct))
            {
                logger.LogInformation("The store is empty: generating demo data ({Records} capture records)…", seedDemoData.Records);
                DemoDataResult result;
                try
                {
                    result = await demo.GenerateAsync(seedDemoData, ct);
                }
                catch (ArgumentOutOfRangeException e)
                {
                    // A Demo:* setting out of range: say which, instead of a stack trace.
                    throw new StoreConfigurationException(e.Message.Split(" (Parameter")[0], e);
                }
                logger.LogInformation("Demo data ready: {Employees} employees, {Records} capture records in {Elapsed:0.0} s.",
                    result.Employees, result.Records, result.Elapsed.TotalSeconds);
                if (demoApiKeys)
                {
                    await DemoApiKeys.CreateAsync(apiClients, ct);
                    logger.LogInformation("Demo API keys: {CaptureName} (capture:write) and {TrainingName} (training:read); the keys are in the README.",
                        DemoApiKeys.CaptureName, DemoApiKeys.TrainingName);
                }
            }
        }
    }

    /// <summary>A connection string the provider cannot parse fails with ArgumentException wherever it is first read; name the setting instead.</summary>
    private void CheckConnectionString()
    {
        try
        {
            _ = store.Provider == StoreProvider.Sqlite
                ? new SqliteConnectionStringBuilder(store.ConnectionString)
                : (System.Data.Common.DbConnectionStringBuilder)new NpgsqlConnectionStringBuilder(store.ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // The message leaves the connection string out: it may hold a password.
            throw new StoreConfigurationException(
                $"ConnectionStrings:Transparency is not a valid {store.Provider} connection string ({e.Message.TrimEnd('.')}). Fix ConnectionStrings:Transparency.", e);
        }
    }

    private void EnsureSqliteFolder()
    {
        var builder = new SqliteConnectionStringBuilder(store.ConnectionString);
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:")
            return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
    }

    private string Describe(Exception e) => store.Provider switch
    {
        StoreProvider.Sqlite =>
            $"The SQLite store '{new SqliteConnectionStringBuilder(store.ConnectionString).DataSource}' cannot be opened ({e.Message.TrimEnd('.')}). " +
            "Fix ConnectionStrings:Transparency (the file path) or the file's permissions.",
        _ =>
            $"The PostgreSQL store cannot be reached ({e.GetBaseException().Message.TrimEnd('.')}). " +
            "Fix ConnectionStrings:Transparency (host, port, database, credentials) or start the server.",
    };
}
