using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

public sealed class StreamTransferTests
{
    [Fact]
    public void Bidirectional_stream_delivers_every_byte_both_ways()
    {
        using var pair = new ConnectionPair();
        var client = new StreamApp();
        var server = new StreamApp();
        client.Attach(pair, server: false);
        server.Attach(pair, server: true);
        pair.Handshake();
        Assert.Equal(StreamStartResult.Started, pair.Client.StartStream(true, false, null, out QuicStream? stream));
        byte[] request = StreamApp.Pattern(stream!.Id, 300_000);
        client.Send(pair.Client, stream, request, fin: true, pair.Now);
        Assert.True(pair.RunUntil(() => server.Finished.Contains(stream.Id), 20_000_000));
        Assert.Equal(request, server.ReceivedBytes(stream.Id));

        QuicStream serverStream = server.PeerStreams.Single();
        byte[] response = StreamApp.Pattern(99, 200_000);
        server.Send(pair.Server!, serverStream, response, fin: true, pair.Now);
        Assert.True(pair.RunUntil(() => client.Finished.Contains(stream.Id), 20_000_000));
        Assert.Equal(response, client.ReceivedBytes(stream.Id));
    }

    [Fact]
    public void Lost_stream_data_is_retransmitted_until_every_byte_arrives()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        var server = new StreamApp();
        server.Attach(pair, server: true);
        pair.Handshake();
        int count = 0;
        pair.Filter = d => !d.ToServer || ++count % 7 != 0; // every 7th client datagram is lost
        pair.Client.StartStream(true, false, null, out QuicStream? stream);
        byte[] data = StreamApp.Pattern(stream!.Id, 500_000);
        new StreamApp().Send(pair.Client, stream, data, fin: true, pair.Now);
        Assert.True(pair.RunUntil(() => server.Finished.Contains(stream.Id), 60_000_000), pair.Client.GetStatistics().ToString());
        Assert.Equal(data, server.ReceivedBytes(stream.Id));
        Assert.True(pair.Client.Recovery.Statistics.PacketsLost > 0);
    }
}
