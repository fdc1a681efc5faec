using QuicKestrel.Http3.Framing;
using QuicKestrel.Http3.Protocol;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3;

/// <summary>
/// One request in flight on its own bidirectional stream (from <see cref="Http3Client.Start"/>):
/// its response task and the means to abort either direction with an HTTP/3 error code
/// (RESET_STREAM for the send direction, STOP_SENDING for the receive direction).
/// </summary>
public sealed partial class Http3RequestHandle
{
    private static readonly QuicStreamCallback s_callback = OnStreamEvent;

    private readonly Http3Client _client;
    private readonly Http3Request _request;
    private readonly CancellationToken _cancellationToken;
    private readonly TaskCompletionSource<Http3Response> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Http3MessageReader _reader;
    private CancellationTokenRegistration _cancellation;
    private QuicHandle? _stream;
    private QuicBuffer[]? _sendBuffers;
    private long _streamId = -1;
    private int _finished;
    private int _closed;
    private volatile bool _finSent;

    internal Http3RequestHandle(Http3Client client, Http3Request request, CancellationToken cancellationToken)
    {
        _client = client;
        _request = request;
        _cancellationToken = cancellationToken;
        _reader = new Http3MessageReader(isRequest: false, client.Decoder) { IsHeadResponse = request.Method == "HEAD" };
    }

    /// <summary>Completes with the response (see <see cref="Http3Request.ResponseMode"/>), or fails with an <see cref="Http3Exception"/> (or is canceled).</summary>
    public Task<Http3Response> Response => _response.Task;

    /// <summary>The request stream's ID once the stream has started, else null.</summary>
    public ulong? StreamId => Volatile.Read(ref _streamId) is long id and >= 0 ? (ulong)id : null;

    /// <summary>
    /// How many of the request's bytes the server accepted as 0-RTT data (QUIC_PARAM_STREAM_0RTT_LENGTH),
    /// read when the response headers arrive; 0 when the request did not travel in 0-RTT or the server rejected it.
    /// </summary>
    public ulong ZeroRttLength { get; private set; }

    private QuicApiTable Api => _client.Api;

    /// <summary>Aborts the request's send direction: RESET_STREAM with <paramref name="errorCode"/>. The response may still arrive (the server usually resets too).</summary>
    /// <param name="errorCode">The HTTP/3 error code, e.g. H3_REQUEST_CANCELLED (0x10C).</param>
    public void AbortSend(ulong errorCode)
    {
        StopUpload();
        Shutdown(QuicStreamShutdownFlags.AbortSend, errorCode);
    }

    /// <summary>Stops receiving the response: STOP_SENDING with <paramref name="errorCode"/>; the request fails with <see cref="Http3FailureKind.LocallyAborted"/>.</summary>
    /// <param name="errorCode">The HTTP/3 error code.</param>
    public void AbortReceive(ulong errorCode)
    {
        Fail(new Http3Exception(Http3FailureKind.LocallyAborted, errorCode, $"The request's receive direction was aborted (0x{errorCode:x})."));
        Shutdown(QuicStreamShutdownFlags.AbortReceive, errorCode);
    }

    /// <summary>Aborts both directions with <paramref name="errorCode"/>; the request fails with <see cref="Http3FailureKind.LocallyAborted"/>.</summary>
    /// <param name="errorCode">The HTTP/3 error code.</param>
    public void Abort(ulong errorCode)
    {
        Fail(new Http3Exception(Http3FailureKind.LocallyAborted, errorCode, $"The request was aborted (0x{errorCode:x})."));
        StopUpload();
        Shutdown(QuicStreamShutdownFlags.Abort, errorCode);
    }

    internal void Begin()
    {
        if (_client.GetStartFailure() is { } failure)
        {
            Fail(failure);
            return;
        }
        byte[] headersFrame = Http3FrameWriter.CreateHeadersFrame(_client.Encoder, BuildHeaderFields());
        bool early = _client.UseEarlyData;
        QuicStatus status = Api.StreamOpen(_client.Connection, early ? QuicStreamOpenFlags.ZeroRtt : QuicStreamOpenFlags.None, s_callback, this, out _stream);
        if (status.Failed())
        {
            Fail(status == QuicStatus.Aborted ? _client.GetConnectionFailure(0, false, status) : Http3Exception.ApiFailed(status, "StreamOpen"));
            return;
        }
        _client.Track(this);
        status = Api.StreamStart(_stream, QuicStreamStartFlags.None);
        if (status.Failed())
        {
            Fail(Http3Exception.ApiFailed(status, "StreamStart"));
            CloseStream();
            return;
        }
        if (_request.BodyStream is { } body)
            StartUpload(headersFrame, body, early);
        else
            SendWholeRequest(headersFrame, early);
        if (_cancellationToken.CanBeCanceled)
        {
            _cancellation = _cancellationToken.UnsafeRegister(static state => ((Http3RequestHandle)state!).Cancel(), this);
            if (Volatile.Read(ref _finished) != 0)
                _cancellation.Unregister();
        }
    }

