namespace Transparency.Core.EventStore;

public enum StoreProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Store</c> configuration section.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>The embedded default: a SQLite file below the working directory's git-ignored <c>data/</c> folder.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/transparency.db";

    public StoreProvider Provider { get; init; } = StoreProvider.Sqlite;
    public required string ConnectionString { get; init; }

    /// <summary>Reads and checks the store settings, naming the setting to fix when one is wrong.</summary>
    public static StoreOptions From(Microsoft.Extensions.Configuration.IConfiguration config)
    {
        var providerText = config[$"{Section}:Provider"];
        StoreProvider provider;
        if (string.IsNullOrWhiteSpace(providerText))
            provider = StoreProvider.Sqlite;
        else if (!Enum.TryParse(providerText, ignoreCase: true, out provider) || !Enum.IsDefined(provider))
            throw new StoreConfigurationException(
                $"Store:Provider is '{providerText}', which is not a known store. Set Store:Provider to 'Sqlite' (the embedded default) or 'Postgres'.");

        var connectionString = config["ConnectionStrings:Transparency"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == StoreProvider.Postgres)
                throw new StoreConfigurationException(
                    "Store:Provider is 'Postgres' but ConnectionStrings:Transparency is empty. Set ConnectionStrings:Transparency to the PostgreSQL connection string.");
            connectionString = DefaultSqliteConnectionString;
        }
        return new StoreOptions { Provider = provider, ConnectionString = connectionString };
    }
}

/// <summary>The store cannot be used as configured. The message names the setting to fix.</summary>
public sealed class StoreConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
