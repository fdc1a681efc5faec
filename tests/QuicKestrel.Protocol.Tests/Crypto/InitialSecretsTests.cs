using System.Security.Cryptography;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;
using static QuicKestrel.Protocol.Tests.Crypto.VectorData;

namespace QuicKestrel.Protocol.Tests.Crypto;

/// <summary>RFC 9001 A.1 and RFC 9369 A.1: Initial secrets, keys, IVs and header-protection keys.</summary>
public class InitialSecretsTests
{
    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Initial_secret_is_extracted_with_the_version_salt(uint version)
    {
        var initial = new byte[32];
        HkdfLabel.Extract(HashAlgorithmName.SHA256, ClientDcid, InitialSecrets.Salt(version), initial);
        Assert.Equal(For(version).InitialSecret, ToHex(initial));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Client_and_server_initial_secrets(uint version)
    {
        var client = new byte[InitialSecrets.SecretLength];
        var server = new byte[InitialSecrets.SecretLength];
        InitialSecrets.Derive(version, ClientDcid, client, server);
        Assert.Equal(For(version).ClientInitialSecret, ToHex(client));
        Assert.Equal(For(version).ServerInitialSecret, ToHex(server));
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Client_key_iv_and_hp(uint version)
    {
        ProtectionVector v = For(version);
        AssertKeys(version, v.ClientInitialSecret, v.ClientKey, v.ClientIv, v.ClientHp);
    }

    [Theory]
    [InlineData(QuicVersion.V1)]
    [InlineData(QuicVersion.V2)]
    public void Server_key_iv_and_hp(uint version)
    {
        ProtectionVector v = For(version);
        AssertKeys(version, v.ServerInitialSecret, v.ServerKey, v.ServerIv, v.ServerHp);
    }

    [Fact]
    public void Labels_differ_per_version()
    {
        Assert.Equal("quic key"u8.ToArray(), PacketProtectionLabels.Key(QuicVersion.V1).ToArray());
        Assert.Equal("quic iv"u8.ToArray(), PacketProtectionLabels.Iv(QuicVersion.V1).ToArray());
        Assert.Equal("quic hp"u8.ToArray(), PacketProtectionLabels.HeaderProtection(QuicVersion.V1).ToArray());
        Assert.Equal("quic ku"u8.ToArray(), PacketProtectionLabels.KeyUpdate(QuicVersion.V1).ToArray());
        Assert.Equal("quicv2 key"u8.ToArray(), PacketProtectionLabels.Key(QuicVersion.V2).ToArray());
        Assert.Equal("quicv2 iv"u8.ToArray(), PacketProtectionLabels.Iv(QuicVersion.V2).ToArray());
        Assert.Equal("quicv2 hp"u8.ToArray(), PacketProtectionLabels.HeaderProtection(QuicVersion.V2).ToArray());
        Assert.Equal("quicv2 ku"u8.ToArray(), PacketProtectionLabels.KeyUpdate(QuicVersion.V2).ToArray());
    }

    [Fact]
    public void Unsupported_versions_have_no_salt()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InitialSecrets.Salt(0xff00001d));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AeadPacketProtection(CipherSuite.Aes128GcmSha256, new byte[32], 0x1a2a3a4a));
    }

    private static void AssertKeys(uint version, string secret, string key, string iv, string hp)
    {
        var k = new byte[16];
        var i = new byte[12];
        var h = new byte[16];
        PacketKeyDerivation.DeriveKeys(CipherSuite.Aes128GcmSha256, Hex(secret), version, k, i, h);
        Assert.Equal(key, ToHex(k));
        Assert.Equal(iv, ToHex(i));
        Assert.Equal(hp, ToHex(h));
    }
}
