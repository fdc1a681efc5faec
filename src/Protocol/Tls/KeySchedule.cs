using System.Security.Cryptography;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// The TLS 1.3 key schedule (RFC 8446 §7.1) for one handshake: Early Secret, Handshake Secret
/// and Master Secret, and the secrets derived from them with a transcript hash.
/// </summary>
internal sealed class KeySchedule
{
    private readonly byte[] _early = new byte[CipherSuiteInfo.MaxHashLength];
    private readonly byte[] _handshake = new byte[CipherSuiteInfo.MaxHashLength];
    private readonly byte[] _master = new byte[CipherSuiteInfo.MaxHashLength];

    public KeySchedule(CipherSuite suite)
    {
        Suite = suite;
        Hash = CipherSuiteInfo.Hash(suite);
        HashLength = CipherSuiteInfo.HashLength(suite);
    }

    public CipherSuite Suite { get; }

    public HashAlgorithmName Hash { get; }

    public int HashLength { get; }

    public ReadOnlySpan<byte> EarlySecret => _early.AsSpan(0, HashLength);

    public ReadOnlySpan<byte> HandshakeSecret => _handshake.AsSpan(0, HashLength);

    public ReadOnlySpan<byte> MasterSecret => _master.AsSpan(0, HashLength);

    /// <summary>Early Secret = HKDF-Extract(0, PSK), with a zero PSK when none is used.</summary>
    public void SetEarlySecret(ReadOnlySpan<byte> psk)
    {
        Span<byte> zeros = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        zeros.Clear();
        ReadOnlySpan<byte> ikm = psk.IsEmpty ? zeros[..HashLength] : psk;
        HkdfLabel.Extract(Hash, ikm, zeros[..HashLength], _early);
    }

    /// <summary>Handshake Secret = HKDF-Extract(Derive-Secret(Early, "derived", ""), (EC)DHE).</summary>
    public void SetHandshakeSecret(ReadOnlySpan<byte> sharedSecret)
    {
        Span<byte> salt = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        DeriveEmpty(EarlySecret, "derived"u8, salt[..HashLength]);
        HkdfLabel.Extract(Hash, sharedSecret, salt[..HashLength], _handshake);
    }

    /// <summary>Master Secret = HKDF-Extract(Derive-Secret(Handshake, "derived", ""), 0).</summary>
    public void SetMasterSecret()
    {
        Span<byte> salt = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        Span<byte> zeros = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        zeros.Clear();
        DeriveEmpty(HandshakeSecret, "derived"u8, salt[..HashLength]);
        HkdfLabel.Extract(Hash, zeros[..HashLength], salt[..HashLength], _master);
    }

    /// <summary>Derive-Secret(secret, label, messages) given Hash(messages).</summary>
    public void Derive(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> label, ReadOnlySpan<byte> transcriptHash, Span<byte> output) =>
        HkdfLabel.Expand(Hash, secret, label, transcriptHash, output[..HashLength]);

    /// <summary>Derive-Secret(secret, label, "") — the transcript is empty.</summary>
    public void DeriveEmpty(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> label, Span<byte> output)
    {
        Span<byte> emptyHash = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        Transcript.HashOf(Hash, ReadOnlySpan<byte>.Empty, emptyHash);
        Derive(secret, label, emptyHash[..HashLength], output);
    }

    /// <summary>The binder key for resumption PSKs: Derive-Secret(Early, "res binder", "").</summary>
    public void BinderKey(Span<byte> output) => DeriveEmpty(EarlySecret, "res binder"u8, output);

    /// <summary>Finished / binder MAC: HMAC(HKDF-Expand-Label(baseKey, "finished", "", Hash.length), transcriptHash).</summary>
    public void ComputeFinished(ReadOnlySpan<byte> baseKey, ReadOnlySpan<byte> transcriptHash, Span<byte> output)
    {
        Span<byte> finishedKey = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        HkdfLabel.Expand(Hash, baseKey, "finished"u8, ReadOnlySpan<byte>.Empty, finishedKey[..HashLength]);
        if (Hash == HashAlgorithmName.SHA384)
            HMACSHA384.HashData(finishedKey[..HashLength], transcriptHash, output);
        else
            HMACSHA256.HashData(finishedKey[..HashLength], transcriptHash, output);
        CryptographicOperations.ZeroMemory(finishedKey);
    }

    /// <summary>The PSK of a ticket: HKDF-Expand-Label(resumption_master_secret, "resumption", nonce, Hash.length).</summary>
    public static void TicketPsk(CipherSuite suite, ReadOnlySpan<byte> resumptionMasterSecret, ReadOnlySpan<byte> nonce, Span<byte> output) =>
        HkdfLabel.Expand(CipherSuiteInfo.Hash(suite), resumptionMasterSecret, "resumption"u8, nonce, output[..CipherSuiteInfo.HashLength(suite)]);

    public void Clear()
    {
        CryptographicOperations.ZeroMemory(_early);
        CryptographicOperations.ZeroMemory(_handshake);
        CryptographicOperations.ZeroMemory(_master);
    }
}
