using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Endpoint;

/// <summary>A connection stand-in: counts what it is given and reports the events a test queues.</summary>
internal sealed class FakeConnection : IEndpointConnection
{
    private readonly Queue<RouteEvent> _events = new();

    public FakeConnection(NewConnectionInfo info = default) => Info = info;

    public NewConnectionInfo Info { get; }

    public int DatagramsReceived { get; private set; }

    public int LastDatagramLength { get; private set; }

    public DatagramAddresses LastAddresses { get; private set; }

    public byte LastEcn { get; private set; }

    /// <summary>Events to report after the next datagram (and every drain).</summary>
    public void Emit(in RouteEvent e) => _events.Enqueue(e);

    public void HandleDatagram(long now, Span<byte> datagram, in DatagramAddresses addresses, byte ecn)
    {
        DatagramsReceived++;
        LastDatagramLength = datagram.Length;
        LastAddresses = addresses;
        LastEcn = ecn;
    }

    public bool TryPollRouteEvent(out RouteEvent routeEvent) => _events.TryDequeue(out routeEvent);
}

/// <summary>A server connection factory that records what it was asked and can decline.</summary>
internal sealed class FakeFactory : IServerConnectionFactory
{
    public List<FakeConnection> Created { get; } = new();

    public bool Decline { get; set; }

    public Action<FakeConnection>? OnCreate { get; set; }

    public IEndpointConnection? CreateConnection(long now, in NewConnectionInfo info)
    {
        if (Decline)
            return null;
        var connection = new FakeConnection(info);
        Created.Add(connection);
        OnCreate?.Invoke(connection);
        return connection;
    }
}

internal static class EndpointTestKit
{
    public static readonly NetAddress ServerAddress = new([10, 0, 0, 1], 443);
    public static readonly NetAddress ClientAddress = new([10, 0, 0, 2], 50000);
    public static readonly DatagramAddresses FromClient = new(ServerAddress, ClientAddress);

    public static DatagramAddresses From(NetAddress client) => new(ServerAddress, client);

    public static QuicEndpoint Server(out FakeFactory factory, EndpointOptions? options = null, ulong seed = 1)
    {
        var endpoint = new QuicEndpoint(options ?? new EndpointOptions { RetryMode = RetryMode.Never }, new SeededRandomSource(seed));
        factory = new FakeFactory();
        endpoint.Listen(factory);
        return endpoint;
    }

    public static byte[] Bytes(int length, byte seed)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
            bytes[i] = (byte)(seed + i * 7);
        return bytes;
    }

    /// <summary>
    /// A client Initial datagram of <paramref name="size"/> bytes: a real long header with a
    /// Length field, then filler standing in for the protected payload (the endpoint never opens it).
    /// </summary>
    public static byte[] ClientInitial(ReadOnlySpan<byte> dcid, ReadOnlySpan<byte> scid, ReadOnlySpan<byte> token = default,
        int size = 1200, uint version = QuicVersion.V1)
    {
        var datagram = new byte[size];
        Assert.True(PacketHeaderWriter.TryWriteLongHeader(datagram, PacketType.Initial, version, dcid, scid, token,
            0, 4, out LongHeaderLayout layout));
        int payload = size - layout.HeaderLength;
        datagram.AsSpan(layout.HeaderLength).Fill(0xAB);
        layout.WriteLength(datagram, payload);
        return datagram;
    }

    /// <summary>A long-header packet of another type (0-RTT, Handshake) filling <paramref name="size"/> bytes.</summary>
    public static byte[] LongPacket(PacketType type, ReadOnlySpan<byte> dcid, ReadOnlySpan<byte> scid, int size, uint version = QuicVersion.V1)
    {
        var datagram = new byte[size];
        Assert.True(PacketHeaderWriter.TryWriteLongHeader(datagram, type, version, dcid, scid, default, 0, 4, out LongHeaderLayout layout));
        datagram.AsSpan(layout.HeaderLength).Fill(0xCD);
        layout.WriteLength(datagram, size - layout.HeaderLength);
        return datagram;
    }

    /// <summary>A short-header packet to <paramref name="dcid"/> of <paramref name="size"/> bytes.</summary>
    public static byte[] ShortPacket(ReadOnlySpan<byte> dcid, int size, byte firstByte = 0x41)
    {
        var datagram = new byte[size];
        datagram.AsSpan().Fill(0x5A);
        datagram[0] = firstByte;
        dcid.CopyTo(datagram.AsSpan(1));
        return datagram;
    }

    /// <summary>A long header of an unknown version (only the invariant fields are meaningful).</summary>
    public static byte[] UnknownVersionPacket(uint version, ReadOnlySpan<byte> dcid, ReadOnlySpan<byte> scid, int size)
    {
        var datagram = new byte[size];
        datagram.AsSpan().Fill(0x33);
        datagram[0] = 0xC0;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(1), version);
        datagram[5] = (byte)dcid.Length;
        dcid.CopyTo(datagram.AsSpan(6));
        datagram[6 + dcid.Length] = (byte)scid.Length;
        scid.CopyTo(datagram.AsSpan(7 + dcid.Length));
        return datagram;
    }

    /// <summary>Takes the next stateless datagram and its bytes.</summary>
    public static (StatelessTransmit Transmit, byte[] Bytes) Poll(QuicEndpoint endpoint)
    {
        var buffer = new byte[StatelessTransmitQueue.SlotSize];
        Assert.True(endpoint.PollTransmit(buffer, out StatelessTransmit transmit));
        return (transmit, buffer[..transmit.Length]);
    }
}
