using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Tests.Tls;
using QuicKestrel.Protocol.Tls;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

/// <summary>
/// Two connections joined with no delay and no copies (like <see cref="DirectPair"/>), running
/// many small request/response exchanges the way HTTP/3 does: the client keeps up to
/// <see cref="Concurrency"/> bidirectional streams open, each carrying a small request with FIN;
/// the server answers each finished request with a small response and FIN. Both use the default
/// buffer pool (the process-wide shared one), as the runtime does.
/// </summary>
internal sealed class RequestPair : IDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly ReadOnlyMemory<byte>[] _segments = new ReadOnlyMemory<byte>[16];
    private readonly PathAddresses _clientPath = new(ConnectionPair.ClientAddress, ConnectionPair.ServerAddress);
    private readonly PathAddresses _serverPath = new(ConnectionPair.ServerAddress, ConnectionPair.ClientAddress);
    private readonly ConnectionOptions _serverOptions;
    private readonly TlsServerConfig _serverTls;
    private readonly byte[] _request;
    private readonly byte[] _response;
    private int _open;
    private long _toStart;

    public RequestPair(int concurrency, int requestSize, int responseSize)
    {
        Concurrency = concurrency;
        _request = StreamApp.Pattern(0, requestSize);
        _response = StreamApp.Pattern(1, responseSize);
        var settings = ConnectionSettings.Default with { PeerBidiStreamCount = concurrency, PacingEnabled = false };
        _serverOptions = new ConnectionOptions
        {
            Settings = settings, Protection = PacketProtectionProvider.Aead, Random = new SeededRandomSource(2),
            UnixTimeOffsetMicros = TestCertificates.NowMicros,
        };
        _serverTls = TlsPair.ServerConfig();
        var clientOptions = _serverOptions with { Settings = ConnectionSettings.Default with { PacingEnabled = false }, Random = new SeededRandomSource(1) };
        Client = QuicConnection.CreateClient(clientOptions, TlsPair.ClientConfig(), "localhost", _clientPath, 0);
    }

    public int Concurrency { get; }

    public QuicConnection Client { get; }

    public QuicConnection? Server { get; private set; }

    public long Now { get; private set; }

    /// <summary>Streams whose response the client read to the end and that both sides closed.</summary>
    public long Completed { get; private set; }

    public void Handshake()
    {
        Client.Start(Now);
        for (int i = 0; i < 1000 && !(Client.IsHandshakeConfirmed && Server is { IsHandshakeComplete: true }); i++)
            Step();
        if (!Client.IsHandshakeConfirmed)
            throw new InvalidOperationException("no handshake");
    }

    /// <summary>Runs <paramref name="count"/> more exchanges to completion.</summary>
    public void Exchange(long count)
    {
        long target = Completed + count;
        _toStart += count;
        for (int i = 0; i < 10_000_000 && Completed < target; i++)
            Step();
        if (Completed < target)
            throw new InvalidOperationException($"exchanges stalled at {Completed} of {target}");
    }

    private void Step()
    {
        StartRequests();
        bool progress = Move(Client, toServer: true) | Move(Server, toServer: false);
        progress |= DrainEvents(Client) | DrainEvents(Server);
        if (progress)
            return;
        long next = Math.Min(Client.NextTimeout() ?? long.MaxValue, Server?.NextTimeout() ?? long.MaxValue);
        if (next == long.MaxValue)
            return;
        Now = Math.Max(Now, next);
        Client.HandleTimeout(Now);
        Server?.HandleTimeout(Now);
    }

    private void StartRequests()
    {
        while (_toStart > 0 && _open < Concurrency
            && Client.StartStream(true, true, null, out QuicStream? stream) == StreamStartResult.Started)
        {
            _toStart--;
            _open++;
            Client.Write(stream!, _request, fin: true, Now);
        }
    }

    private bool Move(QuicConnection? from, bool toServer)
    {
        if (from is null)
            return false;
        bool moved = false;
        while (from.PollTransmit(Now, _buffer, 16, out Transmit transmit))
        {
            moved = true;
            for (int offset = 0; offset < transmit.Length; offset += transmit.SegmentSize)
            {
                Span<byte> datagram = _buffer.AsSpan(offset, Math.Min(transmit.SegmentSize, transmit.Length - offset));
                if (!toServer)
                    Client.HandleDatagram(Now, datagram, _clientPath, EcnMarking.NotEct);
                else
                    (Server ??= CreateServer(datagram))?.HandleDatagram(Now, datagram, _serverPath, EcnMarking.NotEct);
            }
        }
        return moved;
    }

    private QuicConnection? CreateServer(ReadOnlySpan<byte> datagram)
    {
        if (!PacketHeader.TryParse(datagram, 0, out PacketHeader header))
            return null;
        return QuicConnection.CreateServer(_serverOptions, new ServerConnectionParameters
        {
            Version = header.Version,
            InitialDestinationConnectionId = new ConnectionId(header.DestinationConnectionId),
            ClientSourceConnectionId = new ConnectionId(header.SourceConnectionId),
            LocalConnectionId = ConnectionId.CreateRandom(8, _serverOptions.Random),
            Path = _serverPath,
            TlsConfig = _serverTls,
        }, Now);
    }

    private bool DrainEvents(QuicConnection? connection)
    {
        if (connection is null)
            return false;
        bool any = false;
        while (connection.PollEvent(out ConnectionEvent e))
        {
            any = true;
            if (e.Kind == ConnectionEventKind.StreamDataAvailable)
                ReadAll(connection, e.Stream!);
            else if (e.Kind == ConnectionEventKind.StreamClosed && !connection.IsServer)
            {
                _open--;
                Completed++;
            }
        }
        return any;
    }

    // The server answers once it has read the whole request (its FIN).
    private void ReadAll(QuicConnection connection, QuicStream stream)
    {
        if (stream.Receive is not { } receive)
            return;
        bool finWasRead = false;
        for (int i = 0; i < 100 && (receive.ReadableLength > 0 || receive.IsFinReadable) && !finWasRead; i++)
        {
            int count = connection.BeginRead(stream, _segments);
            long total = 0;
            for (int s = 0; s < count; s++)
                total += _segments[s].Length;
            finWasRead = receive.IsFinReadable && receive.ReadOffset + total == receive.FinalSize;
            connection.CompleteRead(stream, total, Now);
        }
        if (finWasRead && connection.IsServer)
            connection.Write(stream, _response, fin: true, Now);
    }

    public void Dispose()
    {
        Client.Dispose();
        Server?.Dispose();
    }
}
