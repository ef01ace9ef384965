using Microsoft.Extensions.Logging;
using Transparency.Core.EventStore;

namespace Transparency.Core.Rollups;

/// <summary>
/// Runs the works council's usage rollup and the home summary's rollup on every app instance, on
/// <see cref="UsageRollupOptions.RollupInterval"/>. Each has its own lock, so instances take turns per rollup;
/// a failure of one leaves its marks for the next run (the summary counts marked days from the records meanwhile)
/// and does not stop the other.
/// </summary>
public sealed class RollupJob(
    UsageRollupService usage, SummaryRollupService summary, UsageRollupOptions options, TimeProvider clock, ILogger<RollupJob> logger)
    : PeriodicJob(clock, logger)
{
    protected override bool Enabled => options.RollupEnabled;

    protected override TimeSpan Interval => options.RollupInterval;

    protected override IEnumerable<JobStep> Steps(CancellationToken ct) =>
    [
        new("Usage rollup", () => usage.RefreshAsync(ct)),
        new("Summary rollup", () => summary.RefreshAsync(ct: ct)),
    ];
}
