using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Transparency.Core;
using Transparency.Core.EventStore;

namespace Transparency.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model without starting the app.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<TransparencyDbContext>
{
    public TransparencyDbContext CreateDbContext(string[] args)
    {
        var store = new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = "Data Source=design-time.db" };
        var options = new DbContextOptionsBuilder<TransparencyDbContext>();
        CoreRegistration.Configure(options, store);
        return new TransparencyDbContext(options.Options);
    }
}
