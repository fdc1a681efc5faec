using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Tests.Streams;

/// <summary>
/// Request/response over many bidirectional streams between a client and a server manager:
/// the client opens streams as the server's MAX_STREAMS allows, writes a patterned request
/// with FIN; the server reads it (zero-copy segments, sometimes only part), then answers with
/// a patterned response and FIN. Every byte is checked against its pattern on arrival.
/// </summary>
internal sealed class EchoScenario
{
    private readonly StreamManager _client, _server;
    private readonly Random _random;
    private readonly int _streams, _requestBytes, _responseBytes;
    private readonly Dictionary<QuicStream, long> _requestWritten = new();
    private readonly Dictionary<QuicStream, long> _responseWritten = new();
    private readonly HashSet<QuicStream> _clientDone = new();
    private readonly ReadOnlyMemory<byte>[] _segments = new ReadOnlyMemory<byte>[64];
    private readonly byte[] _patternBlock = new byte[64 * 1024];
    private int _opened;

    public EchoScenario(StreamManager client, StreamManager server, int streams, int requestBytes, int responseBytes, int seed)
    {
        _client = client;
        _server = server;
        _streams = streams;
        _requestBytes = requestBytes;
        _responseBytes = responseBytes;
        _random = new Random(seed);
    }

    public int Rounds { get; private set; }

    public long BytesVerified { get; private set; }

    public int ClientStreamsClosed { get; private set; }

    public int ServerStreamsClosed { get; private set; }

    public bool Done => _clientDone.Count == _streams && ClientStreamsClosed == _streams && ServerStreamsClosed == _streams;

    /// <summary>Where things stand, for failure messages.</summary>
    public string Describe()
    {
        var text = new System.Text.StringBuilder();
        text.Append($"rounds {Rounds}, opened {_opened}, clientDone {_clientDone.Count}, closed c{ClientStreamsClosed}/s{ServerStreamsClosed}; ");
        text.Append($"conn c(send {_client.ConnectionSendCredit}/{_client.ConnectionSendLimit} recv {_client.ConnectionBytesReceived}/{_client.ConnectionReceiveLimit}) ");
        text.Append($"s(send {_server.ConnectionSendCredit}/{_server.ConnectionSendLimit} recv {_server.ConnectionBytesReceived}/{_server.ConnectionReceiveLimit}); ");
        foreach (var (name, m) in new[] { ("client", _client), ("server", _server) })
            foreach (QuicStream st in m.Streams)
                text.Append($"{name} {st.Id}: send {st.Send?.State} w{st.Send?.WrittenEnd} s{st.Send?.SentEnd} a{st.Send?.AckedPrefix} cr{st.Send?.CreditLimit}; recv {st.Receive?.State} r{st.Receive?.ReadOffset} h{st.Receive?.HighestReceived} lim{st.Receive?.CreditLimit} readable {st.Receive?.ReadableLength} | ");
        return text.ToString();
    }

    public static byte PatternByte(long streamId, long offset, bool response) =>
        (byte)((offset * 31) ^ (streamId * 7) ^ (response ? 0x5A : 0));

    public void Run(StreamLink link, int maxRounds)
    {
        for (Rounds = 0; Rounds < maxRounds && !Done; Rounds++)
        {
            OpenAndWrite();
            link.Round(_client, _server);
            if (link.Error.IsError)
                throw new InvalidOperationException(link.Error.ToString());
            HandleServerEvents();
            HandleClientEvents();
        }
    }

    private void OpenAndWrite()
    {
        while (_opened < _streams && _client.TryOpenLocalStream(true, out QuicStream stream))
        {
            _opened++;
            _requestWritten[stream] = 0;
        }
        foreach (var (stream, written) in _requestWritten)
        {
            if (written < _requestBytes || stream.Send!.CanWrite)
                WriteMore(_client, stream, _requestBytes, response: false);
        }
    }

    private void WriteMore(StreamManager manager, QuicStream stream, long total, bool response)
    {
        Dictionary<QuicStream, long> progress = response ? _responseWritten : _requestWritten;
        long written = progress.GetValueOrDefault(stream);
        while (written < total && stream.Send!.CanWrite)
        {
            int length = (int)Math.Min(_patternBlock.Length, total - written);
            for (int i = 0; i < length; i++)
                _patternBlock[i] = PatternByte(stream.Id, written + i, response);
            int taken = manager.Write(stream, _patternBlock.AsSpan(0, length), fin: written + length == total);
            written += taken;
            if (taken < length)
                break;
        }
        if (written == total && total == 0 && stream.Send!.CanWrite)
            manager.Write(stream, ReadOnlySpan<byte>.Empty, fin: true);
        progress[stream] = written;
    }

    private void HandleServerEvents()
    {
        while (_server.TryPollEvent(out StreamEvent e))
        {
            switch (e.Kind)
            {
                case StreamEventKind.DataAvailable:
                    if (ReadVerified(_server, e.Stream!, response: false))
                        WriteMore(_server, e.Stream!, _responseBytes, response: true);
                    break;
                case StreamEventKind.SendBufferAvailable:
                    WriteMore(_server, e.Stream!, _responseBytes, response: true);
                    break;
                case StreamEventKind.StreamClosed:
                    ServerStreamsClosed++;
                    _responseWritten.Remove(e.Stream!);
                    break;
            }
        }
    }

    private void HandleClientEvents()
    {
        while (_client.TryPollEvent(out StreamEvent e))
        {
            switch (e.Kind)
            {
                case StreamEventKind.DataAvailable:
                    if (ReadVerified(_client, e.Stream!, response: true))
                        _clientDone.Add(e.Stream!);
                    break;
                case StreamEventKind.StreamClosed:
                    ClientStreamsClosed++;
                    _requestWritten.Remove(e.Stream!);
                    break;
            }
        }
    }

    // Reads what is readable (sometimes only part of it, then the rest later, as an MsQuic
    // application may); returns true once the FIN has been read.
    private bool ReadVerified(StreamManager manager, QuicStream stream, bool response)
    {
        for (int pass = 0; pass < 1000; pass++)
        {
            ReceiveStream receive = stream.Receive!;
            int count = receive.GetReadableSegments(_segments);
            long offset = receive.ReadOffset, available = 0;
            for (int i = 0; i < count; i++)
                available += _segments[i].Length;
            long take = _random.Next(4) == 0 ? available / 2 : available;
            long checkedBytes = 0;
            for (int i = 0; i < count && checkedBytes < take; i++)
            {
                ReadOnlySpan<byte> span = _segments[i].Span;
                for (int j = 0; j < span.Length && checkedBytes < take; j++, checkedBytes++)
                {
                    if (span[j] != PatternByte(stream.Id, offset + checkedBytes, response))
                        throw new InvalidOperationException($"stream {stream.Id} byte {offset + checkedBytes} corrupted");
                }
            }
            bool finNow = receive.IsFinReadable && take == receive.ReadableLength;
            manager.Consume(stream, take, Rounds * 1000L, 10_000);
            BytesVerified += take;
            if (finNow)
                return true;
            if (take == available)
                return false;
        }
        throw new InvalidOperationException("read loop did not finish");
    }
}
