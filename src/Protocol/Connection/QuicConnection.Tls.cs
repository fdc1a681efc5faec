using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Tls;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// TLS glue (RFC 9001 §4): CRYPTO bytes in, handshake bytes out per level, secrets become packet
// protection, TLS events drive the connection. TLS calls back synchronously from inside
// HandleCryptoData; errors found inside a callback are parked in _deferredError and returned
// once TLS gives control back.
internal sealed partial class QuicConnection : ITlsHandler
{
    private QuicError _deferredError;
    private long _lastHandshakeRequeue = long.MinValue / 2;
    private bool _zeroRttDecided;

    private QuicError OnCryptoFrame(long now, PacketSpace space, in CryptoFrame frame)
    {
        // RFC 9002 §6.2.3: handshake data we already had means the peer did not get ours (or
        // timed out early): send everything unacknowledged again at once rather than wait for a PTO.
        if (space.Id != PacketNumberSpace.ApplicationData && (long)frame.EndOffset <= space.CryptoReceive.DeliveredOffset)
            RequeueHandshakeCrypto(now);
        QuicError error = space.CryptoReceive.OnData((long)frame.Offset, frame.Data, out ReadOnlySpan<byte> ready);
        if (error.IsError || ready.IsEmpty)
            return error;
        TlsError tlsError = _tls!.HandleCryptoData(LevelOfSpace(space.Id), ready, UnixTime(now));
        space.CryptoReceive.CompleteDelivery();
        if (tlsError.IsError)
            return ToQuicError(tlsError);
        error = _deferredError;
        _deferredError = default;
        return error;
    }

    /// <summary>
    /// During the handshake, a PTO or a duplicate of the peer's handshake data makes every
    /// unacknowledged CRYPTO byte of Initial and Handshake go again, coalesced in one datagram
    /// (RFC 9002 §6.2.3, §6.2.4), so a flight whose first packets were lost completes in one round
    /// trip. At most once per smoothed RTT, so duplicates cannot make us repeat a flight endlessly.
    /// </summary>
    private void RequeueHandshakeCrypto(long now, bool force = false)
    {
        if (!force)
        {
            if (now - _lastHandshakeRequeue < _recovery.Rtt.SmoothedRtt)
                return;
            _lastHandshakeRequeue = now;
        }
        for (int id = 0; id < (int)PacketNumberSpace.ApplicationData; id++)
        {
            PacketSpace space = _spaces[id];
            if (!space.IsDiscarded && space.SendKey is not null && space.CryptoSend.HasUnackedData)
                space.CryptoSend.RequeueUnacked();
        }
    }

    private static EncryptionLevel LevelOfSpace(PacketNumberSpace space) => space switch
    {
        PacketNumberSpace.Initial => EncryptionLevel.Initial,
        PacketNumberSpace.Handshake => EncryptionLevel.Handshake,
        _ => EncryptionLevel.OneRtt,
    };

    /// <summary>RFC 9001 §4.8: TLS alert n travels as CRYPTO_ERROR 0x100 + n; a few failures map to QUIC codes.</summary>
    private static QuicError ToQuicError(TlsError error) =>
        new((TransportErrorCode)error.QuicErrorCode, (ulong)FrameType.Crypto, error.Reason ?? "TLS failure");

    void ITlsHandler.OnHandshakeData(EncryptionLevel level, ReadOnlySpan<byte> data)
    {
        PacketNumberSpace space = PacketNumberSpaces.FromEncryptionLevel(level);
        if (!Space(space).IsDiscarded)
            Space(space).CryptoSend.Append(data);
    }

    void ITlsHandler.OnSecret(EncryptionLevel level, bool isWrite, CipherSuite suite, ReadOnlySpan<byte> secret)
    {
        PacketProtection key = _options.Protection.Create(suite, secret, _version);
        switch (level)
        {
            case EncryptionLevel.ZeroRtt:
                InstallZeroRttKey(key, isWrite);
                break;
            case EncryptionLevel.Handshake:
                InstallHandshakeKey(key, isWrite);
                break;
            default:
                InstallOneRttKey(key, isWrite);
                break;
        }
    }

    private void InstallZeroRttKey(PacketProtection key, bool isWrite)
    {
        if (isWrite)
        {
            _appKeys.ZeroRttSend = key;
            _stats.ZeroRttAttempted = true;
        }
        else
        {
            _appKeys.ZeroRttReceive = key;
            _zeroRttDecided = true;
        }
    }

    private void InstallHandshakeKey(PacketProtection key, bool isWrite)
    {
        PacketSpace handshake = HandshakeSpace;
        if (isWrite)
            handshake.SendKey = key;
        else
            handshake.ReceiveKey = key;
        if (IsServer && !_zeroRttDecided)
        {
            // The server's flight is written: no 0-RTT key came, so 0-RTT was not accepted.
            _zeroRttDecided = true;
            _pendingPackets.Drop(EncryptionLevel.ZeroRtt);
        }
        if (handshake.SendKey is not null && handshake.ReceiveKey is not null)
        {
            _recovery.OnHandshakeKeysAvailable(_lastEventTime);
            TryApplyPeerParameters();
        }
    }

