using Microsoft.Extensions.Configuration;

namespace Transparency.Core.EventStore;

/// <summary>The <c>Erasure</c> configuration section: how soon erased content is swept from the store's files.</summary>
public sealed class ErasureSweepOptions
{
    /// <summary>
    /// On PostgreSQL, the least time between two vacuums of the content and record tables after erasures: a vacuum
    /// reads every page of them that changed since the last one, so erasures are swept in groups rather than one by
    /// one. An erasure is swept within about this time (and waits longer only behind a transaction older than it).
    /// </summary>
    public TimeSpan VacuumInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>On SQLite, the time between attempts at a checkpoint that readers or a writer held up.</summary>
    public TimeSpan CheckpointRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public static ErasureSweepOptions From(IConfiguration config)
    {
        var options = config.GetSection("Erasure").Get<ErasureSweepOptions>() ?? new ErasureSweepOptions();
        if (options.VacuumInterval <= TimeSpan.Zero || options.CheckpointRetryDelay <= TimeSpan.Zero)
            throw new InvalidOperationException("Erasure:VacuumInterval and Erasure:CheckpointRetryDelay must be positive.");
        return options;
    }
}
