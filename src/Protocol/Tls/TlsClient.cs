using System.Net;
using System.Text;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// The client side of a QUIC TLS handshake. Call <see cref="Start"/> once (it emits the
/// ClientHello and, when resuming with 0-RTT, the 0-RTT write secret), then feed received
/// CRYPTO data. Construct one per connection.
/// </summary>
internal sealed partial class TlsClient : TlsSession
{
    private enum State
    {
        Start,
        WaitServerHello,
        WaitEncryptedExtensions,
        WaitCertificateOrRequest,
        WaitCertificate,
        WaitCertificateVerify,
        WaitFinished,
        Connected,
    }

    private readonly TlsClientConfig _config;
    private readonly string? _serverName;
    private readonly byte[] _transportParameters;
    private readonly ClientSessionTicket? _ticket;
    private readonly List<KeyExchange> _shares = new();
    private State _state;
    private bool _helloRetried;
    private CipherSuite? _retrySuite;
    private byte[]? _cookie;
    private bool _offeredPsk;
    private bool _offeredEarlyData;
    private KeySchedule? _pskKeys;
    private byte[]? _requestContext;
    private ushort[]? _requestedSchemes;
    private byte[] _resumptionMasterSecret = [];

    /// <param name="config">Shared client settings.</param>
    /// <param name="serverName">The name to send in SNI and to check the certificate against (null: neither).</param>
    /// <param name="transportParameters">Our encoded QUIC transport parameters (opaque to TLS).</param>
    /// <param name="resumptionTicket">A stored ticket to resume with (and send 0-RTT under), or null.</param>
    /// <param name="handler">The connection receiving bytes, secrets and events.</param>
    /// <param name="random">Randomness for the client random and key shares.</param>
    public TlsClient(TlsClientConfig config, string? serverName, ReadOnlySpan<byte> transportParameters,
        ClientSessionTicket? resumptionTicket, ITlsHandler handler, RandomSource random)
        : base(handler, random)
    {
        if (config.Alpns.Count == 0)
            throw new ArgumentException("QUIC requires at least one ALPN protocol.", nameof(config));
        _config = config;
        _serverName = serverName;
        _transportParameters = transportParameters.ToArray();
        _ticket = resumptionTicket;
    }

    public override bool IsServer => false;

    /// <summary>The latest ticket from a NewSessionTicket (see <see cref="TlsEvent.SessionTicketReceived"/>).</summary>
    public ClientSessionTicket? LastSessionTicket { get; private set; }

    /// <summary>True when the ClientHello offered the resumption ticket.</summary>
    public bool OfferedResumption => _offeredPsk;

    protected override Action<string>? KeyLog => _config.KeyLog;

    /// <summary>Sends the ClientHello at the Initial level (and installs the 0-RTT write secret when 0-RTT is attempted).</summary>
    public TlsError Start(long unixTimeMicros)
    {
        if (_state != State.Start)
            throw new InvalidOperationException("The handshake has already started.");
        Random.Fill(ClientRandom);
        _shares.Clear();
        int shareCount = Math.Clamp(_config.KeyShareCount, 1, _config.Groups.Count);
        for (int i = 0; i < shareCount; i++)
            _shares.Add(KeyExchange.Create(_config.Groups[i], Random));
        ChooseResumption(unixTimeMicros);
        WriteClientHello(unixTimeMicros);
        _state = State.WaitServerHello;
        if (_offeredEarlyData)
            InstallEarlySecret();
        return Error;
    }

    /// <summary>RFC 9001 §4.1.2: the client's handshake is confirmed when HANDSHAKE_DONE arrives (the connection's call).</summary>
    public void ConfirmHandshake()
    {
        if (IsHandshakeComplete)
            IsHandshakeConfirmed = true;
    }

    private void ChooseResumption(long now)
    {
        ClientSessionTicket? t = _ticket;
        if (t is null || t.IsExpired(now) || !_config.IsSuiteAllowed(t.Suite)
            || !string.Equals(t.ServerName, _serverName ?? "", StringComparison.OrdinalIgnoreCase))
            return;
        bool alpnOffered = false;
        foreach (byte[] alpn in _config.Alpns)
            alpnOffered |= alpn.AsSpan().SequenceEqual(t.Alpn);
        _offeredPsk = true;
        _pskKeys = new KeySchedule(t.Suite);
        _pskKeys.SetEarlySecret(t.Psk);
        // RFC 8446 §4.2.10: early data only under the ticket's own ALPN.
        _offeredEarlyData = _config.EnableEarlyData && t.AllowsEarlyData && alpnOffered;
    }

    private void InstallEarlySecret()
    {
        Span<byte> hash = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        int n = Transcript.GetHash(_pskKeys!.Hash, hash);
        var secret = new byte[_pskKeys.HashLength];
        _pskKeys.Derive(_pskKeys.EarlySecret, "c e traffic"u8, hash[..n], secret);
        LogSecret("CLIENT_EARLY_TRAFFIC_SECRET", secret);
        Handler.OnSecret(EncryptionLevel.ZeroRtt, true, _ticket!.Suite, secret);
        EarlyData = EarlyDataStatus.Rejected; // until EncryptedExtensions says otherwise
    }

