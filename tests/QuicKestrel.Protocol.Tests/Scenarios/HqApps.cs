using System.Text;
using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Tests.Scenarios;

/// <summary>
/// The scenarios' application protocol, after hq-interop: the client sends the size it wants as
/// ASCII digits and "\r\n", then FIN, on a bidirectional stream; the server answers with that many
/// bytes of <see cref="Body"/> and FIN. Every byte is checked on arrival.
/// </summary>
internal static class HqProtocol
{
    /// <summary>Byte <paramref name="offset"/> of the response on stream <paramref name="streamId"/>.</summary>
    public static byte Body(long streamId, long offset) => (byte)(offset * 31 + streamId * 7 + (offset >> 8));

    public static void FillBody(long streamId, long offset, Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = Body(streamId, offset + i);
    }
}

/// <summary>The server side: answers every request, writing as the send buffer frees up.</summary>
internal sealed class HqServerApp
{
    private readonly ReadOnlyMemory<byte>[] _segments = new ReadOnlyMemory<byte>[32];
    private readonly byte[] _scratch = new byte[64 * 1024];
    private readonly Dictionary<QuicStream, Response> _responses = [];

    /// <summary>Send a resumption ticket as soon as each connection is up.</summary>
    public bool SendTickets { get; init; }

    public int RequestsServed { get; private set; }

    public string? Error { get; private set; }

    public void OnEvent(QuicConnection connection, in ConnectionEvent e, long now)
    {
        switch (e.Kind)
        {
            case ConnectionEventKind.Connected when SendTickets:
                connection.SendResumptionTicket("scenario"u8, now);
                break;
            case ConnectionEventKind.StreamDataAvailable:
                ReadRequest(connection, e.Stream!, now);
                break;
            case ConnectionEventKind.StreamSendBufferAvailable:
                if (_responses.ContainsKey(e.Stream!))
                    Continue(connection, e.Stream!, now);
                break;
            case ConnectionEventKind.StreamClosed:
                _responses.Remove(e.Stream!);
                break;
        }
    }

    private void ReadRequest(QuicConnection connection, QuicStream stream, long now)
    {
        if (!_responses.TryGetValue(stream, out Response? response))
            _responses[stream] = response = new Response();
        int count = connection.BeginRead(stream, _segments);
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            response.Request.Append(Encoding.ASCII.GetString(_segments[i].Span));
            total += _segments[i].Length;
        }
        ReceiveStream receive = stream.Receive!;
        bool fin = receive.IsFinReadable && receive.ReadOffset + total == receive.FinalSize;
        connection.CompleteRead(stream, total, now);
        if (!fin || response.Size >= 0)
            return;
        string text = response.Request.ToString();
        if (!text.EndsWith("\r\n", StringComparison.Ordinal) || !long.TryParse(text.AsSpan(0, text.Length - 2), out long size))
        {
            Error = $"bad request '{text}'";
            return;
        }
        response.Size = size;
        RequestsServed++;
        Continue(connection, stream, now);
    }

    private void Continue(QuicConnection connection, QuicStream stream, long now)
    {
        Response response = _responses[stream];
        while (response.Size >= 0 && response.Written < response.Size)
        {
            int chunk = (int)Math.Min(_scratch.Length, response.Size - response.Written);
            HqProtocol.FillBody(stream.Id, response.Written, _scratch.AsSpan(0, chunk));
            bool last = response.Written + chunk == response.Size;
            int taken = connection.Write(stream, _scratch.AsSpan(0, chunk), fin: last, now);
            response.Written += taken;
            if (taken < chunk)
                return;
        }
        if (response.Size == 0 && !response.FinSent)
            connection.Write(stream, default, fin: true, now);
        response.FinSent = true;
    }

    private sealed class Response
    {
        public StringBuilder Request { get; } = new();
        public long Size { get; set; } = -1;
        public long Written { get; set; }
        public bool FinSent { get; set; }
    }
}

/// <summary>The client side: issues requests (all at once, or at most <see cref="MaxConcurrent"/>), checks every byte.</summary>
internal sealed class HqClientApp
{
    private readonly ReadOnlyMemory<byte>[] _segments = new ReadOnlyMemory<byte>[32];
    private readonly Queue<long> _toIssue = new();
    private readonly Dictionary<QuicStream, Request> _active = [];
    private int _starting;

