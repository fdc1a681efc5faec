using System.Security.Cryptography;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// One ephemeral (EC)DHE key pair for a TLS key_share (RFC 8446 §4.2.8): x25519 through
/// BouncyCastle, secp256r1/secp384r1 through .NET. Peer keys come from the network, so the
/// agreement returns an alert instead of throwing on a malformed or invalid point.
/// </summary>
internal sealed class KeyExchange : IDisposable
{
    private readonly byte[] _publicKey;
    private readonly byte[]? _x25519Private;
    private readonly ECDiffieHellman? _ecdh;

    private KeyExchange(NamedGroup group, byte[] publicKey, byte[]? x25519Private, ECDiffieHellman? ecdh)
    {
        Group = group;
        _publicKey = publicKey;
        _x25519Private = x25519Private;
        _ecdh = ecdh;
    }

    public NamedGroup Group { get; }

    /// <summary>The key_exchange bytes to send (32 bytes for x25519, an uncompressed point for NIST curves).</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    public static bool IsSupported(NamedGroup group) => group is NamedGroup.X25519 or NamedGroup.Secp256r1 or NamedGroup.Secp384r1;

    public static int SharedSecretLength(NamedGroup group) => group switch
    {
        NamedGroup.Secp384r1 => 48,
        _ => 32,
    };

    public static KeyExchange Create(NamedGroup group, RandomSource random)
    {
        if (group == NamedGroup.X25519)
        {
            var priv = new byte[BouncyCastleCrypto.X25519KeyLength];
            random.Fill(priv);
            var pub = new byte[BouncyCastleCrypto.X25519KeyLength];
            BouncyCastleCrypto.X25519PublicKey(priv, pub);
            return new KeyExchange(group, pub, priv, null);
        }
        var ecdh = ECDiffieHellman.Create(CurveOf(group));
        ECParameters p = ecdh.ExportParameters(false);
        var point = new byte[1 + p.Q.X!.Length + p.Q.Y!.Length];
        point[0] = 4; // uncompressed (RFC 8446 §4.2.8.2)
        p.Q.X.CopyTo(point, 1);
        p.Q.Y.CopyTo(point, 1 + p.Q.X.Length);
        return new KeyExchange(group, point, null, ecdh);
    }

    /// <summary>Computes the shared secret with the peer's key_exchange bytes.</summary>
    public TlsError Agree(ReadOnlySpan<byte> peerKey, Span<byte> sharedSecret, out int written)
    {
        written = SharedSecretLength(Group);
        if (_x25519Private is not null)
        {
            if (peerKey.Length != BouncyCastleCrypto.X25519KeyLength)
                return new TlsError(TlsAlert.IllegalParameter, "x25519 key share has the wrong length");
            return BouncyCastleCrypto.X25519Agree(_x25519Private, peerKey, sharedSecret)
                ? TlsError.None
                : new TlsError(TlsAlert.IllegalParameter, "x25519 key share yields a zero secret");
        }
        return AgreeNist(peerKey, sharedSecret);
    }

    private TlsError AgreeNist(ReadOnlySpan<byte> peerKey, Span<byte> sharedSecret)
    {
        int coordinate = SharedSecretLength(Group);
        if (peerKey.Length != 1 + 2 * coordinate || peerKey[0] != 4)
            return new TlsError(TlsAlert.IllegalParameter, "EC key share is not an uncompressed point");
        var parameters = new ECParameters
        {
            Curve = CurveOf(Group),
            Q = new ECPoint { X = peerKey.Slice(1, coordinate).ToArray(), Y = peerKey.Slice(1 + coordinate, coordinate).ToArray() },
        };
        try
        {
            using var peer = ECDiffieHellman.Create(parameters); // validates that the point is on the curve
            byte[] secret = _ecdh!.DeriveRawSecretAgreement(peer.PublicKey);
            secret.CopyTo(sharedSecret);
            CryptographicOperations.ZeroMemory(secret);
            return TlsError.None;
        }
        catch (CryptographicException)
        {
            return new TlsError(TlsAlert.IllegalParameter, "EC key share is not a valid curve point");
        }
    }

    private static ECCurve CurveOf(NamedGroup group) =>
        group == NamedGroup.Secp384r1 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256;

    public void Dispose()
    {
        _ecdh?.Dispose();
        if (_x25519Private is not null)
            CryptographicOperations.ZeroMemory(_x25519Private);
    }
}
