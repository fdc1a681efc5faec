using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

public sealed class KeyUpdateTests
{
    private static void Transfer(ConnectionPair pair, StreamApp server, int bytes, Func<bool>? midway = null)
    {
        pair.Client.StartStream(true, false, null, out QuicStream? stream);
        byte[] data = StreamApp.Pattern(stream!.Id, bytes);
        new StreamApp().Send(pair.Client, stream, data, fin: true, pair.Now);
        bool triggered = midway is null;
        Assert.True(pair.RunUntil(() =>
        {
            if (!triggered && server.Received.TryGetValue(stream.Id, out var sink) && sink.Length > bytes / 3)
                triggered = midway!();
            return server.Finished.Contains(stream.Id);
        }, 30_000_000));
        Assert.Equal(data, server.ReceivedBytes(stream.Id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Key_update_initiated_by_either_side_keeps_data_flowing_and_uses_both_phases(bool serverInitiates)
    {
        using var pair = new ConnectionPair();
        var server = new StreamApp();
        server.Attach(pair, server: true);
        pair.Handshake();
        pair.RunFor(200_000);
        QuicConnection initiator = serverInitiates ? pair.Server! : pair.Client;
        Transfer(pair, server, 400_000, () => initiator.InitiateKeyUpdate(pair.Now));
        pair.RunFor(500_000);
        foreach (QuicConnection side in new[] { pair.Client, pair.Server! })
        {
            Assert.Equal(1, side.ApplicationKeys.KeyUpdateCount);
            Assert.True(side.ApplicationKeys.PhasesSentIn >= 2);
            Assert.True(side.ApplicationKeys.PhasesReceivedIn >= 2);
            Assert.True(side.ApplicationKeys.KeyPhase);
        }
    }

    [Fact]
    public void A_second_update_waits_for_the_first_to_be_acknowledged()
    {
        using var pair = new ConnectionPair();
        pair.Handshake();
        pair.RunFor(200_000);
        Assert.True(pair.Client.InitiateKeyUpdate(pair.Now));
        Assert.False(pair.Client.InitiateKeyUpdate(pair.Now));
        pair.Client.StartStream(true, false, null, out QuicStream? stream);
        pair.Client.Write(stream!, "ping"u8, false, pair.Now);
        pair.RunFor(2_000_000); // acknowledged, and the old keys dropped after 3 PTOs
        Assert.True(pair.Client.InitiateKeyUpdate(pair.Now));
        Assert.Equal(2, pair.Client.ApplicationKeys.KeyUpdateCount);
    }

    [Fact]
    public void Update_before_handshake_confirmation_is_refused()
    {
        using var pair = new ConnectionPair();
        pair.Start();
        Assert.False(pair.Client.InitiateKeyUpdate(pair.Now));
    }

    [Fact]
    public void Automatic_updates_happen_before_MaxBytesPerKey()
    {
        using var pair = new ConnectionPair(new PairOptions { ClientSettings = ConnectionSettings.Default with { MaxBytesPerKey = 100_000 } });
        var server = new StreamApp();
        server.Attach(pair, server: true);
        pair.Handshake();
        // Updates are at least three PTOs apart (the old read key must be gone first), so the data comes in rounds.
        for (int round = 0; round < 4; round++)
        {
            Transfer(pair, server, 300_000);
            pair.RunFor(1_000_000);
        }
        Assert.True(pair.Client.ApplicationKeys.KeyUpdateCount >= 4, $"{pair.Client.ApplicationKeys.KeyUpdateCount} updates");
    }

    [Fact]
    public void Peer_updating_twice_without_waiting_is_a_KEY_UPDATE_ERROR()
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        pair.Handshake();
        pair.RunFor(200_000);
        pair.Filter = d => d.ToServer;
        // Phase 1 (an update), then at once phase 0 again with a higher packet number (a second update).
        bool phase = !pair.Server!.ApplicationKeys.KeyPhase;
        pair.Inject(true, PacketForger.BuildOneRtt(pair.Server.LocalIds.Initial.Span, 5000, [0x01], phase));
        pair.Inject(true, PacketForger.BuildOneRtt(pair.Server.LocalIds.Initial.Span, 5001, [0x01], !phase));
        pair.RunFor(1_000);
        Assert.Equal((ulong)TransportErrorCode.KeyUpdateError, pair.Server.CloseReason.ErrorCode);
    }
}
