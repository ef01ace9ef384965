using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Transparency.Core.Rollups;

/// <summary>
/// Runs the works council's usage rollup and the home summary's rollup on every app instance, on
/// <see cref="UsageRollupOptions.RollupInterval"/>. Each has its own lock, so instances take turns per rollup;
/// a failure of one leaves its marks for the next run and does not stop the other.
/// </summary>
public sealed class RollupJob(
    UsageRollupService usage, SummaryRollupService summary, UsageRollupOptions options, TimeProvider clock, ILogger<RollupJob> logger)
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
                await RunAsync("Usage", () => usage.RefreshAsync(stoppingToken));
                await RunAsync("Summary", () => summary.RefreshAsync(ct: stoppingToken));
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(string name, Func<Task> refresh)
    {
        try
        {
            await refresh();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Stale weeks and marked days stay marked (the summary counts marked days from the records).
            logger.LogError(e, "{Rollup} rollup failed; it runs again in {Interval}.", name, options.RollupInterval);
        }
    }
}
