using QuicKestrel.Protocol.Recovery;

namespace QuicKestrel.Protocol.Connection;

// One timer for the owner: the earliest of loss detection / PTO, the delayed ACK, idle and
// keep-alive, pacing, key discards, path validation and the closing/draining period.
internal sealed partial class QuicConnection
{
    private long _zeroRttDiscardTime = long.MaxValue;

    /// <summary>When <see cref="HandleTimeout"/> is next due, or null when no timer is armed.</summary>
    public long? NextTimeout()
    {
        long next = _state switch
        {
            ConnectionState.Created or ConnectionState.Closed => long.MaxValue,
            ConnectionState.Closing or ConnectionState.Draining => _closeDeadline,
            _ => ActiveDeadline(),
        };
        return next == long.MaxValue ? null : next;
    }

    private long ActiveDeadline()
    {
        long next = Math.Min(_recovery.LossDetectionTimer, _idleDeadline);
        next = Math.Min(next, ApplicationSpace.Acks.AckDeadline);
        next = Math.Min(next, KeepAliveTime);
        next = Math.Min(next, _pacingResumeTime);
        next = Math.Min(next, _appKeys.PreviousKeyDiscardTime);
        next = Math.Min(next, _zeroRttDiscardTime);
        return Math.Min(next, PathTimerDeadline);
    }

    /// <summary>Runs every timer that is due at <paramref name="now"/>.</summary>
    public void HandleTimeout(long now)
    {
        _lastEventTime = now;
        if (_state is ConnectionState.Closing or ConnectionState.Draining)
        {
            OnCloseTimeout(now);
            return;
        }
        if (_state is not (ConnectionState.Handshaking or ConnectionState.Established))
            return;
        OnIdleTimers(now);
        if (_state is not (ConnectionState.Handshaking or ConnectionState.Established))
            return;
        if (now >= _recovery.LossDetectionTimer && _recovery.OnLossDetectionTimeout(now) == LossTimerOutcome.ProbeScheduled)
        {
            CheckDisconnectTimeout(now);
            if (!_handshakeConfirmed)
            {
                RequeueHandshakeCrypto(now);
                // No Application Data PTO before confirmation (RFC 9002 §6.2.1): let the handshake
                // probe carry the oldest 1-RTT data along, coalesced (§6.2.4).
                if (_appKeys.HasOneRttWrite)
                    RequeueOldestApplicationData(_path.MaxDatagramSize);
            }
        }
        _appKeys.OnTimeout(now);
        if (now >= _zeroRttDiscardTime)
        {
            _appKeys.DiscardZeroRtt();
            _zeroRttDiscardTime = long.MaxValue;
        }
        if (now >= _pacingResumeTime)
            _pacingResumeTime = long.MaxValue;
        OnPathTimers(now);
        DrainStreamEvents(zeroRtt: false);
        UpdateAmplificationState(now);
    }

    /// <summary>MsQuic DisconnectTimeoutMs: data unacknowledged for this long means the peer is gone.</summary>
    private void CheckDisconnectTimeout(long now)
    {
        long oldest = long.MaxValue;
        for (int id = 0; id < PacketNumberSpaces.Count; id++)
        {
            if (_recovery.TryGetOldestOutstanding((PacketNumberSpace)id, out SentPacket packet))
                oldest = Math.Min(oldest, packet.TimeSent);
        }
        if (oldest != long.MaxValue && now - oldest >= _settings.DisconnectTimeoutMicros)
            EnterClosedSilently(now, ConnectionStatus.ConnectionTimeout, 0);
    }

    /// <summary>RFC 9001 §4.9.3: a server keeps 0-RTT keys for reordered packets until three PTOs after the first 1-RTT packet.</summary>
    private void ScheduleZeroRttDiscard(long now)
    {
        if (IsServer && _appKeys.ZeroRttReceive is not null && _zeroRttDiscardTime == long.MaxValue)
            _zeroRttDiscardTime = now + 3 * _recovery.PtoPeriod;
    }
}
