using Microsoft.Extensions.Logging;
using Transparency.Core.EventStore;

namespace Transparency.Core.Retention;

/// <summary>
/// Runs the retention purge on every app instance, on <see cref="RetentionOptions.PurgeInterval"/>.
/// Instances never purge the same records: <see cref="RetentionService"/> serializes them through the store.
/// A failed run leaves content past retention for the next one; nothing is half-erased (each batch is one transaction).
/// </summary>
public sealed class RetentionPurgeJob(RetentionService retention, RetentionOptions options, TimeProvider clock, ILogger<RetentionPurgeJob> logger)
    : PeriodicJob(clock, logger)
{
    protected override bool Enabled => options.PurgeEnabled;

    protected override TimeSpan Interval => options.PurgeInterval;

    protected override TimeSpan FirstRunDelay => options.FirstPurgeDelay;

    protected override string OffNotice => "Retention purge is off on this instance (Retention:PurgeEnabled).";

    protected override IEnumerable<JobStep> Steps(CancellationToken ct) => [new("Retention purge", () => retention.PurgeAsync(ct))];
}
