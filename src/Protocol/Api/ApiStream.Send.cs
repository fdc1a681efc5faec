using QuicKestrel.Protocol.Connection;

namespace QuicKestrel.Protocol.Api;

// StreamSend and StreamShutdown. With send buffering the data is copied into the engine's send
// buffer and SEND_COMPLETE follows at once; when the buffer is full the rest waits for room
// (the engine says when), so a send completes once all of it is copied. Sends and shutdowns made
// before the stream has its ID wait for it.
internal sealed partial class ApiStream
{
    private SendRequest? _sendHead;
    private SendRequest? _sendTail;
    private QuicStreamShutdownFlags _queuedShutdown;
    private ulong _queuedShutdownCode;
    private bool _finAfterSends;

    /// <summary>StreamSend's synchronous part: state checks, then the request goes to the worker.</summary>
    public QuicStatus Send(ReadOnlyMemory<QuicBuffer> buffers, QuicSendFlags flags, object? context)
    {
        lock (_apiGate)
        {
            if (_closeCalled || !CanSend || _sendClosed)
                return QuicStatus.InvalidState;
            if ((flags & QuicSendFlags.Fin) != 0)
                _sendClosed = true;
            if ((flags & QuicSendFlags.Start) != 0)
                _startCalled = true;
        }
        if (Connection.ClosedByPeer)
            return QuicStatus.Aborted;
        SendRequest request = Connection.SendRequests.Rent();
        request.Set(this, buffers, flags, context);
        return Connection.Post(ApiOperation.StreamSend, state: request) ? QuicStatus.Pending : QuicStatus.Aborted;
    }

    /// <summary>StreamShutdown's synchronous part.</summary>
    public QuicStatus Shutdown(QuicStreamShutdownFlags flags, ulong errorCode)
    {
        lock (_apiGate)
        {
            if (_closeCalled)
                return QuicStatus.InvalidState;
            if ((flags & (QuicStreamShutdownFlags.Graceful | QuicStreamShutdownFlags.AbortSend)) != 0)
                _sendClosed = true;
        }
        return Connection.Post(ApiOperation.StreamShutdown, (int)flags, (long)errorCode, this) ? QuicStatus.Pending : QuicStatus.Aborted;
    }

    internal void ExecuteSend(SendRequest request, long now)
    {
        if (Handle.IsClosed || Phase == StreamPhase.Finished)
        {
            CompleteSend(request, canceled: true, deliver: !Handle.IsClosed);
            return;
        }
        if (_sendTail is null)
            _sendHead = request;
        else
            _sendTail.Next = request;
        _sendTail = request;
        if (Phase == StreamPhase.Opened && (request.Flags & QuicSendFlags.Start) != 0)
            ExecuteStart(QuicStreamStartFlags.None, now);
        if (Phase == StreamPhase.Started)
            PumpSends(now);
    }

    /// <summary>Copies queued sends into the engine in order until its buffer is full.</summary>
    internal void PumpSends(long now)
    {
        if (Phase != StreamPhase.Started || Engine is not { } stream || Connection.Engine is not { } engine)
            return;
        while (_sendHead is { } request)
        {
            if (stream.Send is not { CanWrite: true })
            {
                CancelSends(deliver: true);
                return;
            }
            if (!WriteRequest(engine, stream, request, now))
                return;
            _sendHead = request.Next;
            if (_sendHead is null)
                _sendTail = null;
            CompleteSend(request, canceled: false, deliver: true);
        }
        if (_finAfterSends)
        {
            _finAfterSends = false;
            engine.ShutdownStream(stream, StreamShutdownKind.Graceful, 0, now);
        }
    }

