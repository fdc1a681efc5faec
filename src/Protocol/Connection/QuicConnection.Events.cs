using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Connection;

// Events for the API layer and the endpoint, as structs in reusable rings. Stream-layer and
// datagram events are moved into the connection's ring as they happen (after each packet and each
// command), so the order the application sees matches the order things happened.
internal sealed partial class QuicConnection
{
    private byte[]? _deliveredDatagramBuffer;
    private long _lastEventTime;

    /// <summary>
    /// The next event, oldest first. <see cref="ConnectionEventKind.ShutdownComplete"/> is always the
    /// last one. A <see cref="ConnectionEventKind.DatagramReceived"/> payload is valid until the next call.
    /// </summary>
    public bool PollEvent(out ConnectionEvent connectionEvent)
    {
        if (_deliveredDatagramBuffer is { } buffer)
        {
            _options.BufferPool.Return(buffer);
            _deliveredDatagramBuffer = null;
        }
        if (!_events.TryDequeue(out connectionEvent))
            return false;
        if (connectionEvent.Kind == ConnectionEventKind.DatagramReceived)
            _deliveredDatagramBuffer = (byte[])connectionEvent.Context!;
        return true;
    }

    /// <summary>Gives back the pooled copies of received datagrams still queued (the connection is being disposed).</summary>
    private void ReturnDatagramBuffers()
    {
        // Each PollEvent returns the buffer the previous one handed out; the last is returned here.
        while (PollEvent(out _))
        {
        }
        if (_deliveredDatagramBuffer is { } last)
            _options.BufferPool.Return(last);
        _deliveredDatagramBuffer = null;
    }

    /// <summary>The next routing or lifetime change for the endpoint.</summary>
    public bool PollEndpointEvent(out EndpointEvent endpointEvent) => _endpointEvents.TryDequeue(out endpointEvent);

    /// <summary>Events waiting to be polled.</summary>
    public int PendingEventCount => _events.Count;

    private void Emit(in ConnectionEvent connectionEvent)
    {
        // Nothing may follow SHUTDOWN_COMPLETE.
        if (_shutdownCompleteRaised && connectionEvent.Kind != ConnectionEventKind.ShutdownComplete)
            return;
        _events.Enqueue(connectionEvent);
    }

    /// <summary>Moves the stream layer's and datagram queue's events into the connection's ring.</summary>
    private void DrainStreamEvents(bool zeroRtt)
    {
        ConnectionEventFlags zeroRttFlag = zeroRtt ? ConnectionEventFlags.ZeroRtt : ConnectionEventFlags.None;
        while (_streams.TryPollEvent(out StreamEvent streamEvent))
        {
            if (streamEvent.Kind == StreamEventKind.DataAvailable && _receiveDisabled.Contains(streamEvent.Stream!.Id))
                continue; // raised again when receiving is enabled
            if (streamEvent.Kind == StreamEventKind.StreamClosed)
                _receiveDisabled.Remove(streamEvent.Stream!.Id);
            Emit(Translate(streamEvent, zeroRttFlag));
        }
        DrainDatagramEvents();
        StartWaitingStreams();
    }

    private ConnectionEvent Translate(in StreamEvent e, ConnectionEventFlags zeroRtt) => e.Kind switch
    {
        StreamEventKind.PeerStreamOpened => new(ConnectionEventKind.PeerStreamStarted, zeroRtt, e.Stream),
        StreamEventKind.DataAvailable => new(ConnectionEventKind.StreamDataAvailable, zeroRtt, e.Stream),
        StreamEventKind.PeerSendAborted => new(ConnectionEventKind.StreamPeerSendAborted, Stream: e.Stream, ErrorCode: e.ErrorCode),
        StreamEventKind.PeerReceiveAborted => new(ConnectionEventKind.StreamPeerReceiveAborted, Stream: e.Stream, ErrorCode: e.ErrorCode),
        StreamEventKind.SendShutdownComplete => new(ConnectionEventKind.StreamSendShutdownComplete,
            e.Flag ? ConnectionEventFlags.Enabled : ConnectionEventFlags.None, e.Stream, e.ErrorCode),
        StreamEventKind.SendBufferAvailable => new(ConnectionEventKind.StreamSendBufferAvailable, Stream: e.Stream),
        StreamEventKind.StreamClosed => new(ConnectionEventKind.StreamClosed, Stream: e.Stream),
        StreamEventKind.StreamsAvailable => new(ConnectionEventKind.StreamsAvailable,
            Value: _streams.AvailableLocalStreams(bidirectional: true), Value2: _streams.AvailableLocalStreams(bidirectional: false)),
        _ => new(ConnectionEventKind.PeerNeedsStreams, e.Flag ? ConnectionEventFlags.Bidirectional : ConnectionEventFlags.None),
    };

    private void DrainDatagramEvents()
    {
        while (_datagrams.TryPollEvent(out DatagramEvent datagramEvent))
        {
            if (datagramEvent.Kind == DatagramEventKind.SendStateChanged)
                Emit(new ConnectionEvent(ConnectionEventKind.DatagramSendStateChanged, Context: datagramEvent.Context,
                    DatagramState: datagramEvent.State));
            else
                Emit(new ConnectionEvent(ConnectionEventKind.DatagramStateChanged,
                    datagramEvent.SendEnabled ? ConnectionEventFlags.Enabled : ConnectionEventFlags.None,
                    Value: datagramEvent.MaxSendLength));
        }
    }
}
