using System.Buffers;
using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Tests.Tls;
using QuicKestrel.Protocol.Tls;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

/// <summary>
/// Two connections joined with no delay and no copies: each datagram goes from one side's send
/// buffer straight into the other's HandleDatagram. Nothing here allocates per datagram, so the
/// connections' own allocations can be measured. A bulk sender/receiver app runs on top.
/// </summary>
internal sealed class DirectPair : IDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly ReadOnlyMemory<byte>[] _segments = new ReadOnlyMemory<byte>[64];
    private readonly PathAddresses _clientPath = new(ConnectionPair.ClientAddress, ConnectionPair.ServerAddress);
    private readonly PathAddresses _serverPath = new(ConnectionPair.ServerAddress, ConnectionPair.ClientAddress);
    private readonly ConnectionOptions _serverOptions;
    private readonly TlsServerConfig _serverTls;
    private readonly byte[] _payload = new byte[64 * 1024];
    private QuicStream? _sendStream;
    private long _toSend;

    public DirectPair(PacketProtectionProvider protection)
    {
        // The connection window bounds the data in flight (there is no bottleneck to do it), so
        // buffers reach a fixed high-water mark.
        var settings = ConnectionSettings.Default with { PeerBidiStreamCount = 10, PacingEnabled = false, ConnectionReceiveWindow = 512 * 1024 };
        // A retaining pool, as the runtime gives each worker: the shared pool keeps too few 16 KiB
        // chunks to cover megabytes in flight, so it would allocate whenever chunks cycle.
        ArrayPool<byte> pool = ArrayPool<byte>.Create(64 * 1024, 4096);
        WarmPool(pool, 16 * 1024, 1024);
        _serverOptions = new ConnectionOptions
        {
            Settings = settings, Protection = protection, Random = new SeededRandomSource(2),
            UnixTimeOffsetMicros = TestCertificates.NowMicros, BufferPool = pool,
        };
        _serverTls = TlsPair.ServerConfig();
        var clientOptions = _serverOptions with { Settings = ConnectionSettings.Default with { PacingEnabled = false }, Random = new SeededRandomSource(1) };
        Client = QuicConnection.CreateClient(clientOptions, TlsPair.ClientConfig(), "localhost", _clientPath, 0);
        StreamApp.Pattern(1, _payload.Length).CopyTo(_payload, 0);
    }

    public QuicConnection Client { get; }

    public QuicConnection? Server { get; private set; }

    public long Now { get; private set; }

    public long BytesReceived { get; private set; }

    public long DatagramsDelivered { get; private set; }

    public void Handshake()
    {
        Client.Start(Now);
        for (int i = 0; i < 1000 && !(Client.IsHandshakeConfirmed && Server is { IsHandshakeComplete: true }); i++)
            Step();
        if (!Client.IsHandshakeConfirmed)
            throw new InvalidOperationException("no handshake");
        Client.StartStream(true, false, null, out _sendStream);
    }

    /// <summary>Sends <paramref name="bytes"/> more on the client's stream and runs until the server has read them all.</summary>
    public void Transfer(long bytes)
    {
        long target = BytesReceived + bytes;
        _toSend += bytes;
        for (int i = 0; i < 10_000_000 && BytesReceived < target; i++)
            Step();
        if (BytesReceived < target)
            throw new InvalidOperationException("transfer stalled");
    }

    private void Step()
    {
        FillSendBuffer();
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

    private void FillSendBuffer()
    {
        // Like an application with a bounded write-ahead: at most 2 MB waiting in the send buffer.
        while (_toSend > 0 && _sendStream is { Send.BufferedBytes: < 2 * 1024 * 1024 })
        {
            int chunk = (int)Math.Min(_payload.Length, _toSend);
            int taken = Client.Write(_sendStream, _payload.AsSpan(0, chunk), fin: false, Now);
            _toSend -= taken;
            if (taken < chunk)
                return;
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
                DatagramsDelivered++;
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
            if (e.Kind == ConnectionEventKind.StreamDataAvailable && connection.IsServer)
                Read(connection, e.Stream!);
            else if (e.Kind == ConnectionEventKind.StreamSendBufferAvailable)
                FillSendBuffer();
        }
        return any;
    }

    private void Read(QuicConnection connection, QuicStream stream)
    {
        while (stream.Receive is { ReadableLength: > 0 })
        {
            int count = connection.BeginRead(stream, _segments);
            long total = 0;
            for (int i = 0; i < count; i++)
                total += _segments[i].Length;
            connection.CompleteRead(stream, total, Now);
            BytesReceived += total;
        }
    }

    /// <summary>Fills the pool with chunks up front, so a new peak of buffered data is served from it.</summary>
    private static void WarmPool(ArrayPool<byte> pool, int size, int count)
    {
        var arrays = new byte[count][];
        for (int i = 0; i < count; i++)
            arrays[i] = pool.Rent(size);
        foreach (byte[] array in arrays)
            pool.Return(array);
    }

    public void Dispose()
    {
        Client.Dispose();
        Server?.Dispose();
    }
}
