using System.Buffers;

namespace Transparency.Web.Api;

/// <summary>
/// A request body read into a buffer rented from a pool, at most one byte past a limit, so an oversized body is refused
/// without being held whole. The body is capture content: every buffer is cleared as it goes back to the pool, where
/// whatever code rents it next would otherwise find the content of someone's records, deleted or not.
/// </summary>
internal sealed class PooledRequestBody : IDisposable
{
    private readonly ArrayPool<byte> _pool;
    private byte[]? _buffer;

    private PooledRequestBody(ArrayPool<byte> pool, byte[] buffer, int length)
    {
        _pool = pool;
        _buffer = buffer;
        Length = length;
    }

    /// <summary>Bytes read: the whole body, or one byte past the limit when the body is larger.</summary>
    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(PooledRequestBody))).AsMemory(0, Length);

    /// <param name="declared">The Content-Length, when the client sent one: the first buffer fits it.</param>
    /// <param name="pool">The shared pool unless given.</param>
    public static async Task<PooledRequestBody> ReadAsync(Stream body, long max, long? declared, CancellationToken ct, ArrayPool<byte>? pool = null)
    {
        pool ??= ArrayPool<byte>.Shared;
        var ceiling = (int)Math.Min(max + 1, Array.MaxLength);
        var buffer = pool.Rent((int)Math.Min(declared + 1 ?? 16 * 1024, ceiling));
        var length = 0;
        try
        {
            while (length <= max)
            {
                if (length == buffer.Length)
                {
                    var larger = pool.Rent((int)Math.Min(2L * buffer.Length, ceiling));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool.Return(buffer, clearArray: true);
                    buffer = larger;
                }
                var read = await body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0)
                    break;
                length += read;
            }
            return new PooledRequestBody(pool, buffer, length);
        }
        catch
        {
            pool.Return(buffer, clearArray: true);
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
            _pool.Return(buffer, clearArray: true);
    }
}
