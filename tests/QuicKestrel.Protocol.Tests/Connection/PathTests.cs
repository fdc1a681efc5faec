using System.Net;
using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

public sealed class PathTests
{
    private static readonly NetworkAddress Rebound = NetworkAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 61000));

    [Fact]
    public void Server_follows_a_nat_rebinding_after_validating_the_new_path()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        var app = new StreamApp();
        app.Attach(pair, server: true);
        pair.Handshake();
        pair.RunFor(500_000);
        int before = pair.Sent.Count;
        pair.ClientAddressOverride = Rebound;
        pair.Client.StartStream(true, false, null, out QuicStream? stream);
        byte[] data = StreamApp.Pattern(stream!.Id, 50_000);
        new StreamApp().Send(pair.Client, stream, data, fin: true, pair.Now);
        Assert.True(pair.RunUntil(() => app.Finished.Contains(stream.Id), 5_000_000));
        Assert.Equal(data, app.ReceivedBytes(stream.Id));
        Assert.Equal(Rebound, pair.Server!.Path.Remote);
        Assert.Contains(pair.ServerEvents, e => e.Kind == ConnectionEventKind.PeerAddressChanged);
        List<SniffedFrame> frames = pair.Sent.Skip(before).SelectMany(d => FrameSniffer.Parse(d.ToServer, d.Data)).ToList();
        SniffedFrame challenge = frames.First(f => !f.ToServer && f.Type == FrameType.PathChallenge);
        Assert.Contains(frames, f => f.ToServer && f.Type == FrameType.PathResponse && f.Value0 == challenge.Value0);
        // The server's datagrams now go to the new address.
        Assert.Equal(Rebound, pair.Sent.Last(d => !d.ToServer).Path.Local);
    }

    [Fact]
    public void Without_migration_a_server_ignores_packets_from_a_new_address()
    {
        using var pair = new ConnectionPair(new PairOptions
        {
            Protection = PacketProtectionProvider.Null,
            ServerSettings = ConnectionSettings.Default with { MigrationEnabled = false, PeerBidiStreamCount = 10 },
        });
        pair.Handshake();
        Assert.True(pair.Client.PeerParameters!.DisableActiveMigration);
        long dropped = pair.Server!.Counters.PacketsDropped;
        pair.ClientAddressOverride = Rebound;
        pair.Client.StartStream(true, false, null, out QuicStream? stream);
        pair.Client.Write(stream!, "x"u8, true, pair.Now);
        pair.RunFor(300_000);
        Assert.True(pair.Server.Counters.PacketsDropped > dropped);
        Assert.NotEqual(Rebound, pair.Server.Path.Remote);
        Assert.DoesNotContain(pair.ServerEvents, e => e.Kind == ConnectionEventKind.PeerStreamStarted);
    }

    [Fact]
    public void Path_challenge_is_answered_with_the_same_data()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Handshake();
        pair.Filter = d => d.ToServer;
        PacketForger.SendOneRtt(pair, toServer: true, [0x1a, 1, 2, 3, 4, 5, 6, 7, 8]);
        pair.RunFor(1_000);
        SniffedFrame response = FrameSniffer.All(pair).Last(f => !f.ToServer && f.Type == FrameType.PathResponse);
        Assert.Equal(0x0102030405060708UL, response.Value0);
        // A datagram carrying PATH_RESPONSE is expanded to 1200 bytes (RFC 9000 §8.2.2).
        Assert.True(pair.Sent.Last(d => !d.ToServer && FrameSniffer.Parse(false, d.Data).Any(f => f.Type == FrameType.PathResponse)).Data.Length >= 1200);
    }
}