    private Http3Field[] BuildHeaderFields()
    {
        Http3Request request = _request;
        bool addLength = request.BodyStream is null && !HasField(request.Headers, "content-length")
            && (!request.Body.IsEmpty || request.Method is not ("GET" or "HEAD" or "DELETE" or "OPTIONS"));
        var fields = new Http3Field[4 + request.Headers.Count + (addLength ? 1 : 0)];
        fields[0] = new(":method", request.Method);
        fields[1] = new(":scheme", request.Scheme);
        fields[2] = new(":authority", request.Authority ?? _client.DefaultAuthority);
        fields[3] = new(":path", request.Path);
        request.Headers.CopyTo(fields, 4);
        if (addLength)
            fields[^1] = new("content-length", request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return fields;
    }

    private static bool HasField(List<Http3Field> fields, string name)
    {
        foreach (Http3Field field in fields)
        {
            if (field.Name == name)
                return true;
        }
        return false;
    }

    // HEADERS, DATA and trailers in one send with the FIN; the body is not copied here.
    private void SendWholeRequest(byte[] headersFrame, bool early)
    {
        ReadOnlyMemory<byte> body = _request.Body;
        List<Http3Field>? trailers = _request.Trailers is { Count: > 0 } t ? t : null;
        var buffers = new QuicBuffer[1 + (body.IsEmpty ? 0 : 2) + (trailers is null ? 0 : 1)];
        int i = 0;
        buffers[i++] = headersFrame;
        if (!body.IsEmpty)
        {
            buffers[i++] = CreateDataFrameHeader(body.Length);
            buffers[i++] = new QuicBuffer(body);
        }
        if (trailers is not null)
            buffers[i] = Http3FrameWriter.CreateHeadersFrame(_client.Encoder, [.. trailers]);
        _sendBuffers = buffers;
        _finSent = true;
        Send(buffers, QuicSendFlags.Fin | (early ? QuicSendFlags.AllowZeroRtt : 0), null);
    }

    private static byte[] CreateDataFrameHeader(int length)
    {
        var header = new byte[Http3FrameWriter.GetFrameHeaderLength(Http3FrameType.Data, (ulong)length)];
        Http3FrameWriter.WriteFrameHeader(header, Http3FrameType.Data, (ulong)length);
        return header;
    }

    private bool Send(QuicBuffer[] buffers, QuicSendFlags flags, object? context)
    {
        if (Volatile.Read(ref _closed) != 0)
            return false;
        QuicStatus status = Api.StreamSend(_stream, buffers, flags, context);
        if (status.Succeeded())
            return true;
        if (status == QuicStatus.Aborted)
            Fail(_client.GetConnectionFailure(0, false, status));
        return false;
    }

    private void Shutdown(QuicStreamShutdownFlags flags, ulong errorCode)
    {
        if (_stream is not null && Volatile.Read(ref _closed) == 0)
            Api.StreamShutdown(_stream, flags, errorCode);
    }

    private void CloseStream()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        _client.Untrack(this);
        Api.StreamClose(_stream);
    }

    private void Cancel()
    {
        if (FailCanceled())
        {
            StopUpload();
            Shutdown(QuicStreamShutdownFlags.Abort, (ulong)Http3ErrorCode.RequestCancelled);
        }
    }

    /// <summary>Ends the request with a failure unless it already ended; false when it had.</summary>
    internal bool Fail(Exception exception)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
            return false;
        _cancellation.Unregister();
        StopUpload();
        if (!_response.TrySetException(exception))
            _bodyStream?.Fail(exception, discard: exception is Http3Exception { Kind: Http3FailureKind.LocallyAborted });
        return true;
    }

    private bool FailCanceled()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
            return false;
        if (!_response.TrySetCanceled(_cancellationToken))
            _bodyStream?.Fail(new OperationCanceledException(_cancellationToken), discard: true);
        return true;
    }

    internal void FailWithConnection(ulong errorCode, bool closedRemotely, QuicStatus status)
    {
        if (Volatile.Read(ref _finished) == 0)
            Fail(_client.GetConnectionFailure(errorCode, closedRemotely, status));
    }
}
