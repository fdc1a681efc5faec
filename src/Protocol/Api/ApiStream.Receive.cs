using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Api;

// RECEIVE: the readable data as buffers over the engine's receive buffer, then what the
// application consumed: everything (continue), part (receives pause until
// StreamReceiveSetEnabled; CONTINUE delivers the rest at once), or PENDING (it keeps the buffers
// and calls StreamReceiveComplete once). The FIN comes with the last data (or alone, with no
// buffers); PEER_SEND_SHUTDOWN follows once it is consumed.
internal sealed partial class ApiStream
{
    private const int MaxSegments = 8;
    private const int MaxDeliveriesPerCall = 16;

    private readonly QuicBuffer[] _receiveBuffers = new QuicBuffer[MaxSegments];
    private readonly ReadOnlyMemory<byte>[] _segments = new ReadOnlyMemory<byte>[MaxSegments];
    private bool _receiveEnabled = true;
    private bool _receivePending;
    private long _pendingLength;
    private bool _pendingFin;
    private bool _zeroRttData;
    private bool _finConsumed;
    private bool _peerSendShutdownDelivered;

    /// <summary>StreamReceiveComplete's synchronous part (MsQuic ignores a bad handle).</summary>
    public void ReceiveComplete(ulong bytes)
    {
        if (!Handle.IsClosed)
            Connection.Post(ApiOperation.StreamReceiveComplete, argument: (long)Math.Min(bytes, long.MaxValue), state: this);
    }

    public QuicStatus ReceiveSetEnabled(bool enabled) =>
        Connection.Post(ApiOperation.StreamReceiveSetEnabled, enabled ? 1 : 0, state: this) ? QuicStatus.Pending : QuicStatus.InvalidState;

    /// <summary>The engine has new data (or the FIN) for this stream.</summary>
    internal void OnDataAvailable(bool zeroRtt, long now)
    {
        _zeroRttData |= zeroRtt;
        DeliverReceive(now);
    }

    /// <summary>Delivers RECEIVE events while data is readable and the application takes it all.</summary>
    internal void DeliverReceive(long now)
    {
        for (int i = 0; i < MaxDeliveriesPerCall; i++)
        {
            if (Phase != StreamPhase.Started || !IsAccepted || !_receiveEnabled || _receivePending)
                return;
            if (_finConsumed)
            {
                DeliverPeerSendShutdown();
                return;
            }
            if (!DeliverOneReceive(now))
                return;
        }
        Connection.QueueEvent(new ApiEvent(ApiEventKind.StreamReceiveReady, this)); // more after the other events
    }

    /// <summary>One RECEIVE; true when the application took it all and more may follow at once.</summary>
    private bool DeliverOneReceive(long now)
    {
        if (Engine?.Receive is not { } receive || Connection.Engine is not { } engine)
            return false;
        if (receive.ReadableLength == 0 && !receive.IsFinReadable)
            return false;
        int count = engine.BeginRead(Engine, _segments);
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            _receiveBuffers[i] = new QuicBuffer(_segments[i]);
            total += _segments[i].Length;
        }
        bool fin = receive.IsFinReadable && receive.ReadOffset + total == receive.FinalSize;
        QuicReceiveFlags flags = (fin ? QuicReceiveFlags.Fin : QuicReceiveFlags.None) | (_zeroRttData ? QuicReceiveFlags.ZeroRtt : QuicReceiveFlags.None);
        _zeroRttData = false;
        _event.Type = QuicStreamEventType.Receive;
        _event.Receive = new()
        {
            AbsoluteOffset = (ulong)receive.ReadOffset,
            TotalBufferLength = (ulong)total,
            Buffers = _receiveBuffers.AsMemory(0, count),
            BufferCount = (uint)count,
            Flags = flags,
        };
        QuicStatus status = Indicate();
        if (status == QuicStatus.Pending)
        {
            _receivePending = true;
            _pendingLength = total;
            _pendingFin = fin;
            return false;
        }
        long consumed = (long)Math.Min(_event.Receive.TotalBufferLength, (ulong)total);
        return Consume(engine, consumed, total, fin, status == QuicStatus.Continue, now);
    }

    /// <summary>Gives consumed bytes back to the engine; false when receives pause or nothing more is due now.</summary>
    private bool Consume(Connection.QuicConnection engine, long consumed, long total, bool fin, bool continueAtOnce, long now)
    {
        if (Engine is null || Phase != StreamPhase.Started)
            return false;
        engine.CompleteRead(Engine, consumed, now);
        if (fin && consumed == total)
        {
            _finConsumed = true;
            return true;
        }
        if (consumed < total && !continueAtOnce)
        {
            _receiveEnabled = false;
            return false;
        }
        return true;
    }

    internal void ExecuteReceiveComplete(ulong bytes, long now)
    {
        if (!_receivePending || Connection.Engine is not { } engine)
            return;
        _receivePending = false;
        long consumed = (long)Math.Min(bytes, (ulong)_pendingLength);
        if (Consume(engine, consumed, _pendingLength, _pendingFin, continueAtOnce: false, now))
            Connection.QueueEvent(new ApiEvent(ApiEventKind.StreamReceiveReady, this));
    }

    internal void ExecuteReceiveSetEnabled(bool enabled)
    {
        _receiveEnabled = enabled;
        if (enabled && !_receivePending && Phase == StreamPhase.Started)
            Connection.QueueEvent(new ApiEvent(ApiEventKind.StreamReceiveReady, this));
    }

    private void DeliverPeerSendShutdown()
    {
        if (_peerSendShutdownDelivered)
            return;
        _peerSendShutdownDelivered = true;
        _event.Type = QuicStreamEventType.PeerSendShutdown;
        Indicate();
    }
}
