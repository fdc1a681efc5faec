using System.Buffers.Binary;
using System.IO.Compression;

namespace QuicKestrel.Transport.Tests.Infrastructure;

/// <summary>
/// A minimal PNG reader for checking screenshots: 8-bit RGB or RGBA, not interlaced (what
/// Chromium writes). Decodes the pixels so a test can tell a rendered page from a blank one.
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] s_signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly byte[] _pixels;
    private readonly int _bytesPerPixel;

    private PngImage(int width, int height, int bytesPerPixel, byte[] pixels)
    {
        Width = width;
        Height = height;
        _bytesPerPixel = bytesPerPixel;
        _pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Decodes <paramref name="file"/>; throws <see cref="InvalidDataException"/> when it is not a PNG this reader handles.</summary>
    public static PngImage Decode(byte[] file)
    {
        if (file.Length < s_signature.Length || !file.AsSpan(0, s_signature.Length).SequenceEqual(s_signature))
            throw new InvalidDataException("Not a PNG: the signature is missing.");
        int width = 0, height = 0, bytesPerPixel = 0;
        using var compressed = new MemoryStream();
        int offset = s_signature.Length;
        while (offset + 12 <= file.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(offset));
            string type = System.Text.Encoding.ASCII.GetString(file, offset + 4, 4);
            if (length < 0 || offset + 12 + length > file.Length)
                throw new InvalidDataException($"PNG chunk {type} runs past the end of the file.");
            ReadOnlySpan<byte> data = file.AsSpan(offset + 8, length);
            offset += 12 + length;
            if (type == "IHDR")
                (width, height, bytesPerPixel) = ReadHeader(data);
            else if (type == "IDAT")
                compressed.Write(data);
            else if (type == "IEND")
                break;
        }
        if (bytesPerPixel == 0 || compressed.Length == 0)
            throw new InvalidDataException("PNG without IHDR or IDAT.");
        compressed.Position = 0;
        return new PngImage(width, height, bytesPerPixel, Unfilter(Inflate(compressed), width, height, bytesPerPixel));
    }

    /// <summary>How many pixels have every colour channel below <paramref name="threshold"/> (text, not background).</summary>
    public long CountDarkPixels(byte threshold = 96)
    {
        long count = 0;
        for (int i = 0; i < _pixels.Length; i += _bytesPerPixel)
        {
            if (_pixels[i] < threshold && _pixels[i + 1] < threshold && _pixels[i + 2] < threshold)
                count++;
        }
        return count;
    }

    private static (int Width, int Height, int BytesPerPixel) ReadHeader(ReadOnlySpan<byte> header)
    {
        int width = BinaryPrimitives.ReadInt32BigEndian(header);
        int height = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        byte bitDepth = header[8], colourType = header[9], interlace = header[12];
        if (bitDepth != 8 || interlace != 0 || colourType is not (2 or 6))
            throw new InvalidDataException($"Unsupported PNG: bit depth {bitDepth}, colour type {colourType}, interlace {interlace}.");
        return (width, height, colourType == 6 ? 4 : 3);
    }

    private static byte[] Inflate(Stream compressed)
    {
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        return raw.ToArray();
    }

    /// <summary>Undoes the per-row filters (PNG specification §9: None, Sub, Up, Average, Paeth).</summary>
    private static byte[] Unfilter(byte[] raw, int width, int height, int bytesPerPixel)
    {
        int stride = width * bytesPerPixel;
        if (raw.Length != (long)height * (stride + 1))
            throw new InvalidDataException($"PNG image data is {raw.Length} bytes, expected {(long)height * (stride + 1)}.");
        var pixels = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            byte filter = raw[y * (stride + 1)];
            ReadOnlySpan<byte> source = raw.AsSpan(y * (stride + 1) + 1, stride);
            Span<byte> row = pixels.AsSpan(y * stride, stride);
            ReadOnlySpan<byte> above = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride);
            for (int x = 0; x < stride; x++)
            {
                int left = x >= bytesPerPixel ? row[x - bytesPerPixel] : 0;
                int upLeft = x >= bytesPerPixel ? above[x - bytesPerPixel] : 0;
                int predicted = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => above[x],
                    3 => (left + above[x]) / 2,
                    4 => Paeth(left, above[x], upLeft),
                    _ => throw new InvalidDataException($"PNG row {y} has unknown filter {filter}."),
                };
                row[x] = (byte)(source[x] + predicted);
            }
        }
        return pixels;
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        int estimate = left + up - upLeft;
        int toLeft = Math.Abs(estimate - left), toUp = Math.Abs(estimate - up), toUpLeft = Math.Abs(estimate - upLeft);
        if (toLeft <= toUp && toLeft <= toUpLeft)
            return left;
        return toUp <= toUpLeft ? up : upLeft;
    }
}
