using QuicKestrel.Protocol.Streams;
using static QuicKestrel.Protocol.Tests.Streams.StreamTestKit;

namespace QuicKestrel.Protocol.Tests.Streams;

public class StreamTransferTests
{
    [Theory]
    [InlineData(1, 0.0, 0.0, false)]
    [InlineData(2, 0.1, 0.05, true)]
    [InlineData(3, 0.3, 0.1, true)]
    public void Many_streams_with_small_windows_deliver_every_byte_over_a_lossy_reordering_link(int seed, double loss, double spurious, bool reorder)
    {
        // Small windows and a server that allows only 8 concurrent client streams: flow control
        // updates, blocked signals and MAX_STREAMS re-grants all have to work for this to finish.
        var settings = Settings(peerBidi: 8, peerUni: 0, streamWindow: 4000, connectionWindow: 16000, chunkSize: 512,
            maxStreamWindow: 16000, maxConnectionWindow: 64000, sendBuffer: 6000);
        var (client, server) = Pair(settings, settings);
        var link = new StreamLink(seed) { LossRate = loss, SpuriousLossRate = spurious, Reorder = reorder, PacketRoom = 1200 };
        var scenario = new EchoScenario(client, server, streams: 60, requestBytes: 7000, responseBytes: 20_000, seed);

        scenario.Run(link, maxRounds: 20_000);

        Assert.True(scenario.Done, scenario.Describe());
        Assert.Equal(60L * (7000 + 20_000), scenario.BytesVerified);
        Assert.Equal(0, client.StreamCount);
        Assert.Equal(0, server.StreamCount);
        Assert.True(server.PeerStreamLimitGranted(true) >= 60);
        Assert.Equal(client.ConnectionBytesReceived, client.ConnectionBytesConsumed);
        Assert.Equal(server.ConnectionBytesReceived, server.ConnectionBytesConsumed);
        if (loss > 0)
            Assert.True(link.PacketsLost > 0);
    }

    [Fact]
    public void Empty_requests_and_responses_complete()
    {
        var (client, server) = Pair(Settings(peerBidi: 4), Settings(peerBidi: 4));
        var link = new StreamLink(7) { LossRate = 0.2, Reorder = true };
        var scenario = new EchoScenario(client, server, streams: 20, requestBytes: 0, responseBytes: 0, seed: 7);
        scenario.Run(link, maxRounds: 5000);
        Assert.True(scenario.Done);
    }
}
