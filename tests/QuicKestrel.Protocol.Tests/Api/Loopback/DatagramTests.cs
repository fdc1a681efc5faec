using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>Unreliable datagrams (RFC 9221) through DatagramSend and DATAGRAM_* events.</summary>
public class DatagramTests
{
    [Fact]
    public void Datagrams_flow_when_both_sides_enable_them()
    {
        QuicSettings server = Loopback.ServerDefaults();
        server.DatagramReceiveEnabled = true;
        using Loopback loopback = Loopback.Create(serverSettings: server, clientSettings: new QuicSettings { DatagramReceiveEnabled = true });
        (ConnectionPeer client, ConnectionPeer serverPeer) = loopback.Connect();
        QuicConnectionEvent state = client.Events.WaitFor(e => e.Type == QuicConnectionEventType.DatagramStateChanged && e.DatagramStateChanged.SendEnabled, "send enabled");
        Assert.True(state.DatagramStateChanged.MaxSendLength is > 1000 and < 1500, $"max {state.DatagramStateChanged.MaxSendLength}");
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(client.Handle, QuicParam.ConnDatagramSendEnabled, out byte enabled));
        Assert.Equal(1, enabled);

        byte[] received = [];
        serverPeer.React = (QuicHandle _, ref QuicConnectionEvent e) =>
        {
            if (e.Type == QuicConnectionEventType.DatagramReceived)
                received = e.DatagramReceived.Buffer.Span.ToArray();
            return QuicStatus.Success;
        };
        object context = new();
        QuicBuffer[] payload = ["hello "u8.ToArray(), "datagram"u8.ToArray()];
        Assert.Equal(QuicStatus.Pending, loopback.Api.DatagramSend(client.Handle, payload, QuicSendFlags.None, context));
        serverPeer.WaitFor(QuicConnectionEventType.DatagramReceived);
        Assert.Equal("hello datagram"u8.ToArray(), received);
        QuicConnectionEvent final = client.Events.WaitFor(e => e.Type == QuicConnectionEventType.DatagramSendStateChanged
            && e.DatagramSendStateChanged.State.IsFinal(), "a final send state");
        Assert.Same(context, final.DatagramSendStateChanged.ClientContext);
        Assert.Equal(QuicDatagramSendState.Acknowledged, final.DatagramSendStateChanged.State);

        Assert.Equal(QuicStatus.InvalidParameter, loopback.Api.DatagramSend(client.Handle, new QuicBuffer[] { new byte[4000] }, QuicSendFlags.None, null));
    }

    [Fact]
    public void DatagramSend_is_refused_when_the_peer_does_not_accept_datagrams()
    {
        using Loopback loopback = Loopback.Create(clientSettings: new QuicSettings { DatagramReceiveEnabled = true });
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        Assert.Equal(QuicStatus.InvalidState, loopback.Api.DatagramSend(client.Handle, new QuicBuffer[] { new byte[10] }, QuicSendFlags.None, null));
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(client.Handle, QuicParam.ConnDatagramSendEnabled, out byte enabled));
        Assert.Equal(0, enabled);
        server.Events.WaitFor(e => e.Type == QuicConnectionEventType.DatagramStateChanged && e.DatagramStateChanged.SendEnabled, "the server may send");
    }
}
