using Microsoft.Extensions.Logging.Abstractions;
using Transparency.Core.Rollups;

namespace Transparency.Testing;

/// <summary>The works council's usage rollup as a test runs it: nothing held back for settling or batching.</summary>
public static class UsageRollups
{
    public static UsageRollupService For(TestStore store, TimeProvider clock, int weeksPerRun = 5000, int arrivalBatchSeconds = 0) =>
        new(store.Contexts, clock, new UsageRollupOptions { SettleSeconds = 60, ArrivalBatchSeconds = arrivalBatchSeconds, WeeksPerRun = weeksPerRun },
            NullLogger<UsageRollupService>.Instance);

    /// <summary>Runs the rollup until no org unit week is left stale.</summary>
    public static async Task BringUpToDateAsync(TestStore store, TimeProvider clock, CancellationToken ct)
    {
        var rollup = For(store, clock);
        while ((await rollup.RefreshAsync(ct)) is { Skipped: true } or { WeeksStillStale: > 0 }) { }
    }
}
