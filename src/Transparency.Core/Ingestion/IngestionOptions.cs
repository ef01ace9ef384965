using Microsoft.Extensions.Configuration;
using Transparency.Core.Register;

namespace Transparency.Core.Ingestion;

/// <summary>The <c>Ingestion</c> configuration section: batch limits, clock skew, rate limit and sensitive contexts.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    public int MaxRecordsPerBatch { get; set; } = 5_000;
    public long MaxRequestBytes { get; set; } = 32 * 1024 * 1024;
    public int MaxContentBytesPerRecord { get; set; } = 4 * 1024 * 1024;

    /// <summary>How far a capture time may lie in the server's future: agents' clocks drift, but not by hours.</summary>
    public int MaxClockSkewSeconds { get; set; } = 300;

    /// <summary>Requests each API client may make per minute before it is answered 429.</summary>
    public int RequestsPerMinute { get; set; } = 120;

    /// <summary>
    /// Contexts whose records are tagged on arrival, whatever the agent sent, so they are withheld from training by default:
    /// the first version of the store's list (<see cref="SensitiveContextList"/>), which the privacy officer keeps from then on.
    /// </summary>
    public List<SensitiveContext> SensitiveContexts { get; set; } = [];

    public static IngestionOptions From(IConfiguration config)
    {
        var options = config.GetSection(Section).Get<IngestionOptions>() ?? new IngestionOptions();
        // A misspelt tag would otherwise surface only when a matching record arrives.
        foreach (var context in options.SensitiveContexts)
            _ = context.TagValue;
        return options;
    }
}
