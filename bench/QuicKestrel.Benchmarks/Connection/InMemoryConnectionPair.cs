using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Tls;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Benchmarks.Connection;

/// <summary>
/// A client and a server connection joined in memory with no delay: each datagram goes from one
/// side's send buffer straight into the other's HandleDatagram, and virtual time only jumps to the
/// next timer when nothing else can happen. A bulk sender and reader run on one stream, so the
/// cost measured is the connections' own (packetisation, protection, ACKs, recovery, streams).
/// </summary>
internal sealed class InMemoryConnectionPair : IDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly byte[] _payload = new byte[64 * 1024];
    private readonly ReadOnlyMemory<byte>[] _segments = new ReadOnlyMemory<byte>[64];
    private readonly PathAddresses _clientPath, _serverPath;
    private readonly ConnectionOptions _serverOptions;
    private readonly TlsServerConfig _serverTls;
    private QuicStream? _stream;
    private long _toSend;

    public InMemoryConnectionPair(PacketProtectionProvider protection)
    {
        var client = NetworkAddress.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 50000));
        var server = NetworkAddress.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 443));
        _clientPath = new PathAddresses(client, server);
        _serverPath = new PathAddresses(server, client);
        // A retaining pool (what a runtime worker owns), filled up front; pacing off, since there is no link to pace for.
        ArrayPool<byte> pool = ArrayPool<byte>.Create(64 * 1024, 4096);
        var warm = new byte[1024][];
        for (int i = 0; i < warm.Length; i++)
            warm[i] = pool.Rent(16 * 1024);
        foreach (byte[] array in warm)
            pool.Return(array);
        var settings = ConnectionSettings.Default with { PacingEnabled = false, PeerBidiStreamCount = 4, ConnectionReceiveWindow = 4 * 1024 * 1024 };
        _serverOptions = new ConnectionOptions { Settings = settings, Protection = protection, Random = new SeededRandomSource(2), BufferPool = pool };
        _serverTls = CreateServerTls();
        var clientTls = new TlsClientConfig { Alpns = [Alpn], Validation = CertificateValidationOptions.NoValidation };
        Client = QuicConnection.CreateClient(_serverOptions with { Random = new SeededRandomSource(1) }, clientTls, "localhost", _clientPath, 0);
        new Random(7).NextBytes(_payload);
    }

    private static readonly byte[] Alpn = "bench"u8.ToArray();

    public QuicConnection Client { get; }

    public QuicConnection? Server { get; private set; }

    public long Now { get; private set; }

    public long BytesReceived { get; private set; }

    public long Datagrams { get; private set; }

    public void Handshake()
    {
        Client.Start(Now);
        for (int i = 0; i < 1000 && !(Client.IsHandshakeConfirmed && Server is { IsHandshakeComplete: true }); i++)
            Step();
        if (!Client.IsHandshakeConfirmed || Client.StartStream(true, false, null, out _stream) != StreamStartResult.Started)
            throw new InvalidOperationException("The in-memory handshake did not complete.");
    }

    /// <summary>Moves <paramref name="bytes"/> more from client to server on the one stream.</summary>
    public void Transfer(long bytes)
    {
        long target = BytesReceived + bytes;
        _toSend += bytes;
        for (int i = 0; i < 10_000_000 && BytesReceived < target; i++)
            Step();
        if (BytesReceived < target)
            throw new InvalidOperationException("The transfer stalled.");
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
        while (_toSend > 0 && _stream is { Send.BufferedBytes: < 2 * 1024 * 1024 })
        {
            int chunk = (int)Math.Min(_payload.Length, _toSend);
            int taken = Client.Write(_stream, _payload.AsSpan(0, chunk), fin: false, Now);
            _toSend -= taken;
            if (taken < chunk)
                return;
        }
    }

    private bool Move(QuicConnection? from, bool toServer)
    {
        bool moved = false;
        while (from is not null && from.PollTransmit(Now, _buffer, 16, out Transmit transmit))
        {
            moved = true;
            for (int offset = 0; offset < transmit.Length; offset += transmit.SegmentSize)
            {
                Span<byte> datagram = _buffer.AsSpan(offset, Math.Min(transmit.SegmentSize, transmit.Length - offset));
                Datagrams++;
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
        bool any = false;
        while (connection is not null && connection.PollEvent(out ConnectionEvent e))
        {
            any = true;
            if (e.Kind == ConnectionEventKind.StreamDataAvailable && connection.IsServer)
                Read(connection, e.Stream!);
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

    private static TlsServerConfig CreateServerTls()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return new TlsServerConfig
        {
            Certificates = [new TlsCertificate(certificate)],
            Alpns = [Alpn],
            CookieKeys = SealingKeyRing.CreateRandom(new SeededRandomSource(3)),
        };
    }

    public void Dispose()
    {
        Client.Dispose();
        Server?.Dispose();
    }
}
