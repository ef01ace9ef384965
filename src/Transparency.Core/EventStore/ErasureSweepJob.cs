using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Transparency.Core.EventStore;

/// <summary>
/// Sweeps erased content from the store's files on every app instance: each instance sweeps after its own erasures,
/// at most once per <see cref="ErasureSweep.Spacing"/>, and not at all while nothing was erased. It sweeps once at
/// start-up too, for an erasure that committed just before the instance last stopped.
/// </summary>
public sealed class ErasureSweepJob(ErasureSweep sweep, TimeProvider clock, ILogger<ErasureSweepJob> logger) : BackgroundService
{
    private static readonly TimeSpan FailureDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        sweep.MarkPending();
        var last = DateTimeOffset.MinValue;
        try
        {
            while (true)
            {
                await sweep.WaitForErasureAsync(stoppingToken);
                var wait = last + sweep.Spacing - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, clock, stoppingToken);
                last = clock.GetUtcNow();
                try
                {
                    await sweep.SweepAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The erasures stay pending. A store that fails is not asked again every second.
                    var retry = sweep.Spacing > FailureDelay ? sweep.Spacing : FailureDelay;
                    logger.LogError(e, "The erasure sweep failed; it runs again in {Retry}.", retry);
                    last = clock.GetUtcNow() + retry - sweep.Spacing;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
