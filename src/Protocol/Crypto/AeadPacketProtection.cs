using System.Buffers.Binary;
using System.Security.Cryptography;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Crypto;

/// <summary>
/// Real packet protection for one (cipher suite, traffic secret, QUIC version): key, IV and
/// header-protection key are derived once (RFC 9001 §5.1) and the cipher objects are kept for
/// the key's lifetime. The direction is the secret's: a client's send object and the server's
/// receive object are built from the same client secret.
/// </summary>
internal sealed class AeadPacketProtection : PacketProtection
{
    private readonly CipherSuite _suite;
    private readonly uint _version;
    private readonly byte[] _secret;
    private readonly AesGcm? _aesGcm;
    private readonly ChaCha20Poly1305? _chaCha;
    private readonly HeaderProtectionKey _headerKey;
    // The IV split as the nonce uses it: the packet number is XORed into the last 8 bytes (RFC 9001 §5.3).
    private readonly uint _ivHigh;
    private readonly ulong _ivLow;
    private bool _disposed;

    /// <summary>Derives everything from <paramref name="secret"/>, whose length is the suite's hash length.</summary>
    public AeadPacketProtection(CipherSuite suite, ReadOnlySpan<byte> secret, uint version)
        : this(suite, secret, version, headerKey: null)
    {
    }

    private AeadPacketProtection(CipherSuite suite, ReadOnlySpan<byte> secret, uint version, HeaderProtectionKey? headerKey)
    {
        if (!CipherSuiteInfo.IsKnown((ushort)suite))
            throw new ArgumentOutOfRangeException(nameof(suite));
        if (!QuicVersion.IsSupported(version))
            throw new ArgumentOutOfRangeException(nameof(version), "No packet protection labels for this QUIC version.");
        if (secret.Length != CipherSuiteInfo.HashLength(suite))
            throw new ArgumentException("The traffic secret must be as long as the suite's hash.", nameof(secret));
        _suite = suite;
        _version = version;
        _secret = secret.ToArray();

        int keyLength = CipherSuiteInfo.KeyLength(suite);
        Span<byte> key = stackalloc byte[keyLength];
        Span<byte> iv = stackalloc byte[CipherSuiteInfo.IvLength];
        Span<byte> hpKey = stackalloc byte[keyLength];
        PacketKeyDerivation.DeriveKeys(suite, secret, version, key, iv, hpKey);
        _ivHigh = BinaryPrimitives.ReadUInt32BigEndian(iv);
        _ivLow = BinaryPrimitives.ReadUInt64BigEndian(iv[4..]);
        try
        {
            if (suite == CipherSuite.ChaCha20Poly1305Sha256)
                _chaCha = new ChaCha20Poly1305(key);
            else
                _aesGcm = new AesGcm(key, TagLength);
            _headerKey = headerKey ?? HeaderProtectionKey.Create(suite, hpKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(iv);
            CryptographicOperations.ZeroMemory(hpKey);
        }
    }

    public CipherSuite Suite => _suite;

    public uint Version => _version;

    public override long ConfidentialityLimit => AeadLimits.ConfidentialityLimit(_suite);

    public override long IntegrityLimit => AeadLimits.IntegrityLimit(_suite);

    public override int Seal(Span<byte> packet, int headerLength, int payloadLength, ulong packetNumber)
    {
        Span<byte> nonce = stackalloc byte[CipherSuiteInfo.IvLength];
        WriteNonce(packetNumber, nonce);
        ReadOnlySpan<byte> header = packet[..headerLength];
        Span<byte> payload = packet.Slice(headerLength, payloadLength);
        Span<byte> tag = packet.Slice(headerLength + payloadLength, TagLength);
        if (_aesGcm is not null)
            _aesGcm.Encrypt(nonce, payload, payload, tag, header);
        else
            _chaCha!.Encrypt(nonce, payload, payload, tag, header);
        return headerLength + payloadLength + TagLength;
    }

    public override bool TryOpen(Span<byte> packet, int headerLength, ulong packetNumber, out int payloadLength)
    {
        payloadLength = packet.Length - headerLength - TagLength;
        if (headerLength < 0 || payloadLength < 0)
        {
            payloadLength = 0;
            return false;
        }
        Span<byte> nonce = stackalloc byte[CipherSuiteInfo.IvLength];
        WriteNonce(packetNumber, nonce);
        ReadOnlySpan<byte> header = packet[..headerLength];
        Span<byte> payload = packet.Slice(headerLength, payloadLength);
        ReadOnlySpan<byte> tag = packet.Slice(headerLength + payloadLength, TagLength);
        try
        {
            if (_aesGcm is not null)
                _aesGcm.Decrypt(nonce, payload, tag, payload, header);
            else
                _chaCha!.Decrypt(nonce, payload, tag, payload, header);
            return true;
        }
        catch (CryptographicException)
        {
            // .NET reports a wrong tag only by throwing (AuthenticationTagMismatchException).
            payloadLength = 0;
            return false;
        }
    }

    public override void ApplyHeaderProtection(Span<byte> packet, int packetNumberOffset, int packetNumberLength)
    {
        HeaderProtection.ValidateForApply(packet.Length, packetNumberOffset, packetNumberLength);
        Span<byte> mask = stackalloc byte[HeaderProtectionKey.MaskBufferLength];
        _headerKey.ComputeMask(HeaderProtection.Sample(packet, packetNumberOffset), mask);
        HeaderProtection.Apply(packet, packetNumberOffset, packetNumberLength, mask);
    }

    public override bool TryRemoveHeaderProtection(Span<byte> packet, int packetNumberOffset,
        out int packetNumberLength, out uint truncatedPacketNumber)
    {
        if (!HeaderProtection.HasSample(packet.Length, packetNumberOffset))
        {
            packetNumberLength = 0;
            truncatedPacketNumber = 0;
            return false;
        }
        Span<byte> mask = stackalloc byte[HeaderProtectionKey.MaskBufferLength];
        _headerKey.ComputeMask(HeaderProtection.Sample(packet, packetNumberOffset), mask);
        HeaderProtection.Remove(packet, packetNumberOffset, mask, out packetNumberLength, out truncatedPacketNumber);
        return true;
    }

    public override PacketProtection CreateNextGeneration()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> next = stackalloc byte[_secret.Length];
        PacketKeyDerivation.DeriveNextSecret(_suite, _secret, _version, next);
        _headerKey.AddReference();
        try
        {
            return new AeadPacketProtection(_suite, next, _version, _headerKey);
        }
        catch
        {
            _headerKey.Release();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(next);
        }
    }

    public override void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        CryptographicOperations.ZeroMemory(_secret);
        _aesGcm?.Dispose();
        _chaCha?.Dispose();
        _headerKey.Release();
    }

    private void WriteNonce(ulong packetNumber, Span<byte> nonce)
    {
        BinaryPrimitives.WriteUInt32BigEndian(nonce, _ivHigh);
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], _ivLow ^ packetNumber);
    }
}
