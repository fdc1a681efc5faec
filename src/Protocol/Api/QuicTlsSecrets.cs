using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// A connection's TLS secrets in SSLKEYLOGFILE terms, for decrypting packet captures, read with
/// <see cref="QuicParam.ConnTlsSecrets"/>: MsQuic's <c>QUIC_TLS_SECRETS</c>, byte for byte
/// (354 bytes). Each secret is <see cref="SecretLength"/> bytes (32 for SHA-256 suites, 48
/// for SHA-384) and only meaningful when its bit is set.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct QuicTlsSecrets
{
    private const int ClientRandomLength = 32;

    private byte _secretLength;
    private QuicTlsSecretsFields _isSet;
    private ClientRandomBytes _clientRandom;
    private SecretBytes _clientEarlyTrafficSecret;
    private SecretBytes _clientHandshakeTrafficSecret;
    private SecretBytes _serverHandshakeTrafficSecret;
    private SecretBytes _clientTrafficSecret0;
    private SecretBytes _serverTrafficSecret0;

    /// <summary>The length of each secret, in bytes (the cipher suite's hash length).</summary>
    public readonly byte SecretLength => _secretLength;

    /// <summary>Which members hold a value (MsQuic's <c>IsSet</c> bits).</summary>
    public readonly QuicTlsSecretsFields IsSetFlags => _isSet;

    /// <summary>True when every member named in <paramref name="fields"/> holds a value.</summary>
    /// <param name="fields">One member, or several ORed together.</param>
    /// <returns>Whether all of them are set.</returns>
    public readonly bool IsSet(QuicTlsSecretsFields fields) => (_isSet & fields) == fields;

    /// <summary>The ClientHello's random, which names the connection in a key log (CLIENT_RANDOM).</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> ClientRandom => _clientRandom;

    /// <summary>CLIENT_EARLY_TRAFFIC_SECRET: protects 0-RTT data.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> ClientEarlyTrafficSecret => Secret(_clientEarlyTrafficSecret);

    /// <summary>CLIENT_HANDSHAKE_TRAFFIC_SECRET.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> ClientHandshakeTrafficSecret => Secret(_clientHandshakeTrafficSecret);

    /// <summary>SERVER_HANDSHAKE_TRAFFIC_SECRET.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> ServerHandshakeTrafficSecret => Secret(_serverHandshakeTrafficSecret);

    /// <summary>CLIENT_TRAFFIC_SECRET_0: the client's first 1-RTT secret.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> ClientTrafficSecret0 => Secret(_clientTrafficSecret0);

    /// <summary>SERVER_TRAFFIC_SECRET_0: the server's first 1-RTT secret.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> ServerTrafficSecret0 => Secret(_serverTrafficSecret0);

    /// <summary>Records one value and marks it set; secrets must all have the same length.</summary>
    internal void Set(QuicTlsSecretsFields field, ReadOnlySpan<byte> value)
    {
        Span<byte> target = field switch
        {
            QuicTlsSecretsFields.ClientRandom => _clientRandom,
            QuicTlsSecretsFields.ClientEarlyTrafficSecret => _clientEarlyTrafficSecret,
            QuicTlsSecretsFields.ClientHandshakeTrafficSecret => _clientHandshakeTrafficSecret,
            QuicTlsSecretsFields.ServerHandshakeTrafficSecret => _serverHandshakeTrafficSecret,
            QuicTlsSecretsFields.ClientTrafficSecret0 => _clientTrafficSecret0,
            QuicTlsSecretsFields.ServerTrafficSecret0 => _serverTrafficSecret0,
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        value.CopyTo(target);
        if (field != QuicTlsSecretsFields.ClientRandom)
            _secretLength = (byte)value.Length;
        _isSet |= field;
    }

    [UnscopedRef]
    private readonly ReadOnlySpan<byte> Secret(in SecretBytes secret) =>
        ((ReadOnlySpan<byte>)secret)[..Math.Min((int)_secretLength, QuicLimits.TlsSecretsMaxSecretLength)];

    [InlineArray(ClientRandomLength)]
    private struct ClientRandomBytes
    {
        private byte _element;
    }

    [InlineArray(QuicLimits.TlsSecretsMaxSecretLength)]
    private struct SecretBytes
    {
        private byte _element;
    }
}

/// <summary>One bit per <see cref="QuicTlsSecrets"/> member, as in MsQuic's <c>QUIC_TLS_SECRETS.IsSet</c>.</summary>
[Flags]
public enum QuicTlsSecretsFields : byte
{
    /// <summary>Nothing recorded.</summary>
    None = 0,

    /// <summary><see cref="QuicTlsSecrets.ClientRandom"/>.</summary>
    ClientRandom = 1 << 0,

    /// <summary><see cref="QuicTlsSecrets.ClientEarlyTrafficSecret"/>.</summary>
    ClientEarlyTrafficSecret = 1 << 1,

    /// <summary><see cref="QuicTlsSecrets.ClientHandshakeTrafficSecret"/>.</summary>
    ClientHandshakeTrafficSecret = 1 << 2,

    /// <summary><see cref="QuicTlsSecrets.ServerHandshakeTrafficSecret"/>.</summary>
    ServerHandshakeTrafficSecret = 1 << 3,

    /// <summary><see cref="QuicTlsSecrets.ClientTrafficSecret0"/>.</summary>
    ClientTrafficSecret0 = 1 << 4,

    /// <summary><see cref="QuicTlsSecrets.ServerTrafficSecret0"/>.</summary>
    ServerTrafficSecret0 = 1 << 5,
}
