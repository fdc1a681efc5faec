using System.Buffers.Binary;

namespace QuicKestrel.Perf;

/// <summary>
/// The perf protocol, one request per bidirectional stream (as in secnetperf): the client sends
/// an 8-byte little-endian "bytes wanted" header, then any upload payload, then FIN. Once the
/// server has the FIN it answers with that many bytes and FIN. The payload bytes carry no meaning.
/// </summary>
internal static class PerfProtocol
{
    public const int HeaderLength = 8;

    /// <summary>The ALPN both sides offer ("perf", like secnetperf).</summary>
    public static readonly byte[] Alpn = "perf"u8.ToArray();

    /// <summary>Size of the shared payload chunk each send hands to the stack.</summary>
    public const int ChunkLength = 64 * 1024;

    /// <summary>One read-only payload chunk shared by every sender (its content never changes).</summary>
    public static readonly byte[] Chunk = CreateChunk();

    public static void WriteHeader(Span<byte> header, ulong bytesWanted) =>
        BinaryPrimitives.WriteUInt64LittleEndian(header, bytesWanted);

    public static ulong ReadHeader(ReadOnlySpan<byte> header) =>
        BinaryPrimitives.ReadUInt64LittleEndian(header);

    private static byte[] CreateChunk()
    {
        var chunk = new byte[ChunkLength];
        for (int i = 0; i < chunk.Length; i++)
            chunk[i] = (byte)i;
        return chunk;
    }
}
