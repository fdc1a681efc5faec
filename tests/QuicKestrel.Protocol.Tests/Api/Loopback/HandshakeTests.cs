using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

public class HandshakeTests
{
    [Fact]
    public void Client_and_server_connect_over_loopback_and_echo_a_stream()
    {
        using Loopback loopback = Loopback.Create();
        loopback.ConfigureServerConnection = server => server.ConfigurePeerStream = stream => stream.Echo = true;
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();

        Assert.True(client.Events.Snapshot().First(e => e.Type == QuicConnectionEventType.Connected).Connected.NegotiatedAlpn.Span.SequenceEqual(Loopback.Alpn));
        StreamPeer stream = loopback.OpenStream(client);
        Assert.Equal(QuicStatus.Pending, loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None));
        byte[] payload = new byte[100_000];
        Random.Shared.NextBytes(payload);
        Assert.Equal(QuicStatus.Pending, loopback.Api.StreamSend(stream.Handle, new QuicBuffer[] { payload }, QuicSendFlags.Fin, null));
        stream.WaitFor(QuicStreamEventType.ShutdownComplete);
        Assert.Equal(payload, stream.Received);
        Assert.Equal(QuicStreamEventType.StartComplete, stream.Types[0]);
        Assert.Equal(QuicStreamEventType.ShutdownComplete, stream.Types[^1]);
    }
}
