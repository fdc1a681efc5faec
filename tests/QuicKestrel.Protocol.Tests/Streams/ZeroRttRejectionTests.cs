using QuicKestrel.Protocol.Streams;
using static QuicKestrel.Protocol.Tests.Streams.StreamTestKit;

namespace QuicKestrel.Protocol.Tests.Streams;

public class ZeroRttRejectionTests
{
    private static readonly StreamTransportParameters Remembered = new(10_000, 5_000, 5_000, 5_000, 10, 10);

    [Fact]
    public void Rejected_zero_rtt_data_is_sent_again_from_offset_zero_under_the_new_limits()
    {
        var client = new StreamManager(isServer: false, Settings());
        client.ApplyPeerTransportParameters(Remembered);
        Assert.True(client.TryOpenLocalStream(true, out QuicStream a));
        Assert.True(client.TryOpenLocalStream(false, out QuicStream b));
        client.Write(a, new byte[3000], fin: true);
        client.Write(b, new byte[100], fin: false);
        Assert.Equal(3100, TakeStreamFrames(client).Sum(c => c.Length));
        client.AbortSend(b, 9);
        Assert.Equal(StreamControlFrame.ResetStream(b.Id, 9, 100), TakeControlFrames(client).Single());
        Assert.Equal(SendStreamState.DataSent, a.Send!.State);

        client.OnZeroRttRejected(new StreamTransportParameters(2_000, 1_000, 1_000, 1_000, 1, 1));

        Assert.Equal(SendStreamState.Ready, a.Send.State);
        Assert.Equal(2_000, client.ConnectionSendCredit);
        Assert.Equal(new[] { new StreamChunk(a.Id, 0, 1000, false) }, TakeStreamFrames(client));
        // The reset is repeated with the final size the server will now see.
        Assert.Equal(StreamControlFrame.ResetStream(b.Id, 9, 0), TakeControlFrames(client)[0]);
        Assert.False(client.TryOpenLocalStream(true, out _));
    }

    [Fact]
    public void Late_reports_for_rejected_packets_do_not_disturb_the_rewound_stream()
    {
        var client = new StreamManager(isServer: false, Settings());
        client.ApplyPeerTransportParameters(Remembered);
        Assert.True(client.TryOpenLocalStream(true, out QuicStream a));
        client.Write(a, new byte[2000], fin: true);
        var zeroRtt = TakeStreamFrames(client, maxLength: 1000);
        client.OnZeroRttRejected(Remembered);
        foreach (StreamChunk chunk in zeroRtt)
            client.OnStreamFrameLost(chunk);
        foreach (StreamChunk chunk in zeroRtt)
            client.OnStreamFrameAcked(chunk);
        Assert.Equal(0, a.Send!.AckedPrefix);
        var resent = TakeStreamFrames(client, maxLength: 1000);
        Assert.Equal(new[] { new StreamChunk(0, 0, 1000, false), new StreamChunk(0, 1000, 1000, true) }, resent);
    }
}
