using QuicKestrel.Http3.Protocol;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3;

public sealed partial class Http3RequestHandle : IBodySink, IReceiveController
{
    private IBodySink _sink = DiscardBodySink.Instance;
    private BufferedBody? _buffered;
    private ResponseBodyStream? _bodyStream;
    private Http3Response? _pending;
    private bool _receiveFailed;

    // Runs on the connection's worker, one event at a time.
    private static QuicStatus OnStreamEvent(QuicHandle stream, object? context, ref QuicStreamEvent evt)
    {
        var self = (Http3RequestHandle)context!;
        switch (evt.Type)
        {
            case QuicStreamEventType.StartComplete:
                self.OnStartComplete(evt.StartComplete.Status, evt.StartComplete.ID);
                break;
            case QuicStreamEventType.Receive:
                self.OnReceive(ref evt);
                break;
            case QuicStreamEventType.SendComplete:
                self.OnSendComplete(evt.SendComplete.ClientContext);
                break;
            case QuicStreamEventType.PeerSendShutdown:
                self.OnPeerFinished();
                break;
            case QuicStreamEventType.PeerSendAborted:
                self.OnPeerReset(evt.PeerSendAborted.ErrorCode);
                break;
            case QuicStreamEventType.PeerReceiveAborted:
                self.OnPeerStopSending(evt.PeerReceiveAborted.ErrorCode);
                break;
            case QuicStreamEventType.SendShutdownComplete:
                self.StopUpload();
                break;
            case QuicStreamEventType.ShutdownComplete:
                self.OnShutdownComplete(evt.ShutdownComplete);
                break;
        }
        return QuicStatus.Success;
    }

    int IBodySink.Write(ReadOnlySpan<byte> data) => _sink.Write(data);

    private void OnStartComplete(QuicStatus status, ulong id)
    {
        if (status.Failed())
        {
            // A failed start is the stream's only event: clean up here.
            Fail(status == QuicStatus.Aborted ? _client.GetConnectionFailure(0, false, status) : Http3Exception.ApiFailed(status, "StreamStart"));
            CloseStream();
            return;
        }
        Volatile.Write(ref _streamId, (long)id);
        if (_client.GoAwayStreamId is ulong goAway && id >= goAway)
            OnGoAway(goAway);
    }

    internal void OnGoAway(ulong goAwayId)
    {
        if (StreamId is not ulong id || id < goAwayId)
            return;
        if (Fail(new Http3Exception(Http3FailureKind.GoAway, 0, $"The server's GOAWAY ({goAwayId}) excluded request stream {id}; it was not processed.")))
            Shutdown(QuicStreamShutdownFlags.Abort, (ulong)Http3ErrorCode.RequestCancelled);
    }

    private void OnReceive(ref QuicStreamEvent evt)
    {
        if (_receiveFailed || Volatile.Read(ref _finished) != 0)
            return; // everything is consumed and dropped
        ReadOnlySpan<QuicBuffer> buffers = evt.Receive.Buffers.Span;
        ulong consumed = 0;
        for (int i = 0; i < (int)evt.Receive.BufferCount; i++)
        {
            ReadOnlySpan<byte> data = buffers[i].Span;
            int used = Parse(data, out bool stop);
            consumed += (ulong)used;
            if (stop)
            {
                if (!_receiveFailed)
                    evt.Receive.TotalBufferLength = consumed; // paused: the rest comes again after StreamReceiveSetEnabled
                return;
            }
        }
        if ((evt.Receive.Flags & QuicReceiveFlags.Fin) != 0)
            OnPeerFinished();
    }

    // Feeds one buffer to the reader; stop is set on a pause (back-pressure) or a failure.
    private int Parse(ReadOnlySpan<byte> data, out bool stop)
    {
        int offset = 0;
        while (true)
        {
            MessageReadStatus status = _reader.Read(data.Slice(offset), this, out int used, out Http3ProtocolError error);
            offset += used;
            if (_buffered is { TooLarge: true })
            {
                OnProtocolError(Http3ProtocolError.Stream(Http3ErrorCode.ExcessiveLoad, "response body larger than MaxBufferedBodyLength"));
                status = MessageReadStatus.Error;
            }
            switch (status)
            {
                case MessageReadStatus.NeedMoreData:
                    stop = false;
                    return offset;
                case MessageReadStatus.HeadersReceived:
                    OnHeadersReceived();
                    continue;
                case MessageReadStatus.Paused:
                    stop = true;
                    return offset;
                default:
                    if (!_receiveFailed)
                        OnProtocolError(error);
                    stop = true;
                    return offset;
            }
        }
    }