    public HqClientApp(IEnumerable<long> sizes)
    {
        foreach (long size in sizes)
            _toIssue.Enqueue(size);
        Total = _toIssue.Count;
    }

    public int Total { get; }

    public int MaxConcurrent { get; init; } = int.MaxValue;

    public int Completed { get; private set; }

    public long BytesReceived { get; private set; }

    public string? Error { get; private set; }

    public bool IsDone => Completed == Total || Error is not null;

    /// <summary>The resumption ticket the server sent, serialized (MsQuic RESUMPTION_TICKET_RECEIVED).</summary>
    public byte[]? Ticket { get; private set; }

    /// <summary>A NEW_TOKEN token the server sent.</summary>
    public byte[]? NewToken { get; private set; }

    /// <summary>Issues requests (before ConnectionStart too: they then ride in 0-RTT when allowed).</summary>
    public void IssueRequests(QuicConnection connection, long now)
    {
        while (_toIssue.Count > 0 && _active.Count + _starting < MaxConcurrent)
        {
            long size = _toIssue.Dequeue();
            StreamStartResult result = connection.StartStream(bidirectional: true, failIfBlocked: false, size, out QuicStream? stream);
            if (result == StreamStartResult.Started)
                SendRequest(connection, stream!, size, now);
            else if (result == StreamStartResult.Pending)
                _starting++;
            else
                Error = $"stream start failed: {result}";
        }
    }

    public void OnEvent(QuicConnection connection, in ConnectionEvent e, long now)
    {
        switch (e.Kind)
        {
            case ConnectionEventKind.StreamStartComplete:
                _starting--;
                SendRequest(connection, e.Stream!, (long)e.Context!, now);
                break;
            case ConnectionEventKind.StreamDataAvailable:
                // One read hands out at most the segment array's worth: read until nothing is left.
                while (_active.ContainsKey(e.Stream!) && e.Stream!.Receive is { ReadableLength: > 0 } or { IsFinReadable: true })
                {
                    if (!ReadResponse(connection, e.Stream!, now))
                        break;
                }
                break;
            case ConnectionEventKind.StreamPeerSendAborted:
                Error = $"stream {e.Stream!.Id} reset with {e.ErrorCode}";
                break;
            case ConnectionEventKind.ResumptionTicketReceived:
                Ticket = e.Data.ToArray();
                break;
            case ConnectionEventKind.NewTokenReceived:
                NewToken = e.Data.ToArray();
                break;
        }
    }

    private void SendRequest(QuicConnection connection, QuicStream stream, long size, long now)
    {
        _active[stream] = new Request(size);
        byte[] request = Encoding.ASCII.GetBytes($"{size}\r\n");
        if (connection.Write(stream, request, fin: true, now) != request.Length)
            Error = "request did not fit the send buffer";
    }

    /// <summary>Reads what is readable; false when nothing was consumed.</summary>
    private bool ReadResponse(QuicConnection connection, QuicStream stream, long now)
    {
        if (!_active.TryGetValue(stream, out Request? request))
            return false;
        int count = connection.BeginRead(stream, _segments);
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> span = _segments[i].Span;
            for (int j = 0; j < span.Length; j++)
            {
                if (span[j] != HqProtocol.Body(stream.Id, request.Received + j))
                {
                    Error ??= $"stream {stream.Id}: wrong byte at offset {request.Received + j}";
                    break;
                }
            }
            request.Received += span.Length;
            total += span.Length;
        }
        ReceiveStream receive = stream.Receive!;
        bool fin = receive.IsFinReadable && receive.ReadOffset + total == receive.FinalSize;
        connection.CompleteRead(stream, total, now);
        BytesReceived += total;
        if (request.Received > request.Size)
            Error ??= $"stream {stream.Id}: more bytes than requested";
        if (!fin)
            return total > 0;
        if (request.Received != request.Size)
            Error ??= $"stream {stream.Id}: {request.Received} of {request.Size} bytes";
        _active.Remove(stream);
        Completed++;
        IssueRequests(connection, now);
        return true;
    }

    private sealed class Request(long size)
    {
        public long Size { get; } = size;
        public long Received { get; set; }
    }
}
