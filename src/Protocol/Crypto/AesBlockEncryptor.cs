using System.Security.Cryptography;

namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// AES-ECB of single 16-byte blocks under one key, created once per header-protection key.
/// Uses the AES instructions when the CPU has them; otherwise one .NET <see cref="Aes"/> with
/// one ECB transform kept for the key's lifetime (never the per-call one-shot, which rebuilds
/// the native context every time). Not thread-safe: one connection drives it at a time.
/// </summary>
internal sealed class AesBlockEncryptor : IDisposable
{
    public const int BlockLength = 16;

    private AesRoundKeys _roundKeys;
    private readonly int _rounds;
    private readonly Aes? _aes;
    private readonly ICryptoTransform? _transform;
    private readonly byte[]? _input;
    private readonly byte[]? _output;

    public AesBlockEncryptor(ReadOnlySpan<byte> key, bool useAesInstructions = true)
    {
        if (key.Length is not (16 or 32))
            throw new ArgumentException("AES header protection keys are 16 or 32 bytes.", nameof(key));
        if (useAesInstructions && AesNiBlockCipher.IsSupported)
        {
            _rounds = AesNiBlockCipher.ExpandKey(key, ref _roundKeys);
            return;
        }
        _aes = Aes.Create();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _aes.Key = key.ToArray();
        _transform = _aes.CreateEncryptor();
        _input = new byte[BlockLength];
        _output = new byte[BlockLength];
    }

    /// <summary>True when the AES instructions do the work (false: the .NET transform).</summary>
    public bool UsesAesInstructions => _transform is null;

    /// <summary>Encrypts <paramref name="input"/>[..16] into <paramref name="output"/>[..16].</summary>
    public void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (_transform is null)
        {
            AesNiBlockCipher.EncryptBlock(_roundKeys, _rounds, input, output);
            return;
        }
        input[..BlockLength].CopyTo(_input);
        _transform.TransformBlock(_input!, 0, BlockLength, _output!, 0);
        _output.AsSpan().CopyTo(output);
    }

    public void Dispose()
    {
        _roundKeys = default;
        _transform?.Dispose();
        _aes?.Dispose();
    }
}
