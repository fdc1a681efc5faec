namespace QuicKestrel.Protocol.Connection;

// Idle timeout (RFC 9000 §10.1), MsQuic's handshake idle timeout, keep-alive PINGs and the
// disconnect timeout for a peer that stopped acknowledging.
internal sealed partial class QuicConnection
{
    private long _idleDeadline = long.MaxValue;
    private long _negotiatedIdleTimeout;
    private long _lastActivityTime;
    private bool _ackElicitingSentSinceReceive;
    private bool _keepAlivePending;

    /// <summary>The idle timeout in force: min of both non-zero values, and at least three PTOs (RFC 9000 §10.1).</summary>
    public long IdleTimeoutMicros => _negotiatedIdleTimeout == 0 ? 0 : Math.Max(_negotiatedIdleTimeout, 3 * _recovery.PtoPeriod);

    private void NegotiateIdleTimeout(ulong peerMillis)
    {
        long ours = _settings.IdleTimeoutMicros;
        long theirs = (long)Math.Min(peerMillis, long.MaxValue / 1000) * 1000;
        _negotiatedIdleTimeout = ours == 0 ? theirs : theirs == 0 ? ours : Math.Min(ours, theirs);
    }

    /// <summary>RFC 9000 §10.1: restarted by a processed packet, or by sending an ack-eliciting packet after one.</summary>
    private void RestartIdleTimer(long now)
    {
        _lastActivityTime = now;
        long idle = IdleTimeoutMicros;
        long deadline = idle == 0 ? long.MaxValue : now + idle;
        // MsQuic HandshakeIdleTimeoutMs: the handshake must finish in time, whatever the traffic.
        if (!_handshakeComplete && _settings.HandshakeIdleTimeoutMicros > 0)
            deadline = Math.Min(deadline, _createdAt + _settings.HandshakeIdleTimeoutMicros);
        _idleDeadline = deadline;
    }

    private void OnAckElicitingSent(long now)
    {
        if (_ackElicitingSentSinceReceive)
            return;
        _ackElicitingSentSinceReceive = true;
        RestartIdleTimer(now);
    }

    private long KeepAliveTime =>
        _settings.KeepAliveIntervalMicros > 0 && _handshakeConfirmed && _state == ConnectionState.Established
            ? _lastActivityTime + _settings.KeepAliveIntervalMicros
            : long.MaxValue;

    private void OnIdleTimers(long now)
    {
        if (now >= _idleDeadline)
        {
            ConnectionStatus status = _handshakeComplete ? ConnectionStatus.ConnectionIdle : ConnectionStatus.ConnectionTimeout;
            EnterClosedSilently(now, status, 0);
            return;
        }
        if (now >= KeepAliveTime)
        {
            _keepAlivePending = true;
            _lastActivityTime = now;
        }
    }
}
