using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Transparency.Core.Reports;

/// <summary>Runs the usage rollup on every app instance, on <see cref="UsageRollupOptions.RollupInterval"/>.</summary>
public sealed class UsageRollupJob(UsageRollupService rollup, UsageRollupOptions options, TimeProvider clock, ILogger<UsageRollupJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.RollupEnabled)
            return;
        try
        {
            using var timer = new PeriodicTimer(options.RollupInterval, clock);
            do
            {
                try
                {
                    await rollup.RefreshAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Stale weeks stay marked; the next run refreshes them.
                    logger.LogError(e, "Usage rollup failed; it runs again in {Interval}.", options.RollupInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
