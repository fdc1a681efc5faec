using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Perf;

/// <summary>
/// The server's side of one request stream: reads the 8-byte header (possibly split across
/// buffers), drains the upload, and on the peer's FIN answers with the wanted bytes. Instances
/// are pooled by their <see cref="ServerConnection"/>; callbacks run on the connection's worker.
/// </summary>
internal sealed class ServerStream
{
    private readonly ServerConnection _owner;
    private readonly byte[] _header = new byte[PerfProtocol.HeaderLength];
    private readonly PayloadSender _sender = new();
    private QuicApiTable _api = null!;
    private int _headerFilled;

    public ServerStream(ServerConnection owner) => _owner = owner;

    public QuicStreamCallback Callback => OnEvent;

    public void Reset(QuicApiTable api)
    {
        _api = api;
        _headerFilled = 0;
    }

    private QuicStatus OnEvent(QuicHandle stream, object? context, ref QuicStreamEvent evt)
    {
        switch (evt.Type)
        {
            case QuicStreamEventType.Receive:
                OnReceive(stream, in evt.Receive);
                break;
            case QuicStreamEventType.SendComplete:
                if (!evt.SendComplete.Canceled)
                    _sender.OnSendComplete();
                break;
            case QuicStreamEventType.PeerSendAborted:
            case QuicStreamEventType.PeerReceiveAborted:
                _api.StreamShutdown(stream, QuicStreamShutdownFlags.Abort, 0);
                break;
            case QuicStreamEventType.ShutdownComplete:
                _api.StreamClose(stream);
                _owner.Return(this);
                break;
        }
        return QuicStatus.Success;
    }

    private void OnReceive(QuicHandle stream, in QuicStreamEvent.ReceivePayload receive)
    {
        ulong left = receive.TotalBufferLength;
        foreach (QuicBuffer buffer in receive.Buffers.Span)
        {
            if (left == 0 || _headerFilled == PerfProtocol.HeaderLength)
                break;
            int take = (int)Math.Min(Math.Min(buffer.Length, left), (ulong)(PerfProtocol.HeaderLength - _headerFilled));
            buffer.Span[..take].CopyTo(_header.AsSpan(_headerFilled));
            _headerFilled += take;
            left -= (ulong)take;
        }
        if ((receive.Flags & QuicReceiveFlags.Fin) == 0)
            return;
        if (_headerFilled < PerfProtocol.HeaderLength)
        {
            _api.StreamShutdown(stream, QuicStreamShutdownFlags.Abort, 1);
            return;
        }
        _sender.Begin(_api, stream, ReadOnlyMemory<byte>.Empty, PerfProtocol.ReadHeader(_header));
    }
}
