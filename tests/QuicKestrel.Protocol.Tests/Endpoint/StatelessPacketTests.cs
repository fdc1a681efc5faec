using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Endpoint;

public class StatelessPacketTests
{
    private static readonly byte[] ClientDcid = EndpointTestKit.Bytes(8, 11);
    private static readonly byte[] ClientScid = EndpointTestKit.Bytes(5, 60);
    private static readonly byte[] RetryScid = EndpointTestKit.Bytes(8, 120);

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void RetryParsesAndVerifiesInTheClientsVersion(uint version)
    {
        var packet = new byte[200];
        byte[] token = EndpointTestKit.Bytes(40, 7);
        Assert.True(RetryPacketWriter.TryWrite(packet, version, ClientScid, RetryScid, ClientDcid, token,
            new SeededRandomSource(1), out int length));
        ReadOnlySpan<byte> retry = packet.AsSpan(0, length);
        Assert.True(PacketHeader.TryParse(retry, 0, out PacketHeader header));
        Assert.Equal(PacketType.Retry, header.Type);
        Assert.Equal(version, header.Version);
        Assert.Equal(ClientScid, header.DestinationConnectionId.ToArray());
        Assert.Equal(RetryScid, header.SourceConnectionId.ToArray());
        Assert.Equal(token, header.Token.ToArray());
        Assert.True(RetryIntegrity.Verify(version, ClientDcid, retry));
        Assert.False(RetryIntegrity.Verify(version, RetryScid, retry));
        Assert.False(RetryIntegrity.Verify(version == QuicVersion.V1 ? QuicVersion.V2 : QuicVersion.V1, ClientDcid, retry));
        Assert.False(RetryPacketWriter.TryWrite(new byte[40], version, ClientScid, RetryScid, ClientDcid, token,
            new SeededRandomSource(1), out _));
    }

    [Fact]
    public void VersionNegotiationSwapsIdsAndListsOurVersionsPlusGrease()
    {
        var packet = new byte[StatelessTransmitQueue.SlotSize];
        var greases = new HashSet<uint>();
        var random = new SeededRandomSource(2);
        for (int i = 0; i < 20; i++)
        {
            Assert.True(VersionNegotiationWriter.TryWrite(packet, ClientDcid, ClientScid, [QuicVersion.V1, QuicVersion.V2],
                random, out int length));
            Assert.True(PacketHeader.TryParse(packet.AsSpan(0, length), 0, out PacketHeader header));
            Assert.Equal(PacketType.VersionNegotiation, header.Type);
            Assert.Equal(ClientScid, header.DestinationConnectionId.ToArray());
            Assert.Equal(ClientDcid, header.SourceConnectionId.ToArray());
            Assert.Equal(0xC0, packet[0] & 0xC0);
            Assert.Equal(3, header.SupportedVersions.Count);
            Assert.Equal(QuicVersion.V1, header.SupportedVersions[0]);
            Assert.Equal(QuicVersion.V2, header.SupportedVersions[1]);
            Assert.True(QuicVersion.IsReserved(header.SupportedVersions[2]));
            greases.Add(header.SupportedVersions[2]);
        }
        Assert.True(greases.Count > 10, "the reserved version is drawn afresh");
    }

    [Fact]
    public void VersionNegotiationEchoesLongInvariantConnectionIds()
    {
        byte[] longDcid = EndpointTestKit.Bytes(255, 1);
        byte[] longScid = EndpointTestKit.Bytes(255, 2);
        var packet = new byte[StatelessTransmitQueue.SlotSize];
        Assert.True(VersionNegotiationWriter.TryWrite(packet, longDcid, longScid, [QuicVersion.V1, QuicVersion.V2],
            new SeededRandomSource(3), out int length));
        Assert.True(length <= StatelessTransmitQueue.SlotSize);
        Assert.True(PacketHeader.TryParse(packet.AsSpan(0, length), 0, out PacketHeader header));
        Assert.Equal(longScid, header.DestinationConnectionId.ToArray());
    }

    [Theory]
    [InlineData(QuicVersion.V1, 0x0b)]
    [InlineData(QuicVersion.V2, 0x02)]
    public void InitialCloseOpensWithTheClientsInitialKeys(uint version, ulong errorCode)
    {
        var error = (TransportErrorCode)errorCode;
        var packet = new byte[StatelessTransmitQueue.SlotSize];
        byte[] serverScid = EndpointTestKit.Bytes(8, 200);
        Assert.True(InitialCloseWriter.TryWrite(packet, PacketProtectionProvider.Aead, version, ClientDcid, ClientScid,
            serverScid, error, out int length));
        Assert.True(length < 100);
        Span<byte> datagram = packet.AsSpan(0, length);
        Assert.True(PacketHeader.TryParse(datagram, 0, out PacketHeader header));
        Assert.Equal(PacketType.Initial, header.Type);
        Assert.Equal(version, header.Version);
        Assert.Equal(ClientScid, header.DestinationConnectionId.ToArray());
        Assert.Equal(serverScid, header.SourceConnectionId.ToArray());
        Assert.Equal(length, header.PacketLength);
        int pnOffset = header.PacketNumberOffset;

        // The client derives the same Initial keys from its Destination Connection ID and opens the packet.
        PacketProtectionProvider.Aead.CreateInitial(version, ClientDcid, isServer: false, out PacketProtection send, out PacketProtection receive);
        using (send)
        using (receive)
        {
            Assert.True(receive.TryRemoveHeaderProtection(datagram, pnOffset, out int pnLength, out uint pn));
            Assert.Equal(0u, pn);
            Assert.True(receive.TryOpen(datagram, pnOffset + pnLength, pn, out int payloadLength));
            var reader = new FrameReader(datagram.Slice(pnOffset + pnLength, payloadLength), PacketType.Initial);
            Assert.True(reader.TryReadFrame(out Frame frame, out QuicError frameError), frameError.ToString());
            Assert.Equal(FrameType.ConnectionClose, frame.Type);
            Assert.Equal((ulong)error, frame.ConnectionClose.ErrorCode);
        }
    }
}
