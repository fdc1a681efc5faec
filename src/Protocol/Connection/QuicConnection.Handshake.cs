using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// Handshake progress: the peer's transport parameters, completion and confirmation
// (RFC 9001 §4.1.1, §4.1.2), HANDSHAKE_DONE, key discarding (§4.9) and 0-RTT rejection (§4.6.2).
internal sealed partial class QuicConnection
{
    private TransportParameters? _peerParameters;
    private TransportParameters? _rememberedParameters;
    private bool _handshakeComplete;
    private bool _handshakeConfirmed;
    private bool _handshakeDonePending;
    private bool _serverInitialSeen;
    private ConnectionId _peerInitialSourceId;
    private bool _peerDisablesMigration;
    private int _peerMaxUdpPayload = 65527;

    /// <summary>True when the server turned our 0-RTT down (its data went again in 1-RTT).</summary>
    public bool ZeroRttRejected { get; private set; }

    private void TryApplyPeerParameters() => TryDecodePeerParameters(_tls!.PeerTransportParameters, out _);

    /// <summary>
    /// Decodes, checks (RFC 9000 §7.3, §18.2; RFC 9368 §4) and applies the peer's transport
    /// parameters once. Failures are parked as the error to close with.
    /// </summary>
    private bool TryDecodePeerParameters(byte[]? encoded, out TransportParameters? parameters)
    {
        parameters = _peerParameters;
        if (parameters is not null)
            return true;
        if (encoded is null || _deferredError.IsError)
            return false;
        EndpointRole sender = IsServer ? EndpointRole.Client : EndpointRole.Server;
        if (!TransportParameters.TryDecode(encoded, sender, out parameters, out QuicError error))
        {
            _deferredError = error;
            return false;
        }
        error = CheckPeerParameters(parameters);
        if (error.IsError)
        {
            _deferredError = error;
            parameters = null;
            return false;
        }
        _peerParameters = parameters;
        ApplyPeerParameters(parameters);
        return true;
    }

    private QuicError CheckPeerParameters(TransportParameters peer)
    {
        var expected = IsServer
            ? new ExpectedConnectionIds(_serverParameters!.ClientSourceConnectionId, null, null)
            : new ExpectedConnectionIds(_peerInitialSourceId, _originalDestinationId, _retrySourceId);
        QuicError error = TransportParameterRules.CheckConnectionIds(peer, peerIsServer: !IsServer, expected);
        if (error.IsError)
            return error;
        return TransportParameterRules.CheckVersionInformation(peer, peerIsServer: !IsServer, _version, _originalVersion);
    }

    private void ApplyPeerParameters(TransportParameters peer)
    {
        _peerAckDelayExponent = (int)peer.AckDelayExponent;
        _recovery.PeerMaxAckDelayMicros = (long)peer.MaxAckDelayMillis * 1000;
        _peerMaxUdpPayload = (int)Math.Min(peer.MaxUdpPayloadSize, 65527);
        _peerDisablesMigration = peer.DisableActiveMigration;
        NegotiateIdleTimeout(peer.MaxIdleTimeoutMillis);
        if (!IsServer && peer.StatelessResetToken is { } token)
            _peerIds.SetInitialToken(new StatelessResetToken(token));
        var limits = TransportParameterRules.StreamLimits(peer);
        // RFC 9000 §7.4.1: limits remembered for a 0-RTT attempt that did not happen or was refused give way to the new ones.
        if (_rememberedParameters is not null && !_stats.ZeroRttAccepted)
            _streams.OnZeroRttRejected(limits);
        else
            _streams.ApplyPeerTransportParameters(limits);
        _datagrams.SetPeerMaxFrameSize((long)Math.Min(peer.MaxDatagramFrameSize, int.MaxValue));
        UpdateDatagramPathLimit();
    }

    /// <summary>TLS completed the handshake (RFC 9001 §4.1.1); a server is confirmed at once (§4.1.2).</summary>
    private void OnHandshakeComplete(long now)
    {
        _handshakeComplete = true;
        _state = ConnectionState.Established;
        _stats.HandshakeDurationMicros = now - _createdAt;
        _stats.ResumptionSucceeded = _tls!.IsResumed;
        TryApplyPeerParameters();
        Emit(new ConnectionEvent(ConnectionEventKind.Connected,
            _tls!.IsResumed ? ConnectionEventFlags.SessionResumed : ConnectionEventFlags.None));
        if (IsServer)
        {
            _handshakeDonePending = true;
            ConfirmHandshake(now);
        }
    }

    /// <summary>HANDSHAKE_DONE (RFC 9000 §19.20) confirms the client's handshake.</summary>
    private QuicError OnHandshakeDone(long now)
    {
        if (!_handshakeConfirmed)
            ConfirmHandshake(now);
        return QuicError.None;
    }

    private void ConfirmHandshake(long now)
    {
        _handshakeConfirmed = true;
        if (!IsServer)
            Client.ConfirmHandshake();
        DiscardSpace(PacketNumberSpace.Initial, now);
        DiscardSpace(PacketNumberSpace.Handshake, now);
        _recovery.OnHandshakeConfirmed(now);
        if (_peerParameters is { } peer)
            _localIds.SetPeerLimit((long)Math.Min(peer.ActiveConnectionIdLimit, int.MaxValue));
        if (IsServer)
            _endpointEvents.Enqueue(new EndpointEvent(EndpointEventKind.HandshakeConfirmed));
        RestartIdleTimer(now);
        StartPathMtuDiscovery();
    }

    /// <summary>
    /// Drops a packet number space (RFC 9001 §4.9): its keys, its unacknowledged packets (without
    /// any congestion signal, RFC 9002 §6.4) and packets waiting for its keys.
    /// </summary>
    private void DiscardSpace(PacketNumberSpace id, long now)
    {
        PacketSpace space = Space(id);
        if (space.IsDiscarded)
            return;
        _recovery.DiscardSpace(id, now);
        space.Discard();
        if (id == PacketNumberSpace.Handshake)
            _pendingPackets.Drop(EncryptionLevel.Handshake);
        if (id != PacketNumberSpace.Initial)
            return;
        _otherVersionInitialReceive?.Dispose();
        _otherVersionInitialReceive = null;
    }

    /// <summary>
    /// Client: the server refused 0-RTT (RFC 9001 §4.6.2). The 0-RTT packets count as lost without a
    /// congestion signal, the keys go, and every stream's data is sent again in 1-RTT under the
    /// server's new limits.
    /// </summary>
    private void OnZeroRttRejected(long now)
    {
        ZeroRttRejected = true;
        _stats.ZeroRttAccepted = false;
        _recovery.OnZeroRttRejected(now);
        _appKeys.DiscardZeroRtt();
        if (_peerParameters is { } known)
        {
            _streams.OnZeroRttRejected(TransportParameterRules.StreamLimits(known));
        }
        else if (!TryDecodePeerParameters(_tls!.PeerTransportParameters, out _))
        {
            // Not known yet (a HelloRetryRequest refused 0-RTT): nothing may be sent until they are.
            _streams.OnZeroRttRejected(default);
            _datagrams.SetPeerMaxFrameSize(0);
        }
    }

    /// <summary>Client: NEW_TOKEN (RFC 9000 §19.7) for the endpoint's token store.</summary>
    private QuicError OnNewToken(ReadOnlySpan<byte> token)
    {
        Emit(new ConnectionEvent(ConnectionEventKind.NewTokenReceived, Data: token.ToArray()));
        return QuicError.None;
    }
}
