using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Wire;

/// <summary>Whole packet payloads: the RFC examples and what the reader reports about a packet.</summary>
public class FramePayloadTests
{
    // RFC 9001 Appendix A.2 (identical in RFC 9369 A.2): the client's CRYPTO frame carrying its ClientHello.
    internal const string ClientInitialCryptoFrame =
        "060040f1010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e868" +
        "04fe3a47f06a2b69484c00000413011302010000c000000010000e00000b6578" +
        "616d706c652e636f6dff01000100000a00080006001d00170018001000070005" +
        "04616c706e000500050100000000003300260024001d00209370b2c9caa47fba" +
        "baf4559fedba753de171fa71f50f1ce15d43e994ec74d748002b000302030400" +
        "0d0010000e0403050306030203080408050806002d00020101001c0002400100" +
        "3900320408ffffffffffffffff05048000ffff07048000ffff08011001048000" +
        "75300901100f088394c8f03e51570806048000ffff";

    [Fact]
    public void Rfc9001_client_initial_payload_is_crypto_then_padding()
    {
        // The packet's 1162-byte payload: the CRYPTO frame, then PADDING.
        var payload = new byte[1162];
        WireHex.Bytes(ClientInitialCryptoFrame).CopyTo(payload, 0);
        var reader = new FrameReader(payload, PacketType.Initial);

        Assert.True(reader.TryReadFrame(out Frame crypto, out _));
        Assert.Equal(FrameType.Crypto, crypto.Type);
        Assert.Equal(0UL, crypto.Crypto.Offset);
        Assert.Equal(241, crypto.Crypto.Data.Length);
        Assert.Equal(0x01, crypto.Crypto.Data[0]); // ClientHello
        Assert.True(reader.TryReadFrame(out Frame padding, out _));
        Assert.Equal(1162 - 245, padding.PaddingLength);
        Assert.False(reader.TryReadFrame(out _, out QuicError error));
        Assert.False(error.IsError);
        Assert.True(reader.IsAckEliciting);
        Assert.True(reader.CountsInFlight);
    }

    // RFC 9001 Appendix A.3: the server's payload is an ACK of packet 0 followed by CRYPTO (ServerHello).
    [Fact]
    public void Rfc9001_server_initial_payload_is_ack_then_crypto()
    {
        byte[] payload = WireHex.Bytes(
            "02000000000600405a020000560303eefce7f7b37ba1d1632e96677825ddf739" +
            "88cfc79825df566dc5430b9a045a1200130100002e00330024001d00209d3c94" +
            "0d89690b84d08a60993c144eca684d1081287c834d5311bcf32bb9da1a002b00" +
            "020304");
        var reader = new FrameReader(payload, PacketType.Initial);
        Assert.True(reader.TryReadFrame(out Frame ack, out _));
        Assert.Equal(0L, ack.Ack.LargestAcknowledged);
        Assert.Equal([new AckRange(0, 0)], FrameRoundTripTests.ReadRanges(ack.Ack));
        Assert.True(reader.TryReadFrame(out Frame crypto, out _));
        Assert.Equal(90, crypto.Crypto.Data.Length);
        Assert.False(reader.TryReadFrame(out _, out _));
    }

    [Fact]
    public void Ack_only_packets_are_not_ack_eliciting_nor_in_flight()
    {
        var reader = new FrameReader(WireHex.Bytes("0200000000"), PacketType.OneRtt);
        while (reader.TryReadFrame(out _, out _))
        {
        }
        Assert.False(reader.IsAckEliciting);
        Assert.False(reader.CountsInFlight);
        Assert.False(reader.IsProbingOnly);
    }

    [Fact]
    public void Ack_with_padding_counts_in_flight_without_eliciting()
    {
        var reader = new FrameReader(WireHex.Bytes("0200000000 0000"), PacketType.OneRtt);
        while (reader.TryReadFrame(out _, out _))
        {
        }
        Assert.False(reader.IsAckEliciting);
        Assert.True(reader.CountsInFlight);
    }

    [Fact]
    public void Path_probe_packets_are_probing_only()
    {
        byte[] payload = new byte[40];
        Assert.True(new PathChallengeFrame(42).TryWrite(payload, out int n));
        Assert.True(new PathResponseFrame(7).TryWrite(payload.AsSpan(n), out int m));
        var reader = new FrameReader(payload, PacketType.OneRtt); // the rest is PADDING
        int frames = 0;
        while (reader.TryReadFrame(out _, out _))
            frames++;
        Assert.Equal(3, frames);
        Assert.True(reader.IsProbingOnly);
        Assert.True(reader.IsAckEliciting);
        Assert.Equal(9 + 9, n + m);
    }

    [Theory]
    [InlineData((ulong)FrameType.Ack, false, false, false)]
    [InlineData((ulong)FrameType.Padding, false, true, true)]
    [InlineData((ulong)FrameType.ConnectionClose, false, false, false)]
    [InlineData((ulong)FrameType.ApplicationClose, false, false, false)]
    [InlineData((ulong)FrameType.Ping, true, true, false)]
    [InlineData((ulong)FrameType.NewConnectionId, true, true, true)]
    [InlineData((ulong)FrameType.Stream, true, true, false)]
    public void Frame_rules_for_recovery_and_migration(ulong typeValue, bool ackEliciting, bool inFlight, bool probing)
    {
        var type = (FrameType)typeValue;
        Assert.Equal(ackEliciting, FrameRules.IsAckEliciting(type));
        Assert.Equal(inFlight, FrameRules.CountsInFlight(type));
        Assert.Equal(probing, FrameRules.IsProbing(type));
    }

    [Fact]
    public void Server_only_frames()
    {
        Assert.True(FrameRules.IsServerOnly(FrameType.NewToken));
        Assert.True(FrameRules.IsServerOnly(FrameType.HandshakeDone));
        Assert.False(FrameRules.IsServerOnly(FrameType.Stream));
    }
}
