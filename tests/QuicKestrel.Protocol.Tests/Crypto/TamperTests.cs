using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;
using static QuicKestrel.Protocol.Tests.Crypto.VectorData;

namespace QuicKestrel.Protocol.Tests.Crypto;

/// <summary>Any change to a protected packet makes it fail to open, without an exception.</summary>
public class TamperTests
{
    public static TheoryData<ushort, uint> SuitesAndVersions()
    {
        var data = new TheoryData<ushort, uint>();
        foreach (CipherSuite suite in TestPackets.Suites)
            foreach (uint version in TestPackets.Versions)
                data.Add((ushort)suite, version);
        return data;
    }

    [Theory]
    [MemberData(nameof(SuitesAndVersions))]
    public void Flipping_any_bit_of_a_short_header_packet_fails_to_open(ushort suiteCode, uint version)
    {
        var suite = (CipherSuite)suiteCode;
        var (sender, receiver) = TestPackets.Pair(suite, version, seed: 5);
        using (sender)
        using (receiver)
        {
            const ulong pn = 0x1234;
            byte[] packet = TestPackets.ShortHeader(48, pn, pnLength: 2, keyPhase: false, seed: 9, out int pnOffset);
            int length = sender.Protect(packet, pnOffset, 2, 48, pn);
            AssertEveryAlterationFails(receiver, packet.AsSpan(0, length).ToArray(), pnOffset, pn);
        }
    }

    [Theory]
    [MemberData(nameof(SuitesAndVersions))]
    public void Flipping_any_bit_of_a_long_header_packet_fails_to_open(ushort suiteCode, uint version)
    {
        var suite = (CipherSuite)suiteCode;
        var (sender, receiver) = TestPackets.Pair(suite, version, seed: 6);
        using (sender)
        using (receiver)
        {
            const ulong pn = 77;
            byte[] packet = TestPackets.LongHeader(40, pn, pnLength: 1, seed: 10, out int pnOffset);
            int length = sender.Protect(packet, pnOffset, 1, 40, pn);
            AssertEveryAlterationFails(receiver, packet.AsSpan(0, length).ToArray(), pnOffset, pn);
        }
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Every_altered_byte_of_the_rfc_client_initial_fails_to_open(uint version)
    {
        PacketProtectionProvider.Aead.CreateInitial(version, ClientDcid, isServer: true, out var send, out var receive);
        using (send)
        using (receive)
            AssertEveryAlterationFails(receive, Hex(For(version).ClientProtected), InitialPacketNumberOffset, 2, bits: [0x01]);
    }

    [Fact]
    public void Truncated_packets_fail_to_open_without_throwing()
    {
        var (sender, receiver) = TestPackets.Pair(CipherSuite.Aes128GcmSha256, QuicVersion.V1, seed: 8);
        using (sender)
        using (receiver)
        {
            byte[] packet = TestPackets.ShortHeader(30, 3, 1, false, 4, out int pnOffset);
            int length = sender.Seal(packet, pnOffset + 1, 30, 3);
            for (int cut = 0; cut < length; cut++)
            {
                byte[] copy = packet.AsSpan(0, cut).ToArray();
                Assert.False(receiver.TryOpen(copy, pnOffset + 1, 3, out int payloadLength));
                Assert.Equal(0, payloadLength);
            }
            // A failed open leaves the payload unspecified, so each attempt gets its own copy.
            Assert.False(receiver.TryOpen(packet.AsSpan(0, length).ToArray(), pnOffset + 1, 4, out _)); // wrong packet number
            Assert.False(receiver.TryOpen(packet.AsSpan(0, length).ToArray(), pnOffset, 3, out _)); // wrong header length
            Assert.False(receiver.TryOpen(packet.AsSpan(0, length).ToArray(), -1, 3, out _));
            Assert.True(receiver.TryOpen(packet.AsSpan(0, length), pnOffset + 1, 3, out int opened));
            Assert.Equal(30, opened);
        }
    }

    private static void AssertEveryAlterationFails(PacketProtection receiver, byte[] protectedPacket, int pnOffset, ulong pn,
        byte[]? bits = null)
    {
        byte[] intact = (byte[])protectedPacket.Clone();
        Assert.True(TestPackets.TryUnprotect(receiver, intact, pnOffset, pn - 1, out ulong decoded, out _));
        Assert.Equal(pn, decoded);

        foreach (byte bit in bits ?? [0x01, 0x80])
        {
            for (int i = 0; i < protectedPacket.Length; i++)
            {
                byte[] copy = (byte[])protectedPacket.Clone();
                copy[i] ^= bit;
                Assert.False(TestPackets.TryUnprotect(receiver, copy, pnOffset, pn - 1, out _, out _), $"byte {i} bit {bit:x2}");
            }
        }
    }
}
