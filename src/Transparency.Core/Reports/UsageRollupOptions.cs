using Microsoft.Extensions.Configuration;

namespace Transparency.Core.Reports;

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

    /// <summary>Org unit weeks recomputed per run at most; the rest wait for the next run.</summary>
    public int WeeksPerRun { get; set; } = 5000;

    public static UsageRollupOptions From(IConfiguration config)
    {
        var options = config.GetSection("Reports").Get<UsageRollupOptions>() ?? new UsageRollupOptions();
        if (options.RollupInterval <= TimeSpan.Zero || options.SettleSeconds < 0 || options.WeeksPerRun < 1)
            throw new InvalidOperationException("Reports:RollupInterval must be positive, Reports:SettleSeconds not negative and Reports:WeeksPerRun at least 1.");
        return options;
    }
}