    /// <summary>True once every byte of the request (and its FIN) is in the engine's buffer.</summary>
    private static bool WriteRequest(QuicConnection engine, Streams.QuicStream stream, SendRequest request, long now)
    {
        ReadOnlySpan<QuicBuffer> buffers = request.Buffers.Span;
        if (buffers.IsEmpty)
        {
            if (request.HasFin)
                engine.Write(stream, default, fin: true, now);
            return true;
        }
        while (request.BufferIndex < buffers.Length)
        {
            ReadOnlySpan<byte> rest = buffers[request.BufferIndex].Span[request.Offset..];
            bool fin = request.HasFin && request.BufferIndex == buffers.Length - 1;
            int taken = engine.Write(stream, rest, fin, now);
            request.Offset += taken;
            if (taken < rest.Length)
                return false;
            request.BufferIndex++;
            request.Offset = 0;
        }
        return true;
    }

    private void CompleteSend(SendRequest request, bool canceled, bool deliver)
    {
        if (deliver)
            Connection.QueueEvent(new ApiEvent(ApiEventKind.StreamSendComplete, this, Context: request.Context, Flag: canceled));
        Connection.SendRequests.Return(request);
    }

    /// <summary>Every queued send ends canceled (abort, shutdown, close).</summary>
    internal void CancelSends(bool deliver)
    {
        while (_sendHead is { } request)
        {
            _sendHead = request.Next;
            CompleteSend(request, canceled: true, deliver);
        }
        _sendTail = null;
    }

    internal void ExecuteShutdown(QuicStreamShutdownFlags flags, ulong errorCode, long now)
    {
        if (Handle.IsClosed || Phase == StreamPhase.Finished)
            return;
        if (Phase != StreamPhase.Started)
        {
            _queuedShutdown |= flags;
            _queuedShutdownCode = errorCode;
            return;
        }
        Shutdown(flags, errorCode, now);
    }

    private void ApplyQueuedShutdown(long now)
    {
        if (_queuedShutdown == QuicStreamShutdownFlags.None)
            return;
        QuicStreamShutdownFlags flags = _queuedShutdown;
        _queuedShutdown = QuicStreamShutdownFlags.None;
        Shutdown(flags, _queuedShutdownCode, now);
    }

    private void Shutdown(QuicStreamShutdownFlags flags, ulong errorCode, long now)
    {
        QuicConnection engine = Connection.Engine!;
        Streams.QuicStream stream = Engine!;
        if ((flags & QuicStreamShutdownFlags.Graceful) != 0)
        {
            if (_sendHead is null)
                engine.ShutdownStream(stream, StreamShutdownKind.Graceful, 0, now);
            else
                _finAfterSends = true;
            return;
        }
        var kind = (StreamShutdownKind)0;
        if ((flags & QuicStreamShutdownFlags.AbortSend) != 0 && stream.Send is not null)
        {
            CancelSends(deliver: true);
            kind |= StreamShutdownKind.AbortSend;
        }
        if ((flags & QuicStreamShutdownFlags.AbortReceive) != 0 && stream.Receive is not null)
            kind |= StreamShutdownKind.AbortReceive;
        if (kind != 0)
            engine.ShutdownStream(stream, kind, errorCode, now);
        if ((flags & QuicStreamShutdownFlags.Immediate) != 0)
            Connection.QueueEvent(new ApiEvent(ApiEventKind.StreamShutdownComplete, this));
    }

    /// <summary>IDEAL_SEND_BUFFER_SIZE when it changes: the connection's ideal size, bounded by what the stream's flow-control window can carry.</summary>
    internal void UpdateIdealSendBuffer()
    {
        if (Phase != StreamPhase.Started || Engine?.Send is not { } send)
            return;
        ulong ideal = Connection.IdealSendBufferSize;
        ulong window = (ulong)Math.Max(0, send.CreditLimit - send.AckedPrefix);
        if (window < ideal)
            ideal = Math.Min(ideal, ApiConnection.NextIdealBytes(window));
        if (ideal == IdealSendBufferSize)
            return;
        IdealSendBufferSize = ideal;
        Connection.QueueEvent(new ApiEvent(ApiEventKind.StreamIdealSendBufferSize, this, Value: ideal));
    }
}
