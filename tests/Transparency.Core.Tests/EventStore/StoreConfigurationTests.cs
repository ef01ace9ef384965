using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Transparency.Core.EventStore;
using Transparency.Core.Startup;

namespace Transparency.Core.Tests.EventStore;

/// <summary>A store that cannot be used as configured stops the app with one message naming the setting to fix.</summary>
public sealed class StoreConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("transparency-config-").FullName;
    private readonly List<ServiceProvider> _providers = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Unknown_provider_names_Store_Provider()
    {
        var e = Assert.Throws<StoreConfigurationException>(() => StoreOptions.From(Config(("Store:Provider", "Oracle"))));
        Assert.Contains("Store:Provider", e.Message);
        Assert.Contains("Oracle", e.Message);
    }

    [Fact]
    public void Postgres_without_a_connection_string_names_ConnectionStrings_Transparency()
    {
        var e = Assert.Throws<StoreConfigurationException>(() => StoreOptions.From(Config(("Store:Provider", "Postgres"))));
        Assert.Contains("ConnectionStrings:Transparency", e.Message);
    }

    [Fact]
    public void Without_settings_the_store_is_the_embedded_sqlite_file()
    {
        var options = StoreOptions.From(Config());
        Assert.Equal(StoreProvider.Sqlite, options.Provider);
        Assert.Equal(StoreOptions.DefaultSqliteConnectionString, options.ConnectionString);
    }

    [Fact]
    public async Task Unreachable_postgres_names_ConnectionStrings_Transparency()
    {
        var initializer = Initializer(("Store:Provider", "Postgres"),
            ("ConnectionStrings:Transparency", "Host=127.0.0.1;Port=1;Username=postgres;Database=transparency;Timeout=3"));
        var e = await Assert.ThrowsAsync<StoreConfigurationException>(() => initializer.InitializeAsync(null, Ct));
        Assert.Contains("ConnectionStrings:Transparency", e.Message);
    }

    [Fact]
    public async Task Sqlite_file_that_is_not_a_database_names_ConnectionStrings_Transparency()
    {
        var file = Path.Combine(_folder, "garbage.db");
        var garbage = new byte[16 * 1024];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(file, garbage, Ct);

        var initializer = Initializer(("ConnectionStrings:Transparency", $"Data Source={file}"));
        var e = await Assert.ThrowsAsync<StoreConfigurationException>(() => initializer.InitializeAsync(null, Ct));
        Assert.Contains("ConnectionStrings:Transparency", e.Message);
        Assert.Contains(file, e.Message);
    }

    [Fact]
    public async Task Sqlite_path_below_a_regular_file_names_ConnectionStrings_Transparency()
    {
        var regularFile = Path.Combine(_folder, "not-a-folder");
        await File.WriteAllTextAsync(regularFile, "a file, not a folder", Ct);

        var initializer = Initializer(("ConnectionStrings:Transparency", $"Data Source={Path.Combine(regularFile, "store.db")}"));
        var e = await Assert.ThrowsAsync<StoreConfigurationException>(() => initializer.InitializeAsync(null, Ct));
        Assert.Contains("ConnectionStrings:Transparency", e.Message);
    }

    [Theory]
    [InlineData("Sqlite", "Data Sorce=data/transparency.db")]
    [InlineData("Sqlite", "Data Source=data/transparency.db;Mode=Sideways")]
    [InlineData("Postgres", "Hots=127.0.0.1;Username=postgres")]
    [InlineData("Postgres", "Host=127.0.0.1;Port=fifty;Username=postgres")]
    public async Task Malformed_connection_string_names_ConnectionStrings_Transparency(string provider, string connectionString)
    {
        var initializer = Initializer(("Store:Provider", provider), ("ConnectionStrings:Transparency", connectionString));
        var e = await Assert.ThrowsAsync<StoreConfigurationException>(() => initializer.InitializeAsync(null, Ct));
        Assert.Contains("ConnectionStrings:Transparency", e.Message);
    }

    [Fact]
    public async Task New_sqlite_store_is_created_in_a_missing_folder_with_the_register_filled()
    {
        var file = Path.Combine(_folder, "new", "folder", "store.db");
        await using var services = Services(("ConnectionStrings:Transparency", $"Data Source={file}"));

        await services.GetRequiredService<StoreInitializer>().InitializeAsync(null, Ct);

        await using var db = await services.GetRequiredService<IDbContextFactory<TransparencyDbContext>>().CreateDbContextAsync(Ct);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal([Purposes.OperationalTelemetry, Purposes.Product, Purposes.ModelTraining],
            await db.Purposes.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(Ct));
        Assert.False(await db.Employees.AnyAsync(Ct));
    }

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();

    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTransparencyCore(Config(settings));
        return services.BuildServiceProvider();
    }

    private StoreInitializer Initializer(params (string Key, string Value)[] settings)
    {
        var services = Services(settings);
        _providers.Add(services);
        return services.GetRequiredService<StoreInitializer>();
    }

    public void Dispose()
    {
        foreach (var services in _providers)
            services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
