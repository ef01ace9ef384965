using System.Diagnostics;

namespace Transparency.Benchmarks.Harness;

/// <summary>Durations of a repeated operation (one request, one page), summarised as median and p95.</summary>
public sealed class Timings
{
    private readonly List<double> _ms = [];
    private readonly Lock _lock = new();

    public void Add(TimeSpan elapsed)
    {
        lock (_lock)
            _ms.Add(elapsed.TotalMilliseconds);
    }

    public async Task<T> TimeAsync<T>(Func<Task<T>> operation)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await operation();
        Add(Stopwatch.GetElapsedTime(started));
        return result;
    }

    public int Count => _ms.Count;

    public double Percentile(double p)
    {
        lock (_lock)
        {
            if (_ms.Count == 0)
                return double.NaN;
            var sorted = _ms.Order().ToList();
            // Nearest rank: the smallest value with at least p of the samples at or below it.
            var rank = (int)Math.Ceiling(p * sorted.Count);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
        }
    }

    public double Median => Percentile(0.5);
    public double P95 => Percentile(0.95);

    /// <summary>Untimed runs of the baseline before timing: it is one prepared statement.</summary>
    public const int BaselineWarmUp = 5;

    /// <summary>
    /// Times two paths doing the same work: <paramref name="warmUp"/> untimed runs of the app's path (and up to
    /// <see cref="BaselineWarmUp"/> of the baseline's, which is one prepared statement), a pause, then
    /// <paramref name="n"/> timed rounds, each round running both, the order alternating, so neither profits from
    /// the other's cache alone. The warm-up and the pause are for the JIT: a method runs unoptimised for its first
    /// 30 calls and is then recompiled in the background, so without them the first timed rounds would measure the
    /// runtime starting up rather than the path.
    /// </summary>
    public static async Task<(Timings App, Timings Baseline)> AlternateAsync(int warmUp, int n, Func<Task> app, Func<Task> baseline)
    {
        for (var i = 0; i < warmUp; i++)
        {
            await app();
            if (i < BaselineWarmUp)
                await baseline();
        }
        await Task.Delay(TimeSpan.FromSeconds(1));
        var (a, b) = (new Timings(), new Timings());
        for (var i = 0; i < n; i++)
        {
            if (i % 2 == 0)
            {
                await a.TimeAsync(app);
                await b.TimeAsync(baseline);
            }
            else
            {
                await b.TimeAsync(baseline);
                await a.TimeAsync(app);
            }
        }
        return (a, b);
    }

    public async Task TimeAsync(Func<Task> operation)
    {
        var started = Stopwatch.GetTimestamp();
        await operation();
        Add(Stopwatch.GetElapsedTime(started));
    }

    public string Describe(string what) => $"{what}: n = {Count}, median {Median:N1} ms, p95 {P95:N1} ms";
}
