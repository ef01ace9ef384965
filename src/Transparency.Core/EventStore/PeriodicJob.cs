using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Transparency.Core.EventStore;

/// <summary>One named piece of a <see cref="PeriodicJob"/>'s run.</summary>
public sealed record JobStep(string Name, Func<Task> Run);

/// <summary>
/// The one shape of the store's periodic work on every app instance (the rollups, the retention purge): after a first
/// delay, a run every interval, each run a list of steps. A step that fails is logged and leaves its work for the next
/// run (each keeps what it has not done marked in the store), and does not stop the steps after it. Instances share
/// the work through the store's locks, not through this class.
/// </summary>
public abstract class PeriodicJob(TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>False on an instance configured not to run this job.</summary>
    protected abstract bool Enabled { get; }

    protected abstract TimeSpan Interval { get; }

    protected virtual TimeSpan FirstRunDelay => TimeSpan.Zero;

    /// <summary>Said once at start-up when the job is off, or nothing.</summary>
    protected virtual string? OffNotice => null;

    /// <summary>The steps of one run, in order.</summary>
    protected abstract IEnumerable<JobStep> Steps(CancellationToken ct);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            if (OffNotice is { } notice)
                logger.LogInformation("{Notice}", notice);
            return;
        }
        try
        {
            if (FirstRunDelay > TimeSpan.Zero)
                await Task.Delay(FirstRunDelay, clock, stoppingToken);
            using var timer = new PeriodicTimer(Interval, clock);
            do
            {
                foreach (var step in Steps(stoppingToken))
                {
                    try
                    {
                        await step.Run();
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogError(e, "{Step} failed; it runs again in {Interval}.", step.Name, Interval);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
