using System.Net;
using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Tests.Simulation;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Scenarios;

/// <summary>
/// A simulated client host running one QUIC connection at a time (no endpoint needed: one
/// connection per address) and an <see cref="HqClientApp"/> on it.
/// </summary>
internal sealed class ClientNode : ISimNode
{
    private readonly IPEndPoint _address;
    private readonly IPEndPoint _server;
    private readonly PathAddresses _path;

    public ClientNode(IPEndPoint address, IPEndPoint server)
    {
        _address = address;
        _server = server;
        _path = new PathAddresses(NetworkAddress.FromEndPoint(address), NetworkAddress.FromEndPoint(server));
    }

    public QuicConnection? Connection { get; private set; }

    public HqClientApp? App { get; private set; }

    /// <summary>Datagrams per PollTransmit (GSO batch).</summary>
    public int MaxDatagrams { get; init; } = 8;

    /// <summary>
    /// Opens a new connection (the previous one, if any, is abandoned silently), queues the app's
    /// requests before starting it (so they travel in 0-RTT when the ticket allows) and starts it.
    /// </summary>
    public void Connect(long now, ConnectionOptions options, TlsClientConfig tls, HqClientApp app,
        ClientSessionTicket? ticket = null, byte[]? token = null)
    {
        Connection?.Close(now, 0, silent: true);
        Connection?.Dispose();
        Connection = QuicConnection.CreateClient(options, tls, "localhost", _path, now, ticket, token);
        App = app;
        app.IssueRequests(Connection, now);
        Connection.Start(now);
        DrainEvents(now);
    }

    public void HandleDatagram(long now, Span<byte> datagram, IPEndPoint from, IPEndPoint to, EcnCodepoint ecn)
    {
        if (Connection is null)
            return;
        var path = new PathAddresses(NetworkAddress.FromEndPoint(to), NetworkAddress.FromEndPoint(from));
        Connection.HandleDatagram(now, datagram, path, (EcnMarking)ecn);
        DrainEvents(now);
    }

    public bool PollTransmit(long now, Span<byte> buffer, out SimTransmit transmit)
    {
        transmit = default;
        if (Connection is null || !Connection.PollTransmit(now, buffer, MaxDatagrams, out Transmit t))
            return false;
        DrainEvents(now);
        transmit = new SimTransmit(t.Length, _server, t.DatagramCount > 1 ? t.SegmentSize : 0, (EcnCodepoint)t.Ecn);
        return true;
    }

    public long? NextTimeout() => Connection?.NextTimeout();

    public void HandleTimeout(long now)
    {
        Connection?.HandleTimeout(now);
        DrainEvents(now);
    }

    public List<ConnectionEvent> Events { get; } = [];

    private void DrainEvents(long now)
    {
        QuicConnection? connection = Connection;
        if (connection is null)
            return;
        while (connection.PollEvent(out ConnectionEvent e))
        {
            if (e.Kind is not (ConnectionEventKind.StreamDataAvailable or ConnectionEventKind.StreamClosed
                or ConnectionEventKind.StreamSendShutdownComplete or ConnectionEventKind.StreamStartComplete))
                Events.Add(e);
            App?.OnEvent(connection, e, now);
        }
    }
}