    private void WriteClientHello(long now)
    {
        TlsWriter w = Output;
        int message = w.BeginMessage(HandshakeType.ClientHello);
        w.WriteUInt16(TlsConstants.LegacyVersion);
        w.WriteBytes(ClientRandom);
        w.WriteUInt8(0); // RFC 9001 §8.4: no middlebox-compatibility session id
        int suites = w.BeginVector(2);
        foreach (CipherSuite suite in _config.CipherSuitePreference)
            if (_config.IsSuiteAllowed(suite))
                w.WriteUInt16((ushort)suite);
        w.EndVector(suites);
        w.WriteUInt8(1);
        w.WriteUInt8(0);
        int extensions = w.BeginVector(2);
        WriteServerName(w);
        WriteBasicExtensions(w);
        if (_offeredEarlyData && !_helloRetried)
            w.EndVector(w.BeginExtension(ExtensionType.EarlyData));
        int bindersOffset = _offeredPsk ? WritePreSharedKey(w, now) : -1;
        w.EndVector(extensions);
        w.EndVector(message);
        if (bindersOffset >= 0)
            FillBinder(bindersOffset);
        SendOutput(EncryptionLevel.Initial);
    }

    private void WriteServerName(TlsWriter w)
    {
        // RFC 6066 §3: literal IP addresses are not sent as server names.
        if (string.IsNullOrEmpty(_serverName) || IPAddress.TryParse(_serverName, out _))
            return;
        int ext = w.BeginExtension(ExtensionType.ServerName);
        int list = w.BeginVector(2);
        w.WriteUInt8(0);
        w.WriteVector16(Encoding.ASCII.GetBytes(_serverName));
        w.EndVector(list);
        w.EndVector(ext);
    }

    private void WriteBasicExtensions(TlsWriter w)
    {
        int ext = w.BeginExtension(ExtensionType.SupportedVersions);
        w.WriteUInt8(2);
        w.WriteUInt16(TlsConstants.Tls13);
        w.EndVector(ext);
        ext = w.BeginExtension(ExtensionType.SupportedGroups);
        int list = w.BeginVector(2);
        foreach (NamedGroup group in _config.Groups)
            w.WriteUInt16((ushort)group);
        w.EndVector(list);
        w.EndVector(ext);
        ext = w.BeginExtension(ExtensionType.SignatureAlgorithms);
        list = w.BeginVector(2);
        foreach (ushort scheme in Signatures.Verifiable)
            w.WriteUInt16(scheme);
        w.EndVector(list);
        w.EndVector(ext);
        ext = w.BeginExtension(ExtensionType.KeyShare);
        list = w.BeginVector(2);
        foreach (KeyExchange share in _shares)
        {
            w.WriteUInt16((ushort)share.Group);
            w.WriteVector16(share.PublicKey);
        }
        w.EndVector(list);
        w.EndVector(ext);
        ExtensionBlock.WriteAlpnList(w, _config.Alpns);
        ext = w.BeginExtension(ExtensionType.QuicTransportParameters);
        w.WriteBytes(_transportParameters);
        w.EndVector(ext);
        ext = w.BeginExtension(ExtensionType.PskKeyExchangeModes);
        w.WriteUInt8(1);
        w.WriteUInt8(TlsConstants.PskDheKe);
        w.EndVector(ext);
        if (_cookie is not null)
        {
            ext = w.BeginExtension(ExtensionType.Cookie);
            w.WriteVector16(_cookie);
            w.EndVector(ext);
        }
    }

    /// <summary>Writes pre_shared_key (last, RFC 8446 §4.2.11) with a zero binder; returns where the binders start.</summary>
    private int WritePreSharedKey(TlsWriter w, long now)
    {
        int ext = w.BeginExtension(ExtensionType.PreSharedKey);
        int identities = w.BeginVector(2);
        w.WriteVector16(_ticket!.Ticket);
        w.WriteUInt32(_ticket.ObfuscatedAge(now));
        w.EndVector(identities);
        int bindersOffset = w.Length;
        int binders = w.BeginVector(2);
        w.WriteUInt8((byte)_pskKeys!.HashLength);
        w.Reserve(_pskKeys.HashLength);
        w.EndVector(binders);
        w.EndVector(ext);
        return bindersOffset;
    }

    /// <summary>The binder is a Finished-style MAC over the transcript up to the binders (RFC 8446 §4.2.11.2).</summary>
    private void FillBinder(int bindersOffset)
    {
        KeySchedule keys = _pskKeys!;
        Span<byte> hash = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        Span<byte> binderKey = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        int n = Transcript.GetHashWith(keys.Hash, Output.Written[..bindersOffset], hash);
        keys.BinderKey(binderKey);
        keys.ComputeFinished(binderKey[..n], hash[..n], Output.Slice(bindersOffset + 3, n));
    }

    protected override TlsError Resume(TlsPause ended, long unixTimeMicros) => TlsError.None;

    protected override TlsError HandleMessage(HandshakeType type, ReadOnlySpan<byte> message, long now) => (_state, type) switch
    {
        (State.WaitServerHello, HandshakeType.ServerHello) => HandleServerHello(message, now),
        (State.WaitEncryptedExtensions, HandshakeType.EncryptedExtensions) => HandleEncryptedExtensions(message),
        (State.WaitCertificateOrRequest, HandshakeType.CertificateRequest) => HandleCertificateRequest(message),
        (State.WaitCertificateOrRequest or State.WaitCertificate, HandshakeType.Certificate) => HandleCertificate(message),
        (State.WaitCertificateVerify, HandshakeType.CertificateVerify) => HandleCertificateVerify(message, now),
        (State.WaitFinished, HandshakeType.Finished) => HandleFinished(message),
        (State.Connected, HandshakeType.NewSessionTicket) => HandleNewSessionTicket(message, now),
        _ => Unexpected(type),
    };

    public override void Dispose()
    {
        base.Dispose();
        _pskKeys?.Clear();
        foreach (KeyExchange share in _shares)
            share.Dispose();
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(_resumptionMasterSecret);
    }
}
