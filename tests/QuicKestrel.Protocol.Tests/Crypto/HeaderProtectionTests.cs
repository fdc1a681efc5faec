using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Crypto;

/// <summary>RFC 9001 §5.4: sampling, the bits each header form protects, and packets too short to sample.</summary>
public class HeaderProtectionTests
{
    public static TheoryData<ushort> AllSuites() => new(TestPackets.Suites.Select(s => (ushort)s));

    [Theory]
    [MemberData(nameof(AllSuites))]
    public void Packets_too_short_to_sample_are_refused_and_left_untouched(ushort suiteCode)
    {
        var suite = (CipherSuite)suiteCode;
        foreach (PacketProtection protection in new PacketProtection[] { TestPackets.Pair(suite, QuicVersion.V1, 1).Receiver, new NullPacketProtection() })
        {
            const int pnOffset = 9;
            var random = new Random(2);
            for (int length = 0; length < pnOffset + 20; length++)
            {
                var packet = new byte[length];
                random.NextBytes(packet);
                byte[] before = (byte[])packet.Clone();
                Assert.False(protection.TryRemoveHeaderProtection(packet, pnOffset, out int pnLength, out uint truncated));
                Assert.Equal(0, pnLength);
                Assert.Equal(0u, truncated);
                Assert.Equal(before, packet);
            }
            var enough = new byte[pnOffset + 20];
            Assert.True(protection.TryRemoveHeaderProtection(enough, pnOffset, out _, out _));
            Assert.False(protection.TryRemoveHeaderProtection(new byte[100], 0, out _, out _));
            Assert.False(protection.TryRemoveHeaderProtection(new byte[100], -3, out _, out _));
            Assert.False(protection.TryRemoveHeaderProtection(new byte[100], 81, out _, out _));
            protection.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(AllSuites))]
    public void Applying_to_a_packet_too_short_to_sample_is_a_caller_error(ushort suiteCode)
    {
        var suite = (CipherSuite)suiteCode;
        using AeadPacketProtection sender = TestPackets.Pair(suite, QuicVersion.V1, 1).Sender;
        Assert.Throws<ArgumentException>(() => sender.ApplyHeaderProtection(new byte[28], 9, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sender.ApplyHeaderProtection(new byte[100], 9, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sender.ApplyHeaderProtection(new byte[100], 9, 5));
        sender.ApplyHeaderProtection(new byte[29], 9, 1);
    }

    [Fact]
    public void Minimum_payload_leaves_exactly_room_for_the_sample()
    {
        for (int pnLength = 1; pnLength <= 4; pnLength++)
        {
            int payload = PacketProtection.MinimumPayloadLength(pnLength);
            Assert.Equal(PacketProtection.SampleOffset + PacketProtection.SampleLength, pnLength + payload + PacketProtection.TagLength);
        }
        Assert.Equal(3, PacketProtection.MinimumPayloadLength(1));
        Assert.Equal(0, PacketProtection.MinimumPayloadLength(4));
    }

    [Theory]
    [MemberData(nameof(AllSuites))]
    public void Short_headers_mask_five_bits_and_long_headers_four(ushort suiteCode)
    {
        var suite = (CipherSuite)suiteCode;
        var (sender, receiver) = TestPackets.Pair(suite, QuicVersion.V2, 3);
        using (sender)
        using (receiver)
        {
            for (int seed = 0; seed < 40; seed++)
            {
                bool isLong = seed % 2 == 0;
                byte[] packet = isLong
                    ? TestPackets.LongHeader(20, 5, 4, seed, out int pnOffset)
                    : TestPackets.ShortHeader(20, 5, 4, keyPhase: seed % 4 == 1, seed, out pnOffset);
                byte[] plain = (byte[])packet.Clone();
                int length = sender.Seal(packet, pnOffset + 4, 20, 5);
                byte[] sealedPacket = (byte[])packet.Clone();
                sender.ApplyHeaderProtection(packet.AsSpan(0, length), pnOffset, 4);

                byte[] mask = MaskFor(suite, secretSeed: 3, packet.AsSpan(pnOffset + 4, 16));
                byte firstByteBits = isLong ? (byte)0x0f : (byte)0x1f;
                Assert.Equal((byte)(plain[0] ^ (mask[0] & firstByteBits)), packet[0]);
                for (int i = 0; i < 4; i++)
                    Assert.Equal((byte)(plain[pnOffset + i] ^ mask[1 + i]), packet[pnOffset + i]);
                // Nothing else in the header or the payload moves.
                Assert.Equal(sealedPacket.AsSpan(1, pnOffset - 1).ToArray(), packet.AsSpan(1, pnOffset - 1).ToArray());
                Assert.Equal(sealedPacket.AsSpan(pnOffset + 4).ToArray(), packet.AsSpan(pnOffset + 4).ToArray());

                Assert.True(receiver.TryRemoveHeaderProtection(packet.AsSpan(0, length), pnOffset, out int pnLength, out uint truncated));
                Assert.Equal(4, pnLength);
                Assert.Equal(5u, truncated);
                Assert.Equal(plain[0], packet[0]);
            }
        }
    }

    // The mask of the pair's header key (TestPackets.Pair derives it from a secret seeded with secretSeed).
    private static byte[] MaskFor(CipherSuite suite, int secretSeed, ReadOnlySpan<byte> sample)
    {
        var secret = new byte[CipherSuiteInfo.HashLength(suite)];
        new Random(secretSeed).NextBytes(secret);
        int keyLength = CipherSuiteInfo.KeyLength(suite);
        byte[] key = new byte[keyLength], iv = new byte[12], hp = new byte[keyLength];
        PacketKeyDerivation.DeriveKeys(suite, secret, QuicVersion.V2, key, iv, hp);
        HeaderProtectionKey headerKey = HeaderProtectionKey.Create(suite, hp);
        var mask = new byte[HeaderProtectionKey.MaskBufferLength];
        headerKey.ComputeMask(sample, mask);
        headerKey.Release();
        return mask;
    }
}
