using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using System.Text;
using Transparency.Web.Api;

namespace Transparency.Web.Tests.Api;

/// <summary>
/// Pooled buffers that held capture content are cleared before they go back to their pool, where other code would rent
/// them next: the ingestion request body's, and the blocks a training export page's lines wait in.
/// </summary>
public sealed class PooledBufferTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("""{"text":"my doctor's appointment at 9"}""");

    [Fact]
    public void A_block_of_the_clearing_pool_reads_as_zeros_once_returned()
    {
        using var pool = new ClearingMemoryPool(ArrayPool<byte>.Create());
        var block = pool.Rent(100);
        Content.CopyTo(block.Memory.Span);
        Assert.True(MemoryMarshal.TryGetArray<byte>(block.Memory, out var array));

        block.Dispose();

        Assert.Equal(new byte[array.Array!.Length], array.Array);
        Assert.Throws<ObjectDisposedException>(() => block.Memory);
    }

    [Fact]
    public async Task A_pipe_over_the_clearing_pool_clears_every_block_a_page_used()
    {
        Assert.Same(ClearingMemoryPool.Instance, TrainingExportEndpoints.LineBuffer.Pool);
        var options = TrainingExportEndpoints.LineBuffer;
        var lines = new Pipe(new PipeOptions(new ClearingMemoryPool(ArrayPool<byte>.Create()), options.ReaderScheduler, options.WriterScheduler,
            options.PauseWriterThreshold, options.ResumeWriterThreshold, options.MinimumSegmentSize, options.UseSynchronizationContext));
        // More than three blocks of lines, as a page of records is written before its batch commits.
        for (var i = 0; i < 8_000; i++)
            lines.Writer.Write(Content);
        await lines.Writer.CompleteAsync();

        var read = await lines.Reader.ReadAsync(Ct);
        var blocks = new List<byte[]>();
        foreach (var segment in read.Buffer)
        {
            Assert.True(MemoryMarshal.TryGetArray(segment, out var array));
            blocks.Add(array.Array!);
        }
        Assert.True(blocks.Count > 3, $"{blocks.Count} blocks");
        Assert.All(blocks, b => Assert.True(b.AsSpan().IndexOf(Content) >= 0));
        lines.Reader.AdvanceTo(read.Buffer.End);
        await lines.Reader.CompleteAsync();

        Assert.All(blocks, b => Assert.Equal(new byte[b.Length], b));
    }

    [Theory]
    [InlineData(100_000, null, 1_000_000)] // grows from 16 KB through several buffers
    [InlineData(100_000, 100_000L, 1_000_000)] // the declared length fits the first
    [InlineData(300_000, null, 200_000)] // larger than the limit: read one byte past it
    public async Task Every_buffer_an_ingestion_body_was_read_into_goes_back_cleared(int size, long? declared, long max)
    {
        var pool = new RecordingPool();
        var sent = Body(size);

        using (var body = await PooledRequestBody.ReadAsync(new MemoryStream(sent), max, declared, Ct, pool))
        {
            Assert.Equal((int)Math.Min(size, max + 1), body.Length);
            Assert.True(body.Memory.Span.SequenceEqual(sent.AsSpan(0, body.Length)));
        }

        Assert.NotEmpty(pool.Rented);
        Assert.Equal(pool.Rented.Count, pool.Returned.Count);
        Assert.All(pool.Returned, b => Assert.Equal(new byte[b.Length], b));
    }

    [Fact]
    public async Task A_body_that_fails_midway_leaves_its_buffers_cleared()
    {
        var pool = new RecordingPool();
        var body = new FailingStream(Body(50_000));

        await Assert.ThrowsAsync<IOException>(() => PooledRequestBody.ReadAsync(body, 1_000_000, null, Ct, pool));

        Assert.Equal(pool.Rented.Count, pool.Returned.Count);
        Assert.All(pool.Returned, b => Assert.Equal(new byte[b.Length], b));
    }

    private static byte[] Body(int size) => Enumerable.Range(0, size).Select(i => Content[i % Content.Length]).ToArray();

    /// <summary>Hands out new arrays and keeps every one returned, as the pool would keep it for the next renter.</summary>
    private sealed class RecordingPool : ArrayPool<byte>
    {
        public List<byte[]> Rented { get; } = [];
        public List<byte[]> Returned { get; } = [];

        public override byte[] Rent(int minimumLength)
        {
            var array = new byte[minimumLength];
            Rented.Add(array);
            return array;
        }

        public override void Return(byte[] array, bool clearArray = false)
        {
            if (clearArray)
                Array.Clear(array);
            Returned.Add(array);
        }
    }

    /// <summary>A connection that breaks after 40,000 bytes.</summary>
    private sealed class FailingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position >= 40_000 ? throw new IOException("The client went away.") : base.ReadAsync(buffer[..Math.Min(buffer.Length, 8_000)], cancellationToken);
    }
}
