using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Crypto;

public class NullPacketProtectionTests
{
    [Fact]
    public void Seal_keeps_the_payload_readable_and_appends_a_zero_tag()
    {
        using PacketProtection protection = PacketProtectionProvider.Null.Create(CipherSuite.ChaCha20Poly1305Sha256, new byte[32], QuicVersion.V1);
        byte[] packet = TestPackets.ShortHeader(30, 0x0102, 2, false, 1, out int pnOffset);
        packet.AsSpan(packet.Length - 16).Fill(0xee);
        byte[] plain = (byte[])packet.Clone();

        int length = protection.Protect(packet, pnOffset, 2, 30, 0x0102);
        Assert.Equal(packet.Length, length);
        Assert.Equal(plain.AsSpan(0, length - 16).ToArray(), packet.AsSpan(0, length - 16).ToArray());
        Assert.All(packet.AsSpan(length - 16).ToArray(), b => Assert.Equal(0, b));

        Assert.True(protection.TryRemoveHeaderProtection(packet, pnOffset, out int pnLength, out uint truncated));
        Assert.Equal(2, pnLength);
        Assert.Equal(0x0102u, truncated);
        Assert.True(protection.TryOpen(packet, pnOffset + 2, 0x0102, out int payloadLength));
        Assert.Equal(30, payloadLength);
    }

    [Fact]
    public void A_nonzero_tag_or_a_short_packet_fails_to_open()
    {
        var protection = new NullPacketProtection();
        byte[] packet = new byte[40];
        Assert.True(protection.TryOpen(packet, 10, 0, out _));
        packet[^1] = 1;
        Assert.False(protection.TryOpen(packet, 10, 0, out int payloadLength));
        Assert.Equal(0, payloadLength);
        Assert.False(protection.TryOpen(new byte[15], 0, 0, out _));
        Assert.False(protection.TryOpen(new byte[20], 5, 0, out _));
    }

    [Fact]
    public void Provider_makes_null_initial_and_next_generations_with_real_sizes()
    {
        PacketProtectionProvider.Null.CreateInitial(QuicVersion.V2, new byte[8], isServer: true, out var send, out var receive);
        Assert.IsType<NullPacketProtection>(send);
        Assert.IsType<NullPacketProtection>(receive);
        Assert.IsType<NullPacketProtection>(send.CreateNextGeneration());
        Assert.Equal(long.MaxValue, send.ConfidentialityLimit);
        Assert.Equal(long.MaxValue, send.IntegrityLimit);
        Assert.True(PacketProtectionProvider.Null.IsSupported(CipherSuite.Aes256GcmSha384));
        Assert.False(PacketProtectionProvider.Null.IsSupported((CipherSuite)0x1304));
    }

    [Fact]
    public void Aead_provider_makes_real_protection_with_the_suite_limits()
    {
        foreach (CipherSuite suite in TestPackets.Suites)
        {
            Assert.True(PacketProtectionProvider.Aead.IsSupported(suite));
            using PacketProtection protection = PacketProtectionProvider.Aead.Create(suite, new byte[CipherSuiteInfo.HashLength(suite)], QuicVersion.V1);
            Assert.IsType<AeadPacketProtection>(protection);
            Assert.Equal(AeadLimits.ConfidentialityLimit(suite), protection.ConfidentialityLimit);
            Assert.Equal(AeadLimits.IntegrityLimit(suite), protection.IntegrityLimit);
        }
        Assert.False(PacketProtectionProvider.Aead.IsSupported((CipherSuite)0x1304));
    }

    [Fact]
    public void Aead_limits_are_those_of_rfc9001_section_6_6()
    {
        Assert.Equal(8_388_608L, AeadLimits.ConfidentialityLimit(CipherSuite.Aes128GcmSha256));
        Assert.Equal(8_388_608L, AeadLimits.ConfidentialityLimit(CipherSuite.Aes256GcmSha384));
        Assert.Equal(4_503_599_627_370_496L, AeadLimits.IntegrityLimit(CipherSuite.Aes128GcmSha256));
        Assert.Equal(4_503_599_627_370_496L, AeadLimits.IntegrityLimit(CipherSuite.Aes256GcmSha384));
        Assert.Equal(68_719_476_736L, AeadLimits.IntegrityLimit(CipherSuite.ChaCha20Poly1305Sha256));
        Assert.True(AeadLimits.ConfidentialityLimit(CipherSuite.ChaCha20Poly1305Sha256) > 1L << 62);
    }
}
