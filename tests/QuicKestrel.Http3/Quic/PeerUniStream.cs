using QuicKestrel.Http3.Protocol;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3.Quic;

/// <summary>A unidirectional stream the peer opened: feeds <see cref="PeerUniStreamReader"/> and carries out its verdicts.</summary>
internal sealed class PeerUniStream
{
    public static readonly QuicStreamCallback Callback = OnEvent;

    private readonly IHttp3ConnectionOwner _owner;
    private readonly PeerUniStreamReader _reader;
    private bool _stopped;

    private PeerUniStream(IHttp3ConnectionOwner owner, PeerUniStreamReader reader)
    {
        _owner = owner;
        _reader = reader;
    }

    /// <summary>Accepts a peer-started unidirectional stream (inside PEER_STREAM_STARTED).</summary>
    public static void Accept(IHttp3ConnectionOwner owner, QuicHandle stream, Http3ConnectionState state, IControlStreamHandler handler)
    {
        var peer = new PeerUniStream(owner, new PeerUniStreamReader(state, handler));
        owner.Api.SetCallbackHandler(stream, Callback, peer);
    }

    private static QuicStatus OnEvent(QuicHandle stream, object? context, ref QuicStreamEvent evt)
    {
        var self = (PeerUniStream)context!;
        switch (evt.Type)
        {
            case QuicStreamEventType.Receive:
                self.OnReceive(stream, ref evt);
                break;
            case QuicStreamEventType.PeerSendShutdown or QuicStreamEventType.PeerSendAborted:
                self.OnPeerClosed();
                break;
            case QuicStreamEventType.ShutdownComplete:
                self._owner.Api.StreamClose(stream);
                break;
        }
        return QuicStatus.Success;
    }

    private void OnReceive(QuicHandle stream, ref QuicStreamEvent evt)
    {
        ReadOnlySpan<QuicBuffer> buffers = evt.Receive.Buffers.Span;
        for (int i = 0; i < (int)evt.Receive.BufferCount && !_stopped; i++)
        {
            UniStreamVerdict verdict = _reader.Read(buffers[i].Span, out Http3ProtocolError error);
            if (verdict == UniStreamVerdict.AbortReceive)
            {
                _stopped = true;
                _owner.Api.StreamShutdown(stream, QuicStreamShutdownFlags.AbortReceive, (ulong)error.Code);
            }
            else if (verdict == UniStreamVerdict.ConnectionError)
            {
                _stopped = true;
                _owner.FailConnection(error);
            }
        }
    }

    private void OnPeerClosed()
    {
        if (_stopped || _owner.IsClosing)
            return;
        if (_reader.OnPeerClosed(out Http3ProtocolError error) == UniStreamVerdict.ConnectionError)
        {
            _stopped = true;
            _owner.FailConnection(error);
        }
    }
}
