using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;
using static QuicKestrel.Protocol.Tests.Crypto.VectorData;

namespace QuicKestrel.Protocol.Tests.Crypto;

/// <summary>RFC 9001 A.2/A.3 and RFC 9369 A.2/A.3: the sample Initial packets, protected and unprotected byte for byte.</summary>
public class InitialPacketVectorTests
{
    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Client_initial_protects_to_the_rfc_packet(uint version)
    {
        ProtectionVector v = For(version);
        byte[] packet = UnprotectedClientInitial(v);
        Assert.Equal(1200, packet.Length);
        PacketProtectionProvider.Aead.CreateInitial(version, ClientDcid, isServer: false, out var send, out var receive);
        using (send)
        using (receive)
        {
            int length = send.Protect(packet, InitialPacketNumberOffset, packetNumberLength: 4, payloadLength: 1162, packetNumber: 2);
            Assert.Equal(1200, length);
        }
        Assert.Equal(v.ClientProtected, ToHex(packet));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Server_unprotects_the_rfc_client_initial(uint version)
    {
        ProtectionVector v = For(version);
        byte[] packet = Hex(v.ClientProtected);
        PacketProtectionProvider.Aead.CreateInitial(version, ClientDcid, isServer: true, out var send, out var receive);
        using (send)
        using (receive)
        {
            Assert.True(receive.TryRemoveHeaderProtection(packet, InitialPacketNumberOffset, out int pnLength, out uint truncated));
            Assert.Equal(4, pnLength);
            Assert.Equal(2u, truncated);
            Assert.True(receive.TryOpen(packet, InitialPacketNumberOffset + pnLength, 2, out int payloadLength));
            Assert.Equal(1162, payloadLength);
        }
        Assert.Equal(ToHex(UnprotectedClientInitial(v).AsSpan(0, 22 + 1162)), ToHex(packet.AsSpan(0, 22 + 1162)));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Server_initial_protects_to_the_rfc_packet(uint version)
    {
        ProtectionVector v = For(version);
        byte[] packet = UnprotectedServerInitial(v);
        int payloadLength = Hex(v.ServerPayload).Length;
        PacketProtectionProvider.Aead.CreateInitial(version, ClientDcid, isServer: true, out var send, out var receive);
        using (send)
        using (receive)
        {
            int length = send.Protect(packet, InitialPacketNumberOffset, packetNumberLength: 2, payloadLength, packetNumber: 1);
            Assert.Equal(packet.Length, length);
        }
        Assert.Equal(v.ServerProtected, ToHex(packet));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Client_unprotects_the_rfc_server_initial(uint version)
    {
        ProtectionVector v = For(version);
        byte[] packet = Hex(v.ServerProtected);
        byte[] expected = UnprotectedServerInitial(v);
        PacketProtectionProvider.Aead.CreateInitial(version, ClientDcid, isServer: false, out var send, out var receive);
        using (send)
        using (receive)
        {
            Assert.True(receive.TryRemoveHeaderProtection(packet, InitialPacketNumberOffset, out int pnLength, out uint truncated));
            Assert.Equal(2, pnLength);
            Assert.Equal(1u, truncated);
            Assert.True(receive.TryOpen(packet, InitialPacketNumberOffset + pnLength, 1, out int payloadLength));
            Assert.Equal(Hex(v.ServerPayload).Length, payloadLength);
        }
        Assert.Equal(ToHex(expected.AsSpan(0, expected.Length - 16)), ToHex(packet.AsSpan(0, packet.Length - 16)));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Header_protection_masks_match_the_rfc(uint version)
    {
        ProtectionVector v = For(version);
        AssertMask(v.ClientHp, v.ClientSample, v.ClientMask);
        AssertMask(v.ServerHp, v.ServerSample, v.ServerMask);
        // The samples are the protected bytes 4 after the packet number offset.
        Assert.Equal(v.ClientSample, ToHex(Hex(v.ClientProtected).AsSpan(InitialPacketNumberOffset + 4, 16)));
        Assert.Equal(v.ServerSample, ToHex(Hex(v.ServerProtected).AsSpan(InitialPacketNumberOffset + 4, 16)));
    }

    private static void AssertMask(string hp, string sample, string mask)
    {
        foreach (bool useAesInstructions in new[] { true, false })
        {
            var key = new AesHeaderProtectionKey(Hex(hp), useAesInstructions);
            var output = new byte[HeaderProtectionKey.MaskBufferLength];
            key.ComputeMask(Hex(sample), output);
            Assert.Equal(mask, ToHex(output.AsSpan(0, HeaderProtectionKey.MaskLength)));
            key.Release();
        }
    }
}
