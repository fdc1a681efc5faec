using System.Diagnostics;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Perf;

/// <summary>
/// One request at a time on a client connection: opens a stream, sends the header and the upload
/// payload with FIN, counts the response until the server's FIN. Reused for every request of its
/// connection; <see cref="Completed"/> runs on the connection's worker once the stream is closed,
/// and may start the next request from there.
/// </summary>
internal sealed class ClientRequest
{
    private readonly QuicApiTable _api;
    private readonly QuicHandle _connection;
    private readonly byte[] _header = new byte[PerfProtocol.HeaderLength];
    private readonly PayloadSender _sender = new();
    private readonly QuicStreamCallback _callback;
    private ulong _wanted;

    public ClientRequest(QuicApiTable api, QuicHandle connection)
    {
        _api = api;
        _connection = connection;
        _callback = OnEvent;
    }

    /// <summary>Called on the worker after each request's stream closed.</summary>
    public Action<ClientRequest>? Completed { get; set; }

    public long StartTimestamp { get; private set; }

    /// <summary>When the response's FIN arrived (Stopwatch ticks).</summary>
    public long FinishTimestamp { get; private set; }

    public ulong ReceivedBytes { get; private set; }

    /// <summary>True when the response was complete: FIN seen with exactly the bytes wanted.</summary>
    public bool Succeeded { get; private set; }

    /// <summary>Opens a stream and sends the request; false if the stack refused.</summary>
    public bool Start(ulong downloadBytes, ulong uploadBytes)
    {
        _wanted = downloadBytes;
        ReceivedBytes = 0;
        Succeeded = false;
        PerfProtocol.WriteHeader(_header, downloadBytes);
        if (_api.StreamOpen(_connection, QuicStreamOpenFlags.None, _callback, null, out QuicHandle? stream) != QuicStatus.Success)
            return false;
        StartTimestamp = Stopwatch.GetTimestamp();
        if (_api.StreamStart(stream, QuicStreamStartFlags.None) is not (QuicStatus.Success or QuicStatus.Pending))
        {
            _api.StreamClose(stream);
            return false;
        }
        _sender.Begin(_api, stream!, _header, uploadBytes);
        return true;
    }

    private QuicStatus OnEvent(QuicHandle stream, object? context, ref QuicStreamEvent evt)
    {
        switch (evt.Type)
        {
            case QuicStreamEventType.Receive:
                ReceivedBytes += evt.Receive.TotalBufferLength;
                if ((evt.Receive.Flags & QuicReceiveFlags.Fin) != 0)
                    Finish();
                break;
            case QuicStreamEventType.PeerSendShutdown:
                if (FinishTimestamp < StartTimestamp)
                    Finish();
                break;
            case QuicStreamEventType.SendComplete:
                if (!evt.SendComplete.Canceled && evt.SendComplete.ClientContext == _sender)
                    _sender.OnSendComplete();
                break;
            case QuicStreamEventType.ShutdownComplete:
                _api.StreamClose(stream);
                Completed?.Invoke(this);
                break;
        }
        return QuicStatus.Success;
    }

    private void Finish()
    {
        FinishTimestamp = Stopwatch.GetTimestamp();
        Succeeded = ReceivedBytes == _wanted;
    }
}
