using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// Paths (RFC 9000 §8, §9): the anti-amplification limit before address validation, PATH_CHALLENGE
// / PATH_RESPONSE, and a server following its client to a new address (NAT rebinding or
// migration) once the handshake is confirmed: a packet from a new address is processed, a
// non-probing one with the largest packet number moves the connection there, and the new path
// is validated with the amplification limit in force. Without MigrationEnabled we advertise
// disable_active_migration and ignore other addresses.
internal sealed partial class QuicConnection
{
    private PathState? _previousPath;
    private PathState _datagramPath = null!;
    private bool _amplificationBlocked;

    /// <summary>The path a datagram arrived on, or null to drop it.</summary>
    private PathState? ResolvePath(in PathAddresses addresses, int bytes)
    {
        PathState? path = null;
        if (addresses.Remote == _path.Addresses.Remote)
            path = _path;
        else if (_probePath is not null && addresses.Remote == _probePath.Addresses.Remote)
            path = _probePath;
        else if (IsServer && _handshakeConfirmed && _settings.MigrationEnabled && _state != ConnectionState.Closing)
            path = _probePath = new PathState(addresses, validated: false, MinimumDatagramSize);
        if (path is null)
        {
            _stats.PacketsDropped++;
            return null;
        }
        path.OnDatagramReceived(bytes);
        _datagramPath = path;
        return path;
    }

    /// <summary>Server: the client proved its address (a Handshake packet, RFC 9000 §8.1): no more amplification limit.</summary>
    private void ValidatePeerAddress()
    {
        if (_path.IsValidated)
            return;
        _path.Validate();
        _endpointEvents.Enqueue(new EndpointEvent(EndpointEventKind.AddressValidated));
    }

    /// <summary>PATH_CHALLENGE: answer on the path it came from (RFC 9000 §8.2.2).</summary>
    private QuicError OnPathChallenge(ulong data)
    {
        _datagramPath.OweResponse(data);
        return QuicError.None;
    }

    /// <summary>PATH_RESPONSE: validates the path whose challenge it echoes (RFC 9000 §8.2.3); others are ignored.</summary>
    private QuicError OnPathResponse(long now, ulong data)
    {
        if (_path.IsValidating && _path.ChallengeData == data)
        {
            _path.Validate();
            _previousPath = null;
            Emit(new ConnectionEvent(ConnectionEventKind.PeerAddressChanged));
        }
        return QuicError.None;
    }

    /// <summary>
    /// RFC 9000 §9.3: a non-probing packet with the largest packet number from a new address moves
    /// the connection there. The new path is validated; congestion state restarts unless only the
    /// port changed (§9.4).
    /// </summary>
    private void OnNonProbingPacket(long now, PathState path)
    {
        if (path == _path)
            return;
        PathState old = _path;
        _previousPath = old.IsValidated ? old : _previousPath;
        _path = path;
        _probePath = null;
        if (!old.Addresses.Remote.HasSameIp(path.Addresses.Remote))
            _recovery.OnPathChanged(now);
        else
            path.MaxDatagramSize = old.MaxDatagramSize;
        if (!path.IsValidated)
            StartPathValidation(now, path);
        UpdateDatagramPathLimit();
    }

    private void StartPathValidation(long now, PathState path)
    {
        long timeout = Math.Max(3 * _recovery.PtoPeriod, 6 * _settings.InitialRttMicros);
        path.StartValidation(_random.NextUInt64(), now + timeout);
        path.ChallengeRetryTime = now + _recovery.PtoPeriod;
    }

    private void WritePathFrames(ref PacketWriter writer, PathState path)
    {
        if (path.ResponsePending && SimpleFrameWriter.TryWritePathResponse(ref writer, path.ResponseData))
        {
            path.ResponsePending = false;
            _datagramNeedsFullSize = true;
        }
        if (path.ChallengePending && SimpleFrameWriter.TryWritePathChallenge(ref writer, path.ChallengeData))
        {
            path.ChallengePending = false;
            _datagramNeedsFullSize = true;
        }
    }

    private void OnPathChallengeLost(ulong data)
    {
        if (_path.IsValidating && _path.ChallengeData == data)
            _path.ChallengePending = true;
    }

    /// <summary>Path validation timers: resend the challenge each PTO; on failure go back to the old path (§9.3.2).</summary>
    private void OnPathTimers(long now)
    {
        if (!_path.IsValidating)
            return;
        if (now >= _path.ValidationDeadline)
        {
            _path.StopValidation();
            if (_previousPath is { } previous)
            {
                _path = previous;
                _previousPath = null;
                _recovery.OnPathChanged(now);
                UpdateDatagramPathLimit();
            }
            else
            {
                EnterClosedSilently(now, ConnectionStatus.Unreachable, (ulong)TransportErrorCode.NoViablePath);
            }
            return;
        }
        if (now >= _path.ChallengeRetryTime)
        {
            _path.ChallengePending = true;
            _path.ChallengeRetryTime = now + _recovery.PtoPeriod;
        }
    }

    private long PathTimerDeadline =>
        _path.IsValidating ? Math.Min(_path.ValidationDeadline, _path.ChallengeRetryTime) : long.MaxValue;

    /// <summary>Tells recovery when the server cannot send a full datagram before validation (RFC 9002 §6.2.2.1).</summary>
    private void UpdateAmplificationState(long now)
    {
        bool blocked = !_path.IsValidated && _path.AmplificationBudget < MinimumDatagramSize;
        if (blocked == _amplificationBlocked)
            return;
        _amplificationBlocked = blocked;
        if (blocked)
            _stats.AmplificationBlockedCount++;
        _recovery.SetAmplificationBlocked(blocked, now);
    }
}
