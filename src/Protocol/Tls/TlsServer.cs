using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// The server side of a QUIC TLS handshake. After the ClientHello is parsed it raises
/// <see cref="TlsEvent.ClientHelloReceived"/> and pauses until <see cref="SetConfiguration"/>
/// (which may be called inside that callback, or later). Construct one per connection.
/// </summary>
internal sealed partial class TlsServer : TlsSession
{
    private enum State
    {
        WaitClientHello,
        WaitClientHello2,
        WaitClientCertificate,
        WaitClientCertificateVerify,
        WaitClientFinished,
        Connected,
    }

    private TlsServerConfig? _config;
    private byte[] _transportParameters = [];
    private State _state;
    private ClientHelloMessage? _clientHello;
    private byte[] _clientApplicationSecret = [];
    private byte[] _resumptionMasterSecret = [];
    private ulong _ticketsSent;

    public TlsServer(ITlsHandler handler, RandomSource random) : base(handler, random)
    {
    }

    public override bool IsServer => true;

    /// <summary>The SNI host name the client asked for (readable from <see cref="TlsEvent.ClientHelloReceived"/> on).</summary>
    public string? ServerName => _clientHello?.ServerName;

    /// <summary>The client's ALPN list (readable from <see cref="TlsEvent.ClientHelloReceived"/> on).</summary>
    public IReadOnlyList<byte[]> ClientAlpns => _clientHello?.Alpns ?? (IReadOnlyList<byte[]>)[];

    /// <summary>The ClientHello bytes (MsQuic's NEW_CONNECTION crypto buffer).</summary>
    public ReadOnlySpan<byte> ClientHelloBytes => _clientHello is null ? default : _clientHello.Raw;

    public TlsServerConfig? Configuration => _config;

    protected override Action<string>? KeyLog => _config?.KeyLog;

    /// <summary>
    /// Supplies the server configuration and our transport parameters, ending the
    /// <see cref="TlsPause.ServerConfiguration"/> pause (MsQuic ConnectionSetConfiguration).
    /// May also be called before the ClientHello arrives; then there is no pause.
    /// </summary>
    public TlsError SetConfiguration(TlsServerConfig config, ReadOnlySpan<byte> transportParameters, long unixTimeMicros)
    {
        if (_config is not null)
            throw new InvalidOperationException("The configuration is already set.");
        if (config.Alpns.Count == 0)
            throw new ArgumentException("QUIC requires at least one ALPN protocol.", nameof(config));
        _config = config;
        _transportParameters = transportParameters.ToArray();
        return Pause == TlsPause.ServerConfiguration ? EndPause(unixTimeMicros) : Error;
    }

    protected override TlsError HandleMessage(HandshakeType type, ReadOnlySpan<byte> message, long now) => (_state, type) switch
    {
        (State.WaitClientHello or State.WaitClientHello2, HandshakeType.ClientHello) => HandleClientHello(message, now),
        (State.WaitClientCertificate, HandshakeType.Certificate) => HandleClientCertificate(message),
        (State.WaitClientCertificateVerify, HandshakeType.CertificateVerify) => HandleClientCertificateVerify(message, now),
        (State.WaitClientFinished, HandshakeType.Finished) => HandleClientFinished(message),
        _ => Unexpected(type),
    };

    protected override TlsError Resume(TlsPause ended, long now) => ended switch
    {
        TlsPause.ServerConfiguration => ContinueClientHello(now),
        TlsPause.ResumptionDecision => WriteServerFlight(now),
        _ => TlsError.None,
    };

    public override void Dispose()
    {
        base.Dispose();
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(_clientApplicationSecret);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(_resumptionMasterSecret);
    }
}
