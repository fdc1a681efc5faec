using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>Things a TLS session tells its connection, besides bytes and secrets.</summary>
internal enum TlsEvent
{
    /// <summary>Server paused: the ClientHello is parsed (SNI, ALPNs, transport parameters are readable); call <see cref="TlsServer.SetConfiguration"/>.</summary>
    ClientHelloReceived,

    /// <summary>Server paused: a valid ticket was offered; read its app data and call <see cref="TlsServer.CompleteResumption"/>.</summary>
    ResumptionRequested,

    /// <summary>The peer's certificate is verified; paused if validation is deferred (call <see cref="TlsSession.CompleteCertificateValidation"/>).</summary>
    PeerCertificateReceived,

    /// <summary>Client: the server accepted 0-RTT (EncryptedExtensions carried early_data).</summary>
    EarlyDataAccepted,

    /// <summary>Client: the server rejected 0-RTT; 0-RTT keys must be discarded and the data resent in 1-RTT.</summary>
    EarlyDataRejected,

    /// <summary>The handshake is complete (RFC 9001 §4.1.1). For a server it is also confirmed.</summary>
    HandshakeComplete,

    /// <summary>Client: a NewSessionTicket arrived; <see cref="TlsClient.LastSessionTicket"/> holds it.</summary>
    SessionTicketReceived,
}

/// <summary>
/// Implemented by the QUIC connection that drives a <see cref="TlsSession"/>. Calls happen
/// synchronously inside the session's methods, in the order RFC 9001 §4.1.4 requires: bytes
/// for a level are written before the keys of the next level are installed. Spans are only
/// valid during the call: copy what you keep.
/// </summary>
internal interface ITlsHandler
{
    /// <summary>Handshake bytes to send in CRYPTO frames at <paramref name="level"/> (Initial, Handshake or OneRtt).</summary>
    void OnHandshakeData(EncryptionLevel level, ReadOnlySpan<byte> data);

    /// <summary>A traffic secret for packet protection: ZeroRtt, Handshake or OneRtt (Initial keys are the connection's).</summary>
    void OnSecret(EncryptionLevel level, bool isWrite, CipherSuite suite, ReadOnlySpan<byte> secret);

    void OnEvent(TlsEvent tlsEvent);
}
