using System.Security.Cryptography;
using QuicKestrel.Protocol.Crypto;
using static QuicKestrel.Protocol.Tests.Crypto.VectorData;

namespace QuicKestrel.Protocol.Tests.Crypto;

public class AesBlockEncryptorTests
{
    // FIPS 197 Appendix C.1 (AES-128) and C.3 (AES-256).
    [Theory]
    [InlineData(true, "000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a")]
    [InlineData(true, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "8ea2b7ca516745bfeafc49904b496089")]
    [InlineData(false, "000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a")]
    [InlineData(false, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "8ea2b7ca516745bfeafc49904b496089")]
    public void Fips197_vectors(bool useAesInstructions, string key, string expected)
    {
        using var aes = new AesBlockEncryptor(Hex(key), useAesInstructions);
        var output = new byte[16];
        aes.EncryptBlock(Hex("00112233445566778899aabbccddeeff"), output);
        Assert.Equal(expected, ToHex(output));
    }

    [Theory]
    [InlineData(true, 16)]
    [InlineData(true, 32)]
    [InlineData(false, 16)]
    [InlineData(false, 32)]
    public void Matches_dotnet_aes_ecb_for_random_keys_and_blocks(bool useAesInstructions, int keyLength)
    {
        var random = new Random(keyLength * 31 + (useAesInstructions ? 1 : 0));
        for (int trial = 0; trial < 50; trial++)
        {
            var key = new byte[keyLength];
            random.NextBytes(key);
            using var reference = Aes.Create();
            reference.Key = key;
            using var aes = new AesBlockEncryptor(key, useAesInstructions);
            for (int block = 0; block < 4; block++)
            {
                var input = new byte[16];
                random.NextBytes(input);
                var output = new byte[16];
                aes.EncryptBlock(input, output);
                Assert.Equal(ToHex(reference.EncryptEcb(input, PaddingMode.None)), ToHex(output));
            }
        }
    }

    [Fact]
    public void Uses_the_aes_instructions_when_the_cpu_has_them()
    {
        using var fast = new AesBlockEncryptor(new byte[16]);
        using var portable = new AesBlockEncryptor(new byte[16], useAesInstructions: false);
        Assert.Equal(System.Runtime.Intrinsics.X86.Aes.IsSupported, fast.UsesAesInstructions);
        Assert.False(portable.UsesAesInstructions);
    }

    [Fact]
    public void Rejects_other_key_sizes()
    {
        Assert.Throws<ArgumentException>(() => new AesBlockEncryptor(new byte[24]));
        Assert.Throws<ArgumentException>(() => new AesBlockEncryptor(new byte[15]));
    }
}
