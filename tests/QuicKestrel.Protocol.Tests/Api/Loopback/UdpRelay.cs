using System.Net;
using System.Net.Sockets;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>
/// A UDP relay between a client and a server on loopback that records every datagram, in order:
/// the test hook for asserting what went on the wire (e.g. 0-RTT packets in the first flight).
/// </summary>
internal sealed class UdpRelay : IDisposable
{
    private readonly Socket _front = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _back = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private readonly List<(bool FromClient, byte[] Data)> _datagrams = new();
    private EndPoint? _client;
    private volatile bool _stopping;

    public UdpRelay(ushort serverPort)
    {
        _server = new IPEndPoint(IPAddress.Loopback, serverPort);
        _front.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _back.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _thread = new Thread(Run) { IsBackground = true, Name = "test UDP relay" };
        _thread.Start();
    }

    public ushort Port => (ushort)((IPEndPoint)_front.LocalEndPoint!).Port;

    /// <summary>Everything relayed so far, in arrival order.</summary>
    public (bool FromClient, byte[] Data)[] Datagrams
    {
        get
        {
            lock (_gate)
                return [.. _datagrams];
        }
    }

    /// <summary>The client's datagrams sent before the server's first one arrived: its first flight.</summary>
    public byte[][] ClientFirstFlight => Datagrams.TakeWhile(d => d.FromClient).Select(d => d.Data).ToArray();

    /// <summary>The packet types of the coalesced packets in a datagram (RFC 9000 §12.2).</summary>
    public static List<PacketType> PacketTypes(byte[] datagram)
    {
        var types = new List<PacketType>();
        ReadOnlySpan<byte> rest = datagram;
        while (!rest.IsEmpty && PacketHeader.TryParse(rest, 8, out PacketHeader header))
        {
            types.Add(header.Type);
            if (header.Type == PacketType.OneRtt || header.PacketLength <= 0)
                break;
            rest = rest[header.PacketLength..];
        }
        return types;
    }

    private void Run()
    {
        var buffer = new byte[65536];
        while (!_stopping)
        {
            try
            {
                var readable = new List<Socket> { _front, _back };
                Socket.Select(readable, null, null, 100_000);
                foreach (Socket socket in readable)
                    Relay(socket, buffer);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private void Relay(Socket socket, byte[] buffer)
    {
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        int length = socket.ReceiveFrom(buffer, ref from);
        bool fromClient = socket == _front;
        lock (_gate)
            _datagrams.Add((fromClient, buffer.AsSpan(0, length).ToArray()));
        if (fromClient)
        {
            _client = from;
            _back.SendTo(buffer.AsSpan(0, length), _server);
        }
        else if (_client is not null)
        {
            _front.SendTo(buffer.AsSpan(0, length), _client);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(2));
        _front.Dispose();
        _back.Dispose();
    }
}
