using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Transparency.Core.Retention;

/// <summary>
/// Runs the retention purge on every app instance, on <see cref="RetentionOptions.PurgeInterval"/>.
/// Instances never purge the same records: <see cref="RetentionService"/> serializes them through the store.
/// </summary>
public sealed class RetentionPurgeJob(RetentionService retention, RetentionOptions options, TimeProvider clock, ILogger<RetentionPurgeJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.PurgeEnabled)
        {
            logger.LogInformation("Retention purge is off on this instance (Retention:PurgeEnabled).");
            return;
        }
        try
        {
            await Task.Delay(options.FirstPurgeDelay, clock, stoppingToken);
            using var timer = new PeriodicTimer(options.PurgeInterval, clock);
            do
            {
                try
                {
                    await retention.PurgeAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Content past retention stays until the next run succeeds; nothing is half-erased (each batch is one transaction).
                    logger.LogError(e, "Retention purge failed; it runs again in {Interval}.", options.PurgeInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
