using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Transparency.Core.Reports;

namespace Transparency.Core.Records;

/// <summary>Runs the summary rollup on every app instance, on the usage rollup's <see cref="UsageRollupOptions.RollupInterval"/>.</summary>
public sealed class SummaryRollupJob(SummaryRollupService rollup, UsageRollupOptions options, TimeProvider clock, ILogger<SummaryRollupJob> logger)
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
                    await rollup.RefreshAsync(ct: stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Marked days stay marked (the summary counts them from the records); the next run refreshes them.
                    logger.LogError(e, "Summary rollup failed; it runs again in {Interval}.", options.RollupInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
