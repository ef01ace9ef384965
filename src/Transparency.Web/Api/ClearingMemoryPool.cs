using System.Buffers;

namespace Transparency.Web.Api;

/// <summary>
/// A memory pool whose blocks are cleared before they go back to the shared array pool. The default pool hands its
/// blocks back as they are, so whatever code rents one of them next could read what it held: for a training export
/// page, the content of the records it carried. Blocks come from <see cref="ArrayPool{T}.Shared"/>, as the default
/// pool's do; clearing one costs a pass over it when it goes back.
/// </summary>
internal sealed class ClearingMemoryPool(ArrayPool<byte> arrays) : MemoryPool<byte>
{
    public static ClearingMemoryPool Instance { get; } = new(ArrayPool<byte>.Shared);

    private const int DefaultBlockSize = 4096;

    public override int MaxBufferSize => Array.MaxLength;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1) =>
        new Block(arrays, arrays.Rent(minBufferSize < 0 ? DefaultBlockSize : minBufferSize));

    // The pool holds nothing itself: a block goes back to the array pool when its owner is disposed.
    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Block(ArrayPool<byte> arrays, byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned)
                arrays.Return(returned, clearArray: true);
        }
    }
}
