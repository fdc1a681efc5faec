using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

public sealed class AckTests
{
    private static (ConnectionPair Pair, QuicStream Stream) Established()
    {
        var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Handshake();
        pair.RunFor(200_000);
        pair.Client.StartStream(true, false, null, out QuicStream? stream);
        return (pair, stream!);
    }

    private static long SendTime(ConnectionPair pair, PairDatagram datagram) => datagram.Arrival - pair.Options.OneWayDelayMicros;

    [Fact]
    public void A_single_ack_eliciting_packet_is_acknowledged_after_max_ack_delay()
    {
        (ConnectionPair pair, QuicStream stream) = Established();
        using (pair)
        {
            int before = pair.Sent.Count;
            pair.Client.Write(stream, "x"u8, fin: false, pair.Now);
            pair.RunFor(200_000);
            List<PairDatagram> after = pair.Sent.Skip(before).ToList();
            PairDatagram data = after.First(d => d.ToServer);
            PairDatagram ack = after.First(d => !d.ToServer && FrameSniffer.Parse(false, d.Data).Any(f => f.Type == FrameType.Ack));
            long delay = SendTime(pair, ack) - data.Arrival;
            Assert.Equal(25_000, delay);
        }
    }

    [Fact]
    public void Every_second_ack_eliciting_packet_is_acknowledged_at_once()
    {
        (ConnectionPair pair, QuicStream stream) = Established();
        using (pair)
        {
            int before = pair.Sent.Count;
            pair.Client.Write(stream, StreamApp.Pattern(0, 2000), fin: false, pair.Now); // two packets
            pair.RunFor(200_000);
            List<PairDatagram> after = pair.Sent.Skip(before).ToList();
            Assert.Equal(2, after.Count(d => d.ToServer));
            PairDatagram second = after.Where(d => d.ToServer).Last();
            PairDatagram ack = after.First(d => !d.ToServer && FrameSniffer.Parse(false, d.Data).Any(f => f.Type == FrameType.Ack));
            Assert.Equal(second.Arrival, SendTime(pair, ack));
        }
    }

    [Fact]
    public void Out_of_order_packets_are_acknowledged_at_once_with_a_gap()
    {
        (ConnectionPair pair, QuicStream stream) = Established();
        using (pair)
        {
            int clientDatagrams = 0;
            pair.Filter = d => !d.ToServer || ++clientDatagrams != 1; // the first of three is lost
            int before = pair.Sent.Count;
            pair.Client.Write(stream, StreamApp.Pattern(0, 3500), fin: false, pair.Now);
            pair.RunFor(10_000 + 1);
            List<SniffedFrame> acks = pair.Sent.Skip(before).Where(d => !d.ToServer)
                .SelectMany(d => FrameSniffer.Parse(false, d.Data)).Where(f => f.Type == FrameType.Ack).ToList();
            Assert.NotEmpty(acks);
            Assert.True(acks[0].Value1 >= 1, "the ACK reports a gap (an additional range)");
        }
    }

    [Fact]
    public void Ack_only_packets_are_not_answered_with_acks()
    {
        (ConnectionPair pair, QuicStream stream) = Established();
        using (pair)
        {
            pair.Client.Write(stream, StreamApp.Pattern(0, 20_000), fin: true, pair.Now);
            pair.RunFor(2_000_000);
            int before = pair.Sent.Count;
            pair.RunFor(5_000_000);
            Assert.Equal(before, pair.Sent.Count);
        }
    }

    [Fact]
    public void Acknowledged_ack_ranges_are_pruned()
    {
        (ConnectionPair pair, QuicStream stream) = Established();
        using (pair)
        {
            var app = new StreamApp();
            app.Attach(pair, server: true);
            pair.Client.Write(stream, StreamApp.Pattern(0, 300_000), fin: true, pair.Now);
            int count = 0;
            pair.Filter = d => !d.ToServer || ++count % 10 != 0;
            Assert.True(pair.RunUntil(() => app.Finished.Contains(stream.Id), 20_000_000));
            pair.Filter = null;
            pair.RunFor(1_000_000);
            // The server's ACK ranges were pruned as the client acknowledged its ACKs: few ranges remain.
            Assert.True(pair.Server!.ApplicationKeys is not null);
            Assert.True(ReceivedRanges(pair.Server) <= 2, $"{ReceivedRanges(pair.Server)} ranges kept");
        }
    }

    private static int ReceivedRanges(QuicConnection connection) => connection.ReceivedRangeCount(QuicKestrel.Protocol.Recovery.PacketNumberSpace.ApplicationData);
}
