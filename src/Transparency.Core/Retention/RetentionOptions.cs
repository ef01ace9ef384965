using Microsoft.Extensions.Configuration;

namespace Transparency.Core.Retention;

/// <summary>The <c>Retention</c> configuration section: how often and in what steps the purge runs.</summary>
public sealed class RetentionOptions
{
    /// <summary>Whether this instance runs the purge at all (every instance may; runs never overlap).</summary>
    public bool PurgeEnabled { get; set; } = true;

    /// <summary>Time between purge runs.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Time after start-up before the first run, so start-up work is not slowed by it.</summary>
    public TimeSpan FirstPurgeDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Records erased per transaction: small enough that ingestion and employees' acts never wait long on a purge.</summary>
    public int PurgeBatchSize { get; set; } = 2000;

    public static RetentionOptions From(IConfiguration config)
    {
        var options = config.GetSection("Retention").Get<RetentionOptions>() ?? new RetentionOptions();
        if (options.PurgeInterval <= TimeSpan.Zero || options.FirstPurgeDelay < TimeSpan.Zero)
            throw new InvalidOperationException("Retention:PurgeInterval must be positive and Retention:FirstPurgeDelay not negative.");
        if (options.PurgeBatchSize is < 1 or > 50_000)
            throw new InvalidOperationException("Retention:PurgeBatchSize must be between 1 and 50000.");
        return options;
    }
}
