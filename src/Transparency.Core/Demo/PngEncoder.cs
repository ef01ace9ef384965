using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Transparency.Core.Demo;

/// <summary>
/// Writes 8-bit RGB pixels as a PNG. .NET has no image encoder outside Windows, and the demo's
/// screen snapshots need nothing more than the three mandatory chunks.
/// </summary>
internal static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The PNG file for <paramref name="rgb"/>: rows top to bottom, three bytes per pixel.</summary>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> rgb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var stride = width * 3;
        if (rgb.Length != stride * height)
            throw new ArgumentException($"Expected {stride * height} bytes for {width}×{height} RGB, got {rgb.Length}.", nameof(rgb));

        using var png = new MemoryStream();
        png.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // colour type: truecolour
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        WriteChunk(png, "IHDR"u8, header);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                // Filter "Up" on every row: flat window chrome turns into long runs of zeros.
                var line = new byte[stride + 1];
                for (var y = 0; y < height; y++)
                {
                    var row = rgb.Slice(y * stride, stride);
                    line[0] = 2;
                    if (y == 0)
                        row.CopyTo(line.AsSpan(1));
                    else
                    {
                        var above = rgb.Slice((y - 1) * stride, stride);
                        for (var i = 0; i < stride; i++)
                            line[i + 1] = (byte)(row[i] - above[i]);
                    }
                    zlib.Write(line);
                }
            }
            WriteChunk(png, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }

        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(type);
        png.Write(data);

        // The chunk CRC covers type and data, not the length.
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, crc.GetCurrentHashAsUInt32());
        png.Write(number);
    }
}
