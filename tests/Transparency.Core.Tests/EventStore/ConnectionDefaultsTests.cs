using Npgsql;

namespace Transparency.Core.Tests.EventStore;

/// <summary>
/// PostgreSQL connections prepare repeated statements and keep their session when pooled, unless the configured
/// connection string decides otherwise.
/// </summary>
public sealed class ConnectionDefaultsTests
{
    [Fact]
    public void A_connection_string_without_the_setting_prepares_repeated_statements()
    {
        var applied = new NpgsqlConnectionStringBuilder(CoreRegistration.WithConnectionDefaults("Host=db;Username=app;Password=secret;Database=transparency"));

        Assert.Equal(CoreRegistration.DefaultMaxAutoPrepare, applied.MaxAutoPrepare);
        Assert.Equal(2, applied.AutoPrepareMinUsages);
        Assert.True(applied.NoResetOnClose);
        Assert.Equal(("db", "app", "secret", "transparency"), (applied.Host, applied.Username, applied.Password, applied.Database));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0, 2)]
    [InlineData("Host=db;MaxAutoPrepare=0", 0, 2)]
    [InlineData("Host=db;max auto prepare=50;Auto Prepare Min Usages=5", 50, 5)]
    [InlineData("Host=db;AutoPrepareMinUsages=7", CoreRegistration.DefaultMaxAutoPrepare, 7)]
    public void A_connection_string_that_sets_it_keeps_its_own_values(string configured, int maxAutoPrepare, int minUsages)
    {
        var applied = new NpgsqlConnectionStringBuilder(CoreRegistration.WithConnectionDefaults(configured));

        Assert.Equal((maxAutoPrepare, minUsages), (applied.MaxAutoPrepare, applied.AutoPrepareMinUsages));
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false", false)]
    [InlineData("Host=db;NoResetOnClose=False", false)]
    [InlineData("Host=db;no reset on close=true", true)]
    public void A_connection_string_that_sets_the_reset_keeps_it(string configured, bool noResetOnClose)
    {
        var applied = new NpgsqlConnectionStringBuilder(CoreRegistration.WithConnectionDefaults(configured));

        Assert.Equal(noResetOnClose, applied.NoResetOnClose);
    }
}
