using Microsoft.Extensions.Configuration;

namespace Transparency.Core.Rollups;

/// <summary>The <c>Reports</c> configuration section: how the usage rollup keeps up with the store.</summary>
public sealed class UsageRollupOptions
{
    public bool RollupEnabled { get; set; } = true;

    /// <summary>Time between rollup runs: reports lag the store by at most about this plus <see cref="SettleSeconds"/>.</summary>
    public TimeSpan RollupInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Records received this recently are left for the next run, so one whose batch is still committing (its
    /// received time is set before the commit) is never passed over.
    /// </summary>
    public int SettleSeconds { get; set; } = 60;

    /// <summary>
    /// Arrivals are folded in once at least this much arrival time has gathered past the watermark. An org unit
    /// week is recomputed whole, and while capture runs every unit's current week has arrivals: folding them every
    /// <see cref="RollupInterval"/> would recount the current week of the whole organisation twice a minute.
    /// Works council reports count by week, so they lag arrivals by up to this (acts still show within a run).
    /// </summary>
    public int ArrivalBatchSeconds { get; set; } = 600;

    /// <summary>Org unit weeks recomputed per run at most; the rest wait for the next run.</summary>
    public int WeeksPerRun { get; set; } = 5000;

    public static UsageRollupOptions From(IConfiguration config)
    {
        var options = config.GetSection("Reports").Get<UsageRollupOptions>() ?? new UsageRollupOptions();
        if (options.RollupInterval <= TimeSpan.Zero || options.SettleSeconds < 0 || options.ArrivalBatchSeconds < 0 || options.WeeksPerRun < 1)
            throw new InvalidOperationException(
                "Reports:RollupInterval must be positive, Reports:SettleSeconds and Reports:ArrivalBatchSeconds not negative and Reports:WeeksPerRun at least 1.");
        return options;
    }
}
