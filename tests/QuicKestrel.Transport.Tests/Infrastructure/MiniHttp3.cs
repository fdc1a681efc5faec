using System.Text;

namespace QuicKestrel.Transport.Tests.Infrastructure;

/// <summary>
/// Just enough HTTP/3 (RFC 9114) and static-table QPACK (RFC 9204) to drive Kestrel from a raw
/// <see cref="QuicTestStream"/> when a test needs exact control of frames, aborts and codes.
/// </summary>
internal static class MiniHttp3
{
    public const long FrameData = 0x00, FrameHeaders = 0x01, FrameSettings = 0x04, FrameGoAway = 0x07;

    // RFC 9204 Appendix A: static-table indexes of :status values.
    private static readonly Dictionary<int, int> s_statusByIndex = new()
    {
        [24] = 103, [25] = 200, [26] = 304, [27] = 404, [28] = 503, [63] = 100, [64] = 204, [65] = 206,
        [66] = 302, [67] = 400, [68] = 403, [69] = 421, [70] = 425, [71] = 500,
    };

    public sealed record Response(int Status, byte[] Body, List<byte[]> HeaderBlocks);

    /// <summary>A HEADERS frame for a request: static-table :method and :scheme, literal :path and :authority.</summary>
    public static byte[] Request(string method, string path, string authority = "localhost")
    {
        var block = new List<byte> { 0x00, 0x00 }; // Required Insert Count 0, Base 0
        block.Add(method switch { "GET" => 0xC0 | 17, "POST" => 0xC0 | 20, "PUT" => 0xC0 | 21, _ => throw new ArgumentException(method) });
        block.Add(0xC0 | 23); // :scheme https
        AddLiteralWithStaticName(block, 1, path); // :path
        AddLiteralWithStaticName(block, 0, authority); // :authority
        return Frame(FrameHeaders, block.ToArray());
    }

    public static byte[] Data(ReadOnlySpan<byte> payload) => Frame(FrameData, payload.ToArray());

    public static byte[] Frame(long type, byte[] payload)
    {
        var frame = new List<byte>();
        WriteVarInt(frame, type);
        WriteVarInt(frame, payload.Length);
        frame.AddRange(payload);
        return frame.ToArray();
    }

    /// <summary>Splits a stream's bytes into frames (type, payload).</summary>
    public static List<(long Type, byte[] Payload)> Frames(ReadOnlySpan<byte> bytes)
    {
        var frames = new List<(long, byte[])>();
        int offset = 0;
        while (offset < bytes.Length)
        {
            long type = ReadVarInt(bytes, ref offset);
            int length = (int)ReadVarInt(bytes, ref offset);
            frames.Add((type, bytes.Slice(offset, length).ToArray()));
            offset += length;
        }
        return frames;
    }

    public static Response ParseResponse(byte[] bytes)
    {
        var blocks = new List<byte[]>();
        var body = new MemoryStream();
        foreach ((long type, byte[] payload) in Frames(bytes))
        {
            if (type == FrameHeaders)
                blocks.Add(payload);
            else if (type == FrameData)
                body.Write(payload);
        }
        if (blocks.Count == 0)
            throw new InvalidDataException("The response has no HEADERS frame.");
        return new Response(ParseStatus(blocks[0]), body.ToArray(), blocks);
    }

    /// <summary>Sends the client's control stream: type 0x00 and an empty SETTINGS frame.</summary>
    public static async Task<QuicTestStream> OpenControlStreamAsync(QuicTestConnection connection)
    {
        QuicTestStream control = await connection.OpenStreamAsync(unidirectional: true);
        await control.SendAsync(new byte[] { 0x00, (byte)FrameSettings, 0x00 });
        return control;
    }

    /// <summary>Sends one request on a new stream and reads the whole response.</summary>
    public static async Task<Response> SendAsync(QuicTestConnection connection, string method, string path, byte[]? body = null)
    {
        QuicTestStream stream = await connection.OpenStreamAsync();
        byte[] headers = Request(method, path);
        if (body is null)
        {
            await stream.SendAsync(headers, fin: true);
        }
        else
        {
            await stream.SendAsync(headers);
            await stream.SendAsync(Data(body), fin: true);
        }
        return ParseResponse(await stream.ReadToEndAsync());
    }

    private static int ParseStatus(byte[] block)
    {
        int offset = 2; // skip the field section prefix (no dynamic table)
        byte first = block[offset];
        if ((first & 0xC0) == 0xC0) // indexed field line, static
            return s_statusByIndex[(int)ReadPrefixedInt(block, ref offset, 6)];
        if ((first & 0xF0) == 0x50) // literal with static name reference, N=0
        {
            ReadPrefixedInt(block, ref offset, 4);
            if ((block[offset] & 0x80) != 0)
                throw new InvalidDataException("Huffman-coded status values are not supported by this test client.");
            int length = (int)ReadPrefixedInt(block, ref offset, 7);
            return int.Parse(Encoding.ASCII.GetString(block, offset, length));
        }
        throw new InvalidDataException($"Unexpected first field line 0x{first:x2}.");
    }

    private static void AddLiteralWithStaticName(List<byte> block, int nameIndex, string value)
    {
        block.Add((byte)(0x50 | nameIndex)); // 01 N=0 T=1 + 4-bit index (both indexes < 15)
        byte[] bytes = Encoding.ASCII.GetBytes(value);
        WritePrefixedInt(block, bytes.Length, 7, 0x00);
        block.AddRange(bytes);
    }

    private static void WritePrefixedInt(List<byte> block, int value, int prefixBits, byte flags)
    {
        int max = (1 << prefixBits) - 1;
        if (value < max)
        {
            block.Add((byte)(flags | value));
            return;
        }
        block.Add((byte)(flags | max));
        value -= max;
        while (value >= 128)
        {
            block.Add((byte)(value % 128 + 128));
            value /= 128;
        }
        block.Add((byte)value);
    }

    private static long ReadPrefixedInt(byte[] block, ref int offset, int prefixBits)
    {
        int max = (1 << prefixBits) - 1;
        long value = block[offset++] & max;
        if (value < max)
            return value;
        int shift = 0;
        byte next;
        do
        {
            next = block[offset++];
            value += (long)(next & 0x7F) << shift;
            shift += 7;
        } while ((next & 0x80) != 0);
        return value;
    }

    private static void WriteVarInt(List<byte> destination, long value)
    {
        if (value < 64)
        {
            destination.Add((byte)value);
        }
        else if (value < 16384)
        {
            destination.Add((byte)(0x40 | (value >> 8)));
            destination.Add((byte)value);
        }
        else if (value < 1 << 30)
        {
            for (int shift = 24; shift >= 0; shift -= 8)
                destination.Add((byte)((shift == 24 ? 0x80 : 0) | (int)((value >> shift) & 0xFF)));
        }
        else
        {
            for (int shift = 56; shift >= 0; shift -= 8)
                destination.Add((byte)((shift == 56 ? 0xC0 : 0) | (int)((value >> shift) & 0xFF)));
        }
    }

    public static long ReadVarInt(ReadOnlySpan<byte> bytes, ref int offset)
    {
        int length = 1 << (bytes[offset] >> 6);
        long value = bytes[offset] & 0x3F;
        for (int i = 1; i < length; i++)
            value = (value << 8) | bytes[offset + i];
        offset += length;
        return value;
    }
}
