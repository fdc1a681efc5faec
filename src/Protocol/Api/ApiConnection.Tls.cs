using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Api;

// TLS-facing pieces: the negotiated algorithms (TLS_HANDSHAKE_INFO) and the handshake secrets
// (CONN_TLS_SECRETS), which the TLS layer reports as key-log lines on a per-connection copy of
// the shared configuration.
internal sealed partial class ApiConnection
{
    private static QuicHandshakeInfo HandshakeInfo(TlsSession tls)
    {
        CipherSuite suite = tls.NegotiatedCipherSuite;
        (QuicCipherAlgorithm cipher, int strength, QuicHashAlgorithm hash, int hashStrength, QuicCipherSuite id) = suite switch
        {
            CipherSuite.Aes256GcmSha384 => (QuicCipherAlgorithm.Aes256, 256, QuicHashAlgorithm.Sha384, 384, QuicCipherSuite.TlsAes256GcmSha384),
            CipherSuite.ChaCha20Poly1305Sha256 => (QuicCipherAlgorithm.ChaCha20, 256, QuicHashAlgorithm.Sha256, 256, QuicCipherSuite.TlsChaCha20Poly1305Sha256),
            _ => (QuicCipherAlgorithm.Aes128, 128, QuicHashAlgorithm.Sha256, 256, QuicCipherSuite.TlsAes128GcmSha256),
        };
        return new QuicHandshakeInfo
        {
            TlsProtocolVersion = QuicTlsProtocolVersion.Tls13,
            CipherAlgorithm = cipher,
            CipherStrength = strength,
            Hash = hash,
            HashStrength = hashStrength,
            KeyExchangeAlgorithm = QuicKeyExchangeAlgorithm.None,
            KeyExchangeStrength = 0,
            CipherSuite = id,
            TlsGroup = (QuicTlsGroup)(int)tls.NegotiatedGroup,
        };
    }

    private TlsClientConfig WithKeyLog(TlsClientConfig config) => new()
    {
        Alpns = config.Alpns,
        AllowedCipherSuites = config.AllowedCipherSuites,
        CipherSuitePreference = config.CipherSuitePreference,
        Groups = config.Groups,
        KeyShareCount = config.KeyShareCount,
        Validation = config.Validation,
        ClientCertificate = config.ClientCertificate,
        EnableEarlyData = config.EnableEarlyData,
        KeyLog = RecordSecret,
    };

    private TlsServerConfig WithKeyLog(TlsServerConfig config) => new()
    {
        Certificates = config.Certificates,
        SelectCertificate = config.SelectCertificate,
        Alpns = config.Alpns,
        AllowedCipherSuites = config.AllowedCipherSuites,
        CipherSuitePreference = config.CipherSuitePreference,
        Groups = config.Groups,
        ClientAuth = config.ClientAuth,
        ClientCertificateValidation = config.ClientCertificateValidation,
        TicketKeys = config.TicketKeys,
        TicketLifetimeSeconds = config.TicketLifetimeSeconds,
        AllowEarlyData = config.AllowEarlyData,
        StrikeRegister = config.StrikeRegister,
        EarlyDataAgeToleranceMicros = config.EarlyDataAgeToleranceMicros,
        CookieKeys = config.CookieKeys,
        KeyLog = RecordSecret,
    };

    /// <summary>One NSS key-log line ("LABEL client_random secret", hex) into <see cref="QuicTlsSecrets"/>.</summary>
    private void RecordSecret(string line)
    {
        string[] parts = line.Split(' ');
        if (parts.Length != 3)
            return;
        QuicTlsSecretsFields field = parts[0] switch
        {
            "CLIENT_EARLY_TRAFFIC_SECRET" => QuicTlsSecretsFields.ClientEarlyTrafficSecret,
            "CLIENT_HANDSHAKE_TRAFFIC_SECRET" => QuicTlsSecretsFields.ClientHandshakeTrafficSecret,
            "SERVER_HANDSHAKE_TRAFFIC_SECRET" => QuicTlsSecretsFields.ServerHandshakeTrafficSecret,
            "CLIENT_TRAFFIC_SECRET_0" => QuicTlsSecretsFields.ClientTrafficSecret0,
            "SERVER_TRAFFIC_SECRET_0" => QuicTlsSecretsFields.ServerTrafficSecret0,
            _ => QuicTlsSecretsFields.None,
        };
        if (field == QuicTlsSecretsFields.None)
            return;
        byte[] random = Convert.FromHexString(parts[1]);
        byte[] secret = Convert.FromHexString(parts[2]);
        if (secret.Length > QuicLimits.TlsSecretsMaxSecretLength)
            return;
        _secrets.Set(QuicTlsSecretsFields.ClientRandom, random);
        _secrets.Set(field, secret);
    }
}
