using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Benchmarks.Crypto;

/// <summary>
/// Ways to compute one header-protection mask (one 16-byte AES-ECB block, or one ChaCha20
/// block): .NET's one-shot <c>Aes.EncryptEcb</c> (a native context per call), a reused ECB
/// <see cref="ICryptoTransform"/>, the AES instructions with a precomputed key schedule (what
/// <see cref="AesHeaderProtectionKey"/> uses), and the ChaCha20 block function.
/// </summary>
[MemoryDiagnoser]
public class HeaderProtectionBenchmarks
{
    private readonly byte[] _sample = new byte[16];
    private readonly byte[] _output = new byte[16];
    private Aes _aes = null!;
    private ICryptoTransform _transform = null!;
    private AesBlockEncryptor _aesInstructions = null!;
    private AesBlockEncryptor _portable = null!;
    private HeaderProtectionKey _chacha = null!;
    private ChaCha20Key _chachaKey;

    [GlobalSetup]
    public void Setup()
    {
        var key = new byte[16];
        new Random(3).NextBytes(key);
        new Random(4).NextBytes(_sample);
        _aes = Aes.Create();
        _aes.Key = key;
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _transform = _aes.CreateEncryptor();
        _aesInstructions = new AesBlockEncryptor(key);
        _portable = new AesBlockEncryptor(key, useAesInstructions: false);
        var chachaKey = new byte[32];
        new Random(5).NextBytes(chachaKey);
        _chacha = HeaderProtectionKey.Create(CipherSuite.ChaCha20Poly1305Sha256, chachaKey);
        _chachaKey = new ChaCha20Key(chachaKey);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _transform.Dispose();
        _aes.Dispose();
        _aesInstructions.Dispose();
        _portable.Dispose();
        _chacha.Release();
    }

    [Benchmark(Baseline = true)]
    public byte AesEncryptEcbOneShot()
    {
        Span<byte> mask = stackalloc byte[16];
        _aes.EncryptEcb(_sample, mask, PaddingMode.None);
        return mask[0];
    }

    [Benchmark]
    public byte AesReusedTransform()
    {
        _transform.TransformBlock(_sample, 0, 16, _output, 0);
        return _output[0];
    }

    [Benchmark]
    public byte AesBlockEncryptorPortable()
    {
        Span<byte> mask = stackalloc byte[16];
        _portable.EncryptBlock(_sample, mask);
        return mask[0];
    }

    [Benchmark]
    public byte AesInstructions()
    {
        Span<byte> mask = stackalloc byte[16];
        _aesInstructions.EncryptBlock(_sample, mask);
        return mask[0];
    }

    [Benchmark]
    public byte ChaCha20Mask()
    {
        Span<byte> mask = stackalloc byte[HeaderProtectionKey.MaskBufferLength];
        _chacha.ComputeMask(_sample, mask);
        return mask[0];
    }

    [Benchmark]
    public byte ChaCha20BlockScalar()
    {
        Span<byte> block = stackalloc byte[ChaCha20Block.BlockLength];
        ChaCha20Block.ComputeScalar(_chachaKey, 7, _sample.AsSpan(4, 12), block);
        return block[0];
    }

    [Benchmark]
    public byte ChaCha20BlockVectorized()
    {
        Span<byte> block = stackalloc byte[ChaCha20Block.BlockLength];
        ChaCha20Block.ComputeVectorized(_chachaKey, 7, _sample.AsSpan(4, 12), block);
        return block[0];
    }
}
