using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Transparency.Core.EventStore;

/// <summary>Healthy when the store answers and its schema is current.</summary>
public sealed class StoreHealthCheck(IDbContextFactory<TransparencyDbContext> contexts, StoreOptions store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var data = new Dictionary<string, object> { ["provider"] = store.Provider.ToString() };
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            if (!await db.Database.CanConnectAsync(ct))
                return HealthCheckResult.Unhealthy("The store does not answer.", data: data);
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
                return HealthCheckResult.Unhealthy($"The store's schema is behind: {pending.Count} migration(s) pending.", data: data);
            return HealthCheckResult.Healthy("The store answers and its schema is current.", data);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The store cannot be reached.", e, data);
        }
    }
}
