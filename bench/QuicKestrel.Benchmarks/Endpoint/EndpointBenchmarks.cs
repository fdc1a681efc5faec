using BenchmarkDotNet.Attributes;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Benchmarks.Endpoint;

/// <summary>
/// The endpoint's per-datagram work: classify and route a 1-RTT datagram to its connection,
/// drop garbage, answer an unknown connection ID with a stateless reset, answer an Initial with
/// a Retry, and seal / validate address tokens. Each operation is one datagram; none allocates.
/// </summary>
[MemoryDiagnoser]
public class EndpointBenchmarks
{
    private static readonly DatagramAddresses Path = new(new NetAddress([10, 0, 0, 1], 443), new NetAddress([10, 0, 0, 2], 50000));
    private readonly byte[] _reply = new byte[StatelessTransmitQueue.SlotSize];
    private readonly byte[] _token = new byte[AddressTokenCodec.MaxTokenLength];
    private QuicEndpoint _server = null!;
    private QuicEndpoint _retryServer = null!;
    private byte[] _routed = null!, _garbage = null!, _unknown = null!, _initial = null!, _retryToken = null!;
    private byte[] _rscid = null!;

    [GlobalSetup]
    public void Setup()
    {
        var unlimited = new RateLimit(int.MaxValue / 2, int.MaxValue / 2);
        _server = new QuicEndpoint(new EndpointOptions { RetryMode = RetryMode.Never, StatelessResetRate = unlimited },
            new SeededRandomSource(1));
        var factory = new Factory();
        _server.Listen(factory);
        // 10,000 live connections with 4 IDs each, so lookups hit a realistically large table.
        var rng = new SeededRandomSource(2);
        ConnectionIdKey target = default;
        for (int i = 0; i < 10_000; i++)
        {
            var dcid = new byte[8];
            rng.Fill(dcid);
            _server.HandleDatagram(0, Initial(dcid), Path, 0);
            for (int j = 0; j < 3; j++)
                factory.Last.Events.Enqueue(RouteEvent.ConnectionIdIssued(_server.NewConnectionId().Span));
            _server.ProcessConnectionEvents(i);
            target = factory.Last.Local;
        }
        _routed = Short(target.Span, 1200);
        _garbage = new byte[1200];
        rng.Fill(_garbage);
        _garbage[0] = 0xC0; // long header, random version: malformed or unknown
        _garbage[5] = 200;
        var unknownId = new byte[8];
        rng.Fill(unknownId);
        _unknown = Short(unknownId, 1200);

        _retryServer = new QuicEndpoint(new EndpointOptions { RetryMode = RetryMode.Always, RetryRate = unlimited }, new SeededRandomSource(3));
        _retryServer.Listen(new Factory());
        _initial = Initial([1, 2, 3, 4, 5, 6, 7, 8]);
        _rscid = [9, 9, 9, 9, 9, 9, 9, 9];
        _retryServer.Tokens.TryWriteRetryToken(_token, Path.Remote, [1, 2, 3, 4, 5, 6, 7, 8], _rscid, 0, out int length);
        _retryToken = _token[..length];
    }

    [Benchmark(Description = "route 1-RTT datagram (40k IDs)")]
    public int Route() => (int)_server.HandleDatagram(1, _routed, Path, 0).Disposition;

    [Benchmark(Description = "drop garbage")]
    public int DropGarbage() => (int)_server.HandleDatagram(1, _garbage, Path, 0).Disposition;

    [Benchmark(Description = "stateless reset")]
    public int StatelessReset()
    {
        _server.HandleDatagram(1, _unknown, Path, 0);
        _server.PollTransmit(_reply, out StatelessTransmit transmit);
        return transmit.Length;
    }

    [Benchmark(Description = "Retry (token + integrity tag)")]
    public int Retry()
    {
        _retryServer.HandleDatagram(1, _initial, Path, 0);
        _retryServer.PollTransmit(_reply, out StatelessTransmit transmit);
        return transmit.Length;
    }

    [Benchmark(Description = "validate Retry token")]
    public int ValidateToken() => (int)_retryServer.Tokens.Validate(_retryToken, Path.Remote, _rscid, 1).Status;

    private static byte[] Short(ReadOnlySpan<byte> dcid, int size)
    {
        var datagram = new byte[size];
        datagram[0] = 0x41;
        dcid.CopyTo(datagram.AsSpan(1));
        return datagram;
    }

    private static byte[] Initial(ReadOnlySpan<byte> dcid)
    {
        var datagram = new byte[1200];
        PacketHeaderWriter.TryWriteLongHeader(datagram, PacketType.Initial, QuicVersion.V1, dcid, [7, 7, 7, 7, 7, 7, 7, 7], default,
            0, 4, out LongHeaderLayout layout);
        layout.WriteLength(datagram, datagram.Length - layout.HeaderLength);
        return datagram;
    }

    private sealed class Connection(ConnectionIdKey local) : IEndpointConnection
    {
        public ConnectionIdKey Local { get; } = local;

        public Queue<RouteEvent> Events { get; } = new();

        public void HandleDatagram(long now, Span<byte> datagram, in DatagramAddresses addresses, byte ecn)
        {
        }

        public bool TryPollRouteEvent(out RouteEvent routeEvent) => Events.TryDequeue(out routeEvent);
    }

    private sealed class Factory : IServerConnectionFactory
    {
        public Connection Last { get; private set; } = null!;

        public IEndpointConnection? CreateConnection(long now, in NewConnectionInfo info) => Last = new Connection(info.LocalConnectionId);
    }
}
