using Microsoft.Extensions.Configuration;

namespace Transparency.Core.TrainingExport;

/// <summary>Settings of the training export (<c>TrainingExport:*</c>).</summary>
public sealed class TrainingExportOptions
{
    public const int DefaultLimit = 1_000;
    public const int MaxLimit = 10_000;

    /// <summary>
    /// Only records received at least this long ago are served. Ingestion stamps <c>received_at</c>
    /// before its transaction commits, so a record can become visible with a time older than records
    /// already served; a cursor past it would skip it for ever. Holding back the last few seconds lets
    /// every such transaction commit before its records can be overtaken by a cursor.
    /// </summary>
    public int SettleSeconds { get; set; } = 5;

    /// <summary>
    /// A page is held in memory (as the response's lines) from its selection until its batch commits: once the content
    /// taken (the JSON's characters and the snapshots' as base64) passes this many bytes the page ends early, and its
    /// next cursor continues where it stopped. 64 MB by default; 10,000 typical records carry about 3.5 MB of content
    /// in about 8 MB of lines.
    /// </summary>
    public long PageContentBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The most revocations one feed request records; the rest are recorded by the following requests.</summary>
    public int MaxRevocationsPerFill { get; set; } = 50_000;

    public static TrainingExportOptions From(IConfiguration config)
    {
        var options = config.GetSection("TrainingExport").Get<TrainingExportOptions>() ?? new TrainingExportOptions();
        // A negative window would serve records whose neighbours may still be committing: refuse it rather than skip records.
        if (options.SettleSeconds < 0 || options.MaxRevocationsPerFill < 1 || options.PageContentBytes < 1)
            throw new InvalidOperationException(
                "TrainingExport:SettleSeconds must be 0 or more, TrainingExport:MaxRevocationsPerFill and TrainingExport:PageContentBytes at least 1.");
        return options;
    }
}
