using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

public sealed class DatagramTests
{
    private static PairOptions Enabled(bool client, bool server) => new()
    {
        Protection = PacketProtectionProvider.Null,
        ClientSettings = ConnectionSettings.Default with { DatagramReceiveEnabled = client },
        ServerSettings = ConnectionSettings.Default with { DatagramReceiveEnabled = server, PeerBidiStreamCount = 10 },
    };

    [Fact]
    public void Negotiated_datagrams_are_delivered_and_acknowledged()
    {
        using var pair = new ConnectionPair(Enabled(true, true));
        pair.Handshake();
        Assert.Contains(pair.ClientEvents, e => e.Kind == ConnectionEventKind.DatagramStateChanged && e.Has(ConnectionEventFlags.Enabled));
        byte[]? received = null;
        pair.OnEvent = (isServer, _, e) =>
        {
            if (isServer && e.Kind == ConnectionEventKind.DatagramReceived)
                received = e.Data.ToArray();
        };
        object context = new();
        Assert.Equal(DatagramEnqueueResult.Queued, pair.Client.SendDatagram("hello datagram"u8, context, pair.Now));
        pair.RunFor(500_000);
        Assert.Equal("hello datagram"u8.ToArray(), received);
        var states = pair.ClientEvents.Where(e => e.Kind == ConnectionEventKind.DatagramSendStateChanged && e.Context == context)
            .Select(e => e.DatagramState).ToList();
        Assert.Equal([DatagramSendState.Sent, DatagramSendState.Acknowledged], states);
    }

    [Fact]
    public void Datagrams_cannot_be_sent_to_a_peer_that_did_not_allow_them()
    {
        using var pair = new ConnectionPair(Enabled(true, false));
        pair.Handshake();
        Assert.Equal(DatagramEnqueueResult.NotEnabled, pair.Client.SendDatagram("x"u8, null, pair.Now));
        Assert.Equal(DatagramEnqueueResult.Queued, pair.Server!.SendDatagram("y"u8, null, pair.Now));
    }

    [Fact]
    public void Receiving_a_datagram_we_did_not_allow_is_a_PROTOCOL_VIOLATION()
    {
        using var pair = new ConnectionPair(Enabled(false, false));
        pair.Handshake();
        PacketForger.SendOneRtt(pair, toServer: true, [0x30, 0x61, 0x62]);
        pair.RunFor(1_000);
        Assert.Equal((ulong)TransportErrorCode.ProtocolViolation, pair.Server!.CloseReason.ErrorCode);
        Assert.Equal(0x30UL, pair.Server.CloseReason.FrameType);
    }

    [Fact]
    public void A_lost_datagram_is_reported_lost_and_never_resent()
    {
        using var pair = new ConnectionPair(Enabled(true, true));
        pair.Handshake();
        pair.Filter = d => !(d.ToServer && FrameSniffer.Parse(true, d.Data).Any(f => f.Type == FrameType.Datagram));
        object context = new();
        pair.Client.SendDatagram("lost"u8, context, pair.Now);
        pair.Client.StartStream(true, false, null, out QuicStream? stream);
        pair.Client.Write(stream!, StreamApp.Pattern(0, 10_000), true, pair.Now); // later packets reveal the loss
        pair.RunFor(2_000_000);
        Assert.Contains(pair.ClientEvents, e => e.Context == context && e.DatagramState == DatagramSendState.LostDiscarded);
        Assert.Single(FrameSniffer.All(pair), f => f.Type == FrameType.Datagram);
    }
}
