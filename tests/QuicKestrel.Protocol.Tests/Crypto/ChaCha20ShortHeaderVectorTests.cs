using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;
using static QuicKestrel.Protocol.Tests.Crypto.VectorData;

namespace QuicKestrel.Protocol.Tests.Crypto;

/// <summary>RFC 9001 A.5 and RFC 9369 A.5: the ChaCha20-Poly1305 short-header packet.</summary>
public class ChaCha20ShortHeaderVectorTests
{
    private const ulong PacketNumber = 654360564;

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Keys_derive_as_in_the_rfc(uint version)
    {
        ProtectionVector v = For(version);
        var key = new byte[32];
        var iv = new byte[12];
        var hp = new byte[32];
        var ku = new byte[32];
        PacketKeyDerivation.DeriveKeys(CipherSuite.ChaCha20Poly1305Sha256, Hex(v.ChaChaSecret), version, key, iv, hp);
        PacketKeyDerivation.DeriveNextSecret(CipherSuite.ChaCha20Poly1305Sha256, Hex(v.ChaChaSecret), version, ku);
        Assert.Equal(v.ChaChaKey, ToHex(key));
        Assert.Equal(v.ChaChaIv, ToHex(iv));
        Assert.Equal(v.ChaChaHp, ToHex(hp));
        Assert.Equal(v.ChaChaKu, ToHex(ku));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Protects_to_the_rfc_packet(uint version)
    {
        ProtectionVector v = For(version);
        var packet = new byte[21];
        Hex(v.ChaChaHeader).CopyTo(packet, 0);
        Hex(v.ChaChaPlaintext).CopyTo(packet, 4);
        using var protection = new AeadPacketProtection(CipherSuite.ChaCha20Poly1305Sha256, Hex(v.ChaChaSecret), version);

        Assert.Equal(21, protection.Seal(packet, headerLength: 4, payloadLength: 1, PacketNumber));
        Assert.Equal(v.ChaChaCiphertext, ToHex(packet.AsSpan(4)));
        protection.ApplyHeaderProtection(packet, packetNumberOffset: 1, packetNumberLength: 3);
        Assert.Equal(v.ChaChaPacket, ToHex(packet));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Unprotects_the_rfc_packet(uint version)
    {
        ProtectionVector v = For(version);
        byte[] packet = Hex(v.ChaChaPacket);
        using var protection = new AeadPacketProtection(CipherSuite.ChaCha20Poly1305Sha256, Hex(v.ChaChaSecret), version);

        Assert.True(protection.TryRemoveHeaderProtection(packet, 1, out int pnLength, out uint truncated));
        Assert.Equal(3, pnLength);
        Assert.Equal(49140u, truncated);
        Assert.Equal(v.ChaChaHeader, ToHex(packet.AsSpan(0, 4)));
        ulong pn = DecodePacketNumber(PacketNumber - 1, truncated, pnLength);
        Assert.Equal(PacketNumber, pn);
        Assert.True(protection.TryOpen(packet, 4, pn, out int payloadLength));
        Assert.Equal(1, payloadLength);
        Assert.Equal(v.ChaChaPlaintext, ToHex(packet.AsSpan(4, 1)));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Mask_is_the_chacha20_keystream_of_the_sample(uint version)
    {
        ProtectionVector v = For(version);
        HeaderProtectionKey key = HeaderProtectionKey.Create(CipherSuite.ChaCha20Poly1305Sha256, Hex(v.ChaChaHp));
        var mask = new byte[HeaderProtectionKey.MaskBufferLength];
        key.ComputeMask(Hex(v.ChaChaSample), mask);
        key.Release();
        Assert.Equal(v.ChaChaMask, ToHex(mask.AsSpan(0, 5)));
        Assert.Equal(v.ChaChaSample, ToHex(Hex(v.ChaChaPacket).AsSpan(5, 16)));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Next_generation_uses_the_ku_secret_and_keeps_the_header_key(uint version)
    {
        ProtectionVector v = For(version);
        using var current = new AeadPacketProtection(CipherSuite.ChaCha20Poly1305Sha256, Hex(v.ChaChaSecret), version);
        using PacketProtection next = current.CreateNextGeneration();
        using var fromKu = new AeadPacketProtection(CipherSuite.ChaCha20Poly1305Sha256, Hex(v.ChaChaKu), version);

        byte[] a = NewPacket(v), b = NewPacket(v);
        next.Seal(a, 4, 1, PacketNumber);
        fromKu.Seal(b, 4, 1, PacketNumber);
        Assert.Equal(ToHex(b), ToHex(a));
        Assert.NotEqual(v.ChaChaCiphertext, ToHex(a.AsSpan(4)));

        // The header-protection key is the original one, not one derived from the ku secret.
        byte[] c = (byte[])a.Clone();
        next.ApplyHeaderProtection(a, 1, 3);
        current.ApplyHeaderProtection(b, 1, 3);
        fromKu.ApplyHeaderProtection(c, 1, 3);
        Assert.Equal(ToHex(b), ToHex(a));
        Assert.NotEqual(ToHex(c), ToHex(a));
    }

    private static byte[] NewPacket(ProtectionVector v)
    {
        var packet = new byte[21];
        Hex(v.ChaChaHeader).CopyTo(packet, 0);
        Hex(v.ChaChaPlaintext).CopyTo(packet, 4);
        return packet;
    }
}
