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

    /// <summary>Requests (export pages and revocation feed reads together) each API client may make per minute before it is answered 429.</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>
    /// Export and revocation requests this instance serves at once, all clients together; a few more wait for a turn and
    /// the rest are answered 429. A page holds up to <see cref="PageContentBytes"/> in memory and a feed read may record up
    /// to <see cref="MaxRevocationsPerFill"/> revocations, so this bounds both the memory and the store's write load.
    /// </summary>
    public int ConcurrentRequests { get; set; } = 4;

    /// <summary>Requests that may wait for one of the <see cref="ConcurrentRequests"/> turns before further ones are refused.</summary>
    public int QueuedRequests { get; set; } = 8;

    public static TrainingExportOptions From(IConfiguration config)
    {
        var options = config.GetSection("TrainingExport").Get<TrainingExportOptions>() ?? new TrainingExportOptions();
        // A negative window would serve records whose neighbours may still be committing: refuse it rather than skip records.
        if (options.SettleSeconds < 0 || options.MaxRevocationsPerFill < 1 || options.PageContentBytes < 1)
            throw new InvalidOperationException(
                "TrainingExport:SettleSeconds must be 0 or more, TrainingExport:MaxRevocationsPerFill and TrainingExport:PageContentBytes at least 1.");
        if (options.RequestsPerMinute < 1 || options.ConcurrentRequests < 1 || options.QueuedRequests < 0)
            throw new InvalidOperationException(
                "TrainingExport:RequestsPerMinute and TrainingExport:ConcurrentRequests must be at least 1, TrainingExport:QueuedRequests 0 or more.");
        return options;
    }
}
