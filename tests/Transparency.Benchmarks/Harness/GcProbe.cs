using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Transparency.Benchmarks.Harness;

/// <summary>
/// The managed heap of a running .NET process as a full, blocking collection leaves it. Talks to the process's
/// diagnostic port as dotnet-gcdump does: an EventPipe session that enables the runtime's GCHeapCollect keyword
/// makes the runtime run an induced gen-2 blocking collection, and the session's GC events report the heap's
/// generation sizes after it (GCHeapStats). Nothing is loaded into the measured process.
/// </summary>
public static class GcProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>What one induced collection left on the managed heap.</summary>
    /// <param name="TotalBytes">The generations' sizes, free space between survivors (fragmentation) included.</param>
    /// <param name="LiveBytes">What the collection found alive (promoted): the objects themselves, without free space.</param>
    /// <param name="Collections">Induced gen-2 blocking collections run (the figures are from the last).</param>
    public sealed record HeapReading(long TotalBytes, long LiveBytes, long Gen0Bytes, long Gen1Bytes, long Gen2Bytes, long LargeObjectBytes, long PinnedObjectBytes,
        long GcHandles, int Collections);

    /// <summary>
    /// Runs <paramref name="collections"/> induced full blocking collections one after another (a second lets
    /// what finalizers released after the first go too) and returns the heap after the last.
    /// </summary>
    public static async Task<HeapReading> CollectAsync(int pid, int collections, CancellationToken ct)
    {
        HeapReading? last = null;
        for (var i = 1; i <= collections; i++)
            last = await CollectOnceAsync(pid, ct) with { Collections = i };
        return last!;
    }

    private static async Task<HeapReading> CollectOnceAsync(int pid, CancellationToken ct)
    {
        var client = new DiagnosticsClient(pid);
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        using var session = await client.StartEventPipeSessionAsync(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords)], requestRundown: false, circularBufferMB: 64, ct);
        var reading = new TaskCompletionSource<HeapReading>(TaskCreationOptions.RunContinuationsAsynchronously);
        var induced = false;
        using var source = new EventPipeEventSource(session.EventStream);
        // Only a collection this session induced counts: gen 2, blocking, reason "induced".
        source.Clr.GCStart += e => induced = e.Depth == 2 && e.Type == GCType.NonConcurrentGC && e.Reason is GCReason.Induced or GCReason.InducedNotForced or GCReason.InducedCompacting;
        source.Clr.GCHeapStats += e =>
        {
            if (!induced)
                return;
            reading.TrySetResult(new HeapReading(e.TotalHeapSize, e.TotalPromoted, e.GenerationSize0, e.GenerationSize1, e.GenerationSize2, e.GenerationSize3, e.GenerationSize4,
                e.GCHandleCount, 1));
        };
        var processing = Task.Run(source.Process, CancellationToken.None);
        try
        {
            return await reading.Task.WaitAsync(Timeout, ct);
        }
        finally
        {
            try
            {
                await session.StopAsync(CancellationToken.None);
            }
            catch (ServerNotAvailableException)
            {
            }
            await processing.WaitAsync(Timeout, CancellationToken.None).ContinueWith(_ => { }, CancellationToken.None);
        }
    }
}