    private void OnHeadersReceived()
    {
        // Response data is 1-RTT, so CONNECTED (which settles the 0-RTT length) came first.
        if (Api.GetParam(_stream, QuicParam.StreamZeroRttLength, out ulong zeroRttLength).Succeeded())
            ZeroRttLength = zeroRttLength;
        var response = new Http3Response(StreamId ?? 0, _reader.Status, _reader.Headers);
        switch (_request.ResponseMode)
        {
            case Http3ResponseMode.Streamed:
                _bodyStream = new ResponseBodyStream(this, _client.Options.StreamedBodyBufferSize);
                _sink = _bodyStream;
                response.BodyStream = _bodyStream;
                _pending = response;
                _response.TrySetResult(response);
                break;
            case Http3ResponseMode.Buffered:
                _buffered = new BufferedBody(_reader.ContentLength, _client.Options.MaxBufferedBodyLength);
                _sink = _buffered;
                _pending = response;
                break;
            default:
                _sink = DiscardBodySink.Instance;
                _pending = response;
                break;
        }
    }

    // The peer's FIN arrived and everything before it was consumed.
    private void OnPeerFinished()
    {
        if (_receiveFailed || Volatile.Read(ref _finished) != 0)
            return;
        if (!_reader.TryFinish(out Http3ProtocolError error))
        {
            OnProtocolError(error);
            return;
        }
        if (Interlocked.Exchange(ref _finished, 1) != 0)
            return;
        _cancellation.Unregister();
        Http3Response response = _pending!;
        response.BodyLength = _reader.BodyLength;
        response.Trailers = _reader.Trailers ?? [];
        if (_bodyStream is not null)
        {
            _bodyStream.Complete();
            return;
        }
        response.Body = _buffered?.Content ?? default;
        _response.TrySetResult(response);
    }

    private void OnProtocolError(Http3ProtocolError error)
    {
        _receiveFailed = true;
        if (error.IsConnectionError)
            _client.FailConnection(error);
        else
            Shutdown(QuicStreamShutdownFlags.Abort, (ulong)error.Code);
        Fail(new Http3Exception(Http3FailureKind.ProtocolError, (ulong)error.Code, $"HTTP/3 {(error.IsConnectionError ? "connection" : "stream")} error {error.Code}: {error.Reason}."));
    }

    private void OnPeerReset(ulong errorCode)
    {
        if (Fail(new Http3Exception(Http3FailureKind.StreamReset, errorCode, $"The server reset the request stream ({DescribeCode(errorCode)}).")) && !_finSent)
            Shutdown(QuicStreamShutdownFlags.AbortSend, (ulong)Http3ErrorCode.RequestCancelled);
    }

    // §4.1.1: STOP_SENDING with H3_NO_ERROR asks us to stop sending but keeps the response valid.
    private void OnPeerStopSending(ulong errorCode)
    {
        StopUpload();
        Shutdown(QuicStreamShutdownFlags.AbortSend, errorCode); // reply with RESET_STREAM carrying the code
        if (errorCode != (ulong)Http3ErrorCode.NoError)
            Fail(new Http3Exception(Http3FailureKind.StopSending, errorCode, $"The server stopped reading the request ({DescribeCode(errorCode)})."));
    }

    private void OnShutdownComplete(QuicStreamEvent.ShutdownCompletePayload payload)
    {
        if (Volatile.Read(ref _finished) == 0)
        {
            if (payload.ConnectionShutdown)
                FailWithConnection(payload.ConnectionErrorCode, payload.ConnectionClosedRemotely, payload.ConnectionCloseStatus);
            else
                Fail(new Http3Exception(Http3FailureKind.StreamReset, 0, "The request stream closed without a complete response."));
        }
        StopUpload();
        CloseStream();
    }

    /// <summary>Lets receiving continue after back-pressure paused it (from the body stream's reader).</summary>
    void IReceiveController.ResumeReceive()
    {
        if (_stream is not null && Volatile.Read(ref _closed) == 0)
            Api.StreamReceiveSetEnabled(_stream, true);
    }

    private static string DescribeCode(ulong code) =>
        Enum.IsDefined((Http3ErrorCode)code) ? $"{(Http3ErrorCode)code}, 0x{code:x}" : $"0x{code:x}";
}
