using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tests.Tls;

public class Ed25519VerifyTests
{
    // RFC 8032 §7.1, TEST 1 (empty message).
    private static readonly byte[] PublicKey = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static readonly byte[] Signature = Convert.FromHexString(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    [Fact]
    public void VerifiesRfc8032Vector() => Assert.True(BouncyCastleCrypto.Ed25519Verify(PublicKey, [], Signature));

    [Fact]
    public void RejectsAlteredSignatureMessageOrKey()
    {
        var bad = (byte[])Signature.Clone();
        bad[5] ^= 1;
        Assert.False(BouncyCastleCrypto.Ed25519Verify(PublicKey, [], bad));
        Assert.False(BouncyCastleCrypto.Ed25519Verify(PublicKey, [1], Signature));
        Assert.False(BouncyCastleCrypto.Ed25519Verify(PublicKey[..31], [], Signature));
        Assert.False(BouncyCastleCrypto.Ed25519Verify(new byte[32], [], Signature));
    }
}
