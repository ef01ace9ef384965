using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Transparency.Core;
using Transparency.Core.EventStore;

namespace Transparency.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a server.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<TransparencyDbContext>
{
    public TransparencyDbContext CreateDbContext(string[] args)
    {
        var store = new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = "Host=localhost;Database=transparency_design" };
        var options = new DbContextOptionsBuilder<TransparencyDbContext>();
        CoreRegistration.Configure(options, store);
        return new TransparencyDbContext(options.Options);
    }
}
