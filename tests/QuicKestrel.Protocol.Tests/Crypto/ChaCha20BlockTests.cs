using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using QuicKestrel.Protocol.Crypto;
using static QuicKestrel.Protocol.Tests.Crypto.VectorData;

namespace QuicKestrel.Protocol.Tests.Crypto;

public class ChaCha20BlockTests
{
    // RFC 8439 §2.3.2: key 00..1f, nonce 000000090000004a00000000, block counter 1.
    [Fact]
    public void Rfc8439_block_function_test_vector()
    {
        byte[] key = Hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] nonce = Hex("000000090000004a00000000");
        var block = new byte[64];
        ChaCha20Block.Compute(key, 1, nonce, block);
        Assert.Equal(
            "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e" +
            "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e",
            ToHex(block));
    }

    // RFC 8439 Appendix A.1, test vector #1: all-zero key and nonce, counter 0.
    [Fact]
    public void Rfc8439_appendix_zero_key_block()
    {
        var block = new byte[64];
        ChaCha20Block.Compute(new byte[32], 0, new byte[12], block);
        Assert.Equal(
            "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7" +
            "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586",
            ToHex(block));
    }

    [Fact]
    public void Short_outputs_are_prefixes_of_the_block()
    {
        var random = new Random(11);
        byte[] key = new byte[32], nonce = new byte[12];
        random.NextBytes(key);
        random.NextBytes(nonce);
        var full = new byte[64];
        ChaCha20Block.Compute(key, 0xdeadbeef, nonce, full);
        foreach (int length in new[] { 1, 5, 16, 63 })
        {
            var part = new byte[length];
            ChaCha20Block.Compute(key, 0xdeadbeef, nonce, part);
            Assert.Equal(ToHex(full.AsSpan(0, length)), ToHex(part));
        }
    }

    // BouncyCastle's RFC 7539 engine starts at counter 0; its keystream's second block is counter 1.
    [Fact]
    public void Matches_bouncycastle_for_counters_0_and_1_with_random_keys_and_nonces()
    {
        var random = new Random(20240601);
        for (int trial = 0; trial < 64; trial++)
        {
            byte[] key = new byte[32], nonce = new byte[12];
            random.NextBytes(key);
            random.NextBytes(nonce);
            byte[] reference = BouncyCastleKeystream(key, nonce, 128);

            var block0 = new byte[64];
            var block1 = new byte[64];
            ChaCha20Block.Compute(key, 0, nonce, block0);
            ChaCha20Block.Compute(key, 1, nonce, block1);
            Assert.Equal(ToHex(reference.AsSpan(0, 64)), ToHex(block0));
            Assert.Equal(ToHex(reference.AsSpan(64, 64)), ToHex(block1));

            // Both implementations, whichever one Compute picked on this machine.
            var chachaKey = new ChaCha20Key(key);
            ChaCha20Block.ComputeScalar(chachaKey, 1, nonce, block1);
            Assert.Equal(ToHex(reference.AsSpan(64, 64)), ToHex(block1));
            ChaCha20Block.ComputeVectorized(chachaKey, 1, nonce, block1);
            Assert.Equal(ToHex(reference.AsSpan(64, 64)), ToHex(block1));
        }
    }

    [Fact]
    public void Scalar_and_vectorized_blocks_agree_on_the_rfc_vector_and_any_counter()
    {
        var key = new ChaCha20Key(Hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
        byte[] nonce = Hex("000000090000004a00000000");
        var scalar = new byte[64];
        var vectorized = new byte[64];
        ChaCha20Block.ComputeScalar(key, 1, nonce, scalar);
        ChaCha20Block.ComputeVectorized(key, 1, nonce, vectorized);
        Assert.Equal("10f1e7e4d13b5915500fdd1fa32071c4", ToHex(scalar.AsSpan(0, 16)));
        Assert.Equal(ToHex(scalar), ToHex(vectorized));
        foreach (uint counter in new[] { 0u, 2u, 0x7fffffffu, 0xfffffffeu, uint.MaxValue })
        {
            ChaCha20Block.ComputeScalar(key, counter, nonce, scalar);
            ChaCha20Block.ComputeVectorized(key, counter, nonce, vectorized);
            Assert.Equal(ToHex(scalar), ToHex(vectorized));
        }
    }

    [Fact]
    public void Rejects_wrong_key_and_nonce_sizes()
    {
        Assert.Throws<ArgumentException>(() => ChaCha20Block.Compute(new byte[31], 0, new byte[12], new byte[64]));
        Assert.Throws<ArgumentException>(() => ChaCha20Block.Compute(new byte[32], 0, new byte[8], new byte[64]));
    }

    private static byte[] BouncyCastleKeystream(byte[] key, byte[] nonce, int length)
    {
        var engine = new ChaCha7539Engine();
        engine.Init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        var output = new byte[length];
        engine.ProcessBytes(new byte[length], 0, length, output, 0);
        return output;
    }
}
