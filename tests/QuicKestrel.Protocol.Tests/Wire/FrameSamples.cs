using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Wire;

/// <summary>
/// One valid encoding of every frame type value, written by the frame writers, with the packet
/// types RFC 9000 §12.4 Table 3 allows it in ("I" Initial, "H" Handshake, "0" 0-RTT, "1" 1-RTT).
/// </summary>
internal static class FrameSamples
{
    public sealed record Sample(string Name, ulong RawType, byte[] Bytes, string AllowedIn, bool RunsToEnd = false)
    {
        public override string ToString() => Name;
    }

    private static readonly byte[] ConnectionId = WireHex.Bytes("0102030405060708");
    private static readonly byte[] ResetToken = WireHex.Bytes("00112233445566778899aabbccddeeff");

    public static IReadOnlyList<Sample> All { get; } = Build();

    private static List<Sample> Build()
    {
        var samples = new List<Sample>
        {
            new("PADDING", 0x00, [0x00], "IH01"),
            new("PING", 0x01, Write(FrameWriting.TryWritePing), "IH01"),
            new("ACK", 0x02, WriteAck(null), "IH_1"),
            new("ACK_ECN", 0x03, WriteAck(new EcnCounts(5, 300, 70000)), "IH_1"),
            new("RESET_STREAM", 0x04, Write(new ResetStreamFrame(4, 0x100, 70000).TryWrite), "__01"),
            new("STOP_SENDING", 0x05, Write(new StopSendingFrame(8, 0x4000).TryWrite), "__01"),
            new("CRYPTO", 0x06, Write((Span<byte> d, out int n) => new CryptoFrame(1000, "hello"u8).TryWrite(d, out n)), "IH_1"),
            new("NEW_TOKEN", 0x07, Write((Span<byte> d, out int n) => new NewTokenFrame("token!"u8).TryWrite(d, out n)), "___1"),
        };
        for (ulong bits = 0; bits < 8; bits++)
        {
            bool offset = (bits & 4) != 0, length = (bits & 2) != 0, fin = (bits & 1) != 0;
            byte[] bytes = Write((Span<byte> d, out int n) =>
                new StreamFrame(5, offset ? 70000UL : 0, "stream data"u8, fin).TryWrite(d, out n, length));
            samples.Add(new($"STREAM_0x{0x08 + bits:x2}", 0x08 + bits, bytes, "__01", RunsToEnd: !length));
        }
        samples.AddRange(
        [
            new("MAX_DATA", 0x10, Write(new MaxDataFrame(1_000_000).TryWrite), "__01"),
            new("MAX_STREAM_DATA", 0x11, Write(new MaxStreamDataFrame(4, 65536).TryWrite), "__01"),
            new("MAX_STREAMS_BIDI", 0x12, Write(new MaxStreamsFrame(true, 100).TryWrite), "__01"),
            new("MAX_STREAMS_UNI", 0x13, Write(new MaxStreamsFrame(false, 1UL << 60).TryWrite), "__01"),
            new("DATA_BLOCKED", 0x14, Write(new DataBlockedFrame(1 << 20).TryWrite), "__01"),
            new("STREAM_DATA_BLOCKED", 0x15, Write(new StreamDataBlockedFrame(8, 4096).TryWrite), "__01"),
            new("STREAMS_BLOCKED_BIDI", 0x16, Write(new StreamsBlockedFrame(true, 10).TryWrite), "__01"),
            new("STREAMS_BLOCKED_UNI", 0x17, Write(new StreamsBlockedFrame(false, 70000).TryWrite), "__01"),
            new("NEW_CONNECTION_ID", 0x18, Write((Span<byte> d, out int n) =>
                new NewConnectionIdFrame(3, 1, ConnectionId, ResetToken).TryWrite(d, out n)), "__01"),
            new("RETIRE_CONNECTION_ID", 0x19, Write(new RetireConnectionIdFrame(2).TryWrite), "___1"),
            new("PATH_CHALLENGE", 0x1a, Write(new PathChallengeFrame(0x0102030405060708).TryWrite), "__01"),
            new("PATH_RESPONSE", 0x1b, Write(new PathResponseFrame(0x0102030405060708).TryWrite), "___1"),
            new("CONNECTION_CLOSE", 0x1c, Write((Span<byte> d, out int n) =>
                new ConnectionCloseFrame(false, 0x0a, 0x08, "bad"u8).TryWrite(d, out n)), "IH01"),
            new("APPLICATION_CLOSE", 0x1d, Write((Span<byte> d, out int n) =>
                new ConnectionCloseFrame(true, 0x101, 0, "bye"u8).TryWrite(d, out n)), "__01"),
            new("HANDSHAKE_DONE", 0x1e, Write(FrameWriting.TryWriteHandshakeDone), "___1"),
            new("DATAGRAM", 0x30, Write((Span<byte> d, out int n) => new DatagramFrame("dgram"u8).TryWrite(d, out n, withLength: false)), "__01", RunsToEnd: true),
            new("DATAGRAM_LEN", 0x31, Write((Span<byte> d, out int n) => new DatagramFrame("dgram"u8).TryWrite(d, out n)), "__01"),
        ]);
        return samples;
    }

    public delegate bool FrameWrite(Span<byte> destination, out int bytesWritten);

    private static byte[] Write(FrameWrite write)
    {
        var buffer = new byte[256];
        if (!write(buffer, out int written))
            throw new InvalidOperationException("sample did not fit");
        return buffer.AsSpan(0, written).ToArray();
    }

    private static byte[] WriteAck(EcnCounts? ecn)
    {
        AckRange[] ranges = [new(900, 1000), new(500, 800), new(0, 10)];
        var buffer = new byte[64];
        if (!AckFrameWriter.TryWrite(buffer, ranges, 25, ecn, out int written, out _))
            throw new InvalidOperationException("sample did not fit");
        return buffer.AsSpan(0, written).ToArray();
    }

    public static bool IsAllowed(Sample sample, PacketType packetType) => packetType switch
    {
        PacketType.Initial => sample.AllowedIn[0] == 'I',
        PacketType.Handshake => sample.AllowedIn[1] == 'H',
        PacketType.ZeroRtt => sample.AllowedIn[2] == '0',
        _ => sample.AllowedIn[3] == '1',
    };

    public static readonly PacketType[] FramePacketTypes = [PacketType.Initial, PacketType.ZeroRtt, PacketType.Handshake, PacketType.OneRtt];
}
