using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Transparency.Core.EventStore;
using Transparency.Testing;

namespace Transparency.Web.Tests.Hosting;

/// <summary>The running app erases expired content by itself: the purge job is wired in and runs on its interval.</summary>
public sealed class RetentionPurgeJobTests(RetentionPurgeJobTests.PurgingAppFactory app) : IClassFixture<RetentionPurgeJobTests.PurgingAppFactory>
{
    public sealed class PurgingAppFactory : TransparencyAppFactory
    {
        public CaptureRecord Expired { get; } = TestData.Record("E00001", DateTime.UtcNow.AddDays(-400), purposes: Purposes.OperationalTelemetry);
        public CaptureRecord Current { get; } = TestData.Record("E00001", DateTime.UtcNow.AddDays(-1), purposes: Purposes.OperationalTelemetry);

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            await using var db = await Store.Contexts.CreateDbContextAsync();
            db.CaptureRecords.AddRange(Expired, Current);
            await db.SaveChangesAsync();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Retention:FirstPurgeDelay", "00:00:00");
            builder.UseSetting("Retention:PurgeInterval", "00:00:01");
        }
    }

    [Fact]
    public async Task Content_past_retention_is_erased_while_the_app_runs()
    {
        var ct = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        CaptureRecord expired;
        while (true)
        {
            await using var db = await app.Store.Contexts.CreateDbContextAsync(ct);
            // The run is logged when it finishes, after its batches committed.
            var logged = await db.RetentionPurges.AnyAsync(ct);
            expired = await db.CaptureRecords.AsNoTracking().SingleAsync(r => r.Id == app.Expired.Id, ct);
            if (logged || DateTime.UtcNow > deadline)
                break;
            await Task.Delay(200, ct);
        }

        Assert.NotNull(expired.PurgedAt);
        Assert.Equal(CaptureKind.Keystrokes, expired.Kind);
        Assert.Null(expired.Summary);
        await using var check = await app.Store.Contexts.CreateDbContextAsync(ct);
        Assert.False(await check.CaptureContents.AnyAsync(c => c.RecordId == app.Expired.Id, ct));
        Assert.True(await check.CaptureContents.AnyAsync(c => c.RecordId == app.Current.Id, ct));
        Assert.Equal(1, await check.RetentionPurges.SumAsync(p => p.RecordsPurged, ct));
    }
}