    private void InstallOneRttKey(PacketProtection key, bool isWrite)
    {
        if (isWrite)
            _appKeys.InstallOneRttWrite(key);
        else
            _appKeys.InstallOneRttRead(key);
        // RFC 9001 §4.9.3: a client drops its 0-RTT keys once it has 1-RTT keys.
        if (!IsServer && isWrite)
            _appKeys.DiscardZeroRtt();
        TryApplyPeerParameters();
    }

    void ITlsHandler.OnEvent(TlsEvent tlsEvent)
    {
        switch (tlsEvent)
        {
            case TlsEvent.ClientHelloReceived:
                OnClientHello();
                break;
            case TlsEvent.ResumptionRequested:
                OnResumptionRequested();
                break;
            case TlsEvent.PeerCertificateReceived:
                Emit(new ConnectionEvent(ConnectionEventKind.PeerCertificateReceived));
                break;
            case TlsEvent.EarlyDataAccepted:
                _stats.ZeroRttAccepted = true;
                TryApplyPeerParameters();
                break;
            case TlsEvent.EarlyDataRejected:
                OnZeroRttRejected(_lastEventTime);
                break;
            case TlsEvent.HandshakeComplete:
                OnHandshakeComplete(_lastEventTime);
                break;
            case TlsEvent.SessionTicketReceived:
                OnSessionTicket();
                break;
        }
    }

    /// <summary>Server: the ClientHello is parsed. Choose the version, then configure TLS now or let the application do it.</summary>
    private void OnClientHello()
    {
        if (!TryDecodePeerParameters(Server.PeerTransportParameters, out TransportParameters? client))
            return;
        ChooseServerVersion(client);
        if (_serverParameters!.TlsConfig is { } config)
            SetServerConfiguration(config, _lastEventTime);
        else
            Emit(new ConnectionEvent(ConnectionEventKind.ServerConfigurationNeeded));
    }

    /// <summary>
    /// Server: supplies the TLS configuration (MsQuic ConnectionSetConfiguration), in or after
    /// <see cref="ConnectionEventKind.ServerConfigurationNeeded"/>.
    /// </summary>
    public void SetServerConfiguration(TlsServerConfig config, long now)
    {
        if (!IsServer)
            throw new InvalidOperationException("Only a server connection takes a server configuration.");
        _lastEventTime = now;
        TlsError error = Server.SetConfiguration(config, EncodeLocalParameters(), UnixTime(now));
        if (error.IsError)
            CloseWithError(ToQuicError(error), now);
    }

    /// <summary>Server: a valid ticket was offered; the application may check its data (MsQuic RESUMED).</summary>
    private void OnResumptionRequested()
    {
        _stats.ResumptionAttempted = true;
        Emit(new ConnectionEvent(ConnectionEventKind.ResumptionRequested));
        if (!_serverParameters!.DeferResumptionDecision)
            CompleteResumption(accept: true, _lastEventTime);
    }

    /// <summary>
    /// Server: accepts or rejects the resumption (rejecting falls back to a full handshake). 0-RTT is
    /// accepted only if our transport parameters still allow what the ticket promised (RFC 9001 §4.6.3)
    /// and the version did not change.
    /// </summary>
    public void CompleteResumption(bool accept, long now)
    {
        if (!IsServer || Server.Pause != TlsPause.ResumptionDecision)
            throw new InvalidOperationException("No resumption decision is pending.");
        _lastEventTime = now;
        bool earlyData = accept && Server.EarlyDataPossible && _version == _originalVersion
            && TransportParameters.TryDecode(Server.TicketTransportParameters, EndpointRole.Server, out TransportParameters? remembered, out _)
            && TransportParameterRules.AllowsEarlyData(_localParameters, remembered);
        TlsError error = Server.CompleteResumption(accept, earlyData, UnixTime(now));
        _stats.ResumptionSucceeded = Server.IsResumed;
        if (error.IsError)
            CloseWithError(ToQuicError(error), now);
        AfterApplicationCommand(now);
    }

    /// <summary>Ends a deferred certificate validation (MsQuic ConnectionCertificateValidationComplete).</summary>
    public void CompleteCertificateValidation(bool accept, long now)
    {
        _lastEventTime = now;
        TlsError error = Tls.CompleteCertificateValidation(accept, UnixTime(now));
        if (error.IsError)
            CloseWithError(ToQuicError(error), now);
        AfterApplicationCommand(now);
    }

    private void OnSessionTicket()
    {
        if (Client.LastSessionTicket is { } ticket)
            Emit(new ConnectionEvent(ConnectionEventKind.ResumptionTicketReceived, Data: ticket.Serialize()));
    }

    /// <summary>Server: sends a session ticket carrying <paramref name="appData"/> (MsQuic ConnectionSendResumptionTicket).</summary>
    public bool SendResumptionTicket(ReadOnlySpan<byte> appData, long now)
    {
        if (!IsServer || !_handshakeComplete || _state != ConnectionState.Established)
            return false;
        return Server.SendSessionTicket(appData, UnixTime(now));
    }
}
