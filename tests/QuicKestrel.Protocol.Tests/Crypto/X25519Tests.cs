using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tests.Crypto;

public class X25519Tests
{
    // RFC 7748 §6.1 Diffie-Hellman test vector.
    private static readonly byte[] AlicePrivate = Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static readonly byte[] BobPrivate = Convert.FromHexString("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    private const string AlicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private const string BobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private const string Shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

    [Fact]
    public void Rfc7748_public_keys_and_shared_secret()
    {
        var pub = new byte[32];
        BouncyCastleCrypto.X25519PublicKey(AlicePrivate, pub);
        Assert.Equal(AlicePublic, Convert.ToHexStringLower(pub));
        BouncyCastleCrypto.X25519PublicKey(BobPrivate, pub);
        Assert.Equal(BobPublic, Convert.ToHexStringLower(pub));

        var shared = new byte[32];
        Assert.True(BouncyCastleCrypto.X25519Agree(AlicePrivate, Convert.FromHexString(BobPublic), shared));
        Assert.Equal(Shared, Convert.ToHexStringLower(shared));
        Assert.True(BouncyCastleCrypto.X25519Agree(BobPrivate, Convert.FromHexString(AlicePublic), shared));
        Assert.Equal(Shared, Convert.ToHexStringLower(shared));
    }

    [Fact]
    public void Generated_pairs_agree_and_low_order_points_are_refused()
    {
        Span<byte> aPriv = stackalloc byte[32], aPub = stackalloc byte[32], bPriv = stackalloc byte[32], bPub = stackalloc byte[32];
        BouncyCastleCrypto.X25519GenerateKeyPair(aPriv, aPub);
        BouncyCastleCrypto.X25519GenerateKeyPair(bPriv, bPub);
        Span<byte> s1 = stackalloc byte[32], s2 = stackalloc byte[32];
        Assert.True(BouncyCastleCrypto.X25519Agree(aPriv, bPub, s1));
        Assert.True(BouncyCastleCrypto.X25519Agree(bPriv, aPub, s2));
        Assert.True(s1.SequenceEqual(s2));

        // The all-zero point has order 1: the shared secret is zero and must be refused.
        Assert.False(BouncyCastleCrypto.X25519Agree(aPriv, new byte[32], s1));
        Assert.False(BouncyCastleCrypto.X25519Agree(aPriv, new byte[31], s1));
    }
}
