using Microsoft.Extensions.Configuration;
using Transparency.Core.EventStore;

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

    /// <summary>Contexts whose records are tagged on arrival, whatever the agent sent, so they are withheld from training by default.</summary>
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

/// <summary>
/// A context that marks records with a sensitivity tag: an application (exact, case-insensitive), a site
/// (that host or any sub-domain of it), or a focused window whose title contains a phrase.
/// </summary>
public sealed class SensitiveContext
{
    public string Tag { get; set; } = "";
    public List<string> Applications { get; set; } = [];
    public List<string> Sites { get; set; } = [];
    public List<string> WindowTitleContains { get; set; } = [];

    internal SensitivityTags TagValue =>
        Enum.TryParse<SensitivityTags>(Tag, ignoreCase: true, out var tag) && tag != SensitivityTags.None
            ? tag
            : throw new InvalidOperationException(
                $"Ingestion:SensitiveContexts has an unknown Tag '{Tag}'; use one of {string.Join(", ", SensitivityTags.None.AllNames())}.");

    internal bool Matches(string application, string? site, string? windowTitle) =>
        Applications.Any(a => string.Equals(a, application, StringComparison.OrdinalIgnoreCase))
        || (site is not null && Sites.Any(s => site.Equals(s, StringComparison.OrdinalIgnoreCase)
            || site.EndsWith("." + s.TrimStart('.'), StringComparison.OrdinalIgnoreCase)))
        || (windowTitle is not null && WindowTitleContains.Any(w => windowTitle.Contains(w, StringComparison.OrdinalIgnoreCase)));
}

internal static class SensitivityNames
{
    public static IEnumerable<string> AllNames(this SensitivityTags _) =>
        Enum.GetValues<SensitivityTags>().Where(t => t != SensitivityTags.None).Select(t => t.ToString());
}
