using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Tests.Connection;

/// <summary>
/// Network input never throws: random datagrams, mutated copies of real datagrams and random
/// frames in valid packets go into live connections (client and server, during the handshake
/// and after). A connection may close — with a transport error — but must never throw.
/// </summary>
public sealed class FuzzTests
{
    private static void Feed(ConnectionPair pair, bool toServer, byte[] datagram)
    {
        QuicConnection? target = toServer ? pair.Server : pair.Client;
        if (target is null)
            return;
        var path = toServer
            ? new PathAddresses(ConnectionPair.ServerAddress, ConnectionPair.ClientAddress)
            : new PathAddresses(ConnectionPair.ClientAddress, ConnectionPair.ServerAddress);
        target.HandleDatagram(pair.Now, datagram, path, EcnMarking.NotEct);
        // Whatever state it reached, the connection keeps answering its driver's calls.
        target.PollTransmit(pair.Now, new byte[65536], 4, out _);
        target.NextTimeout();
        while (target.PollEvent(out _))
        {
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Random_datagrams_never_throw(bool nullProtection)
    {
        var random = new SeededRandomSource(11);
        for (int round = 0; round < 20; round++)
        {
            using var pair = new ConnectionPair(new PairOptions
            {
                Seed = (ulong)round + 1,
                Protection = nullProtection ? PacketProtectionProvider.Null : PacketProtectionProvider.Aead,
            });
            pair.Start();
            pair.RunUntil(() => pair.Server is not null, 100_000);
            for (int i = 0; i < 300; i++)
            {
                var datagram = new byte[1 + random.NextInt(1500)];
                random.Fill(datagram);
                if (i % 3 == 0)
                    datagram[0] = (byte)((datagram[0] & 0x3f) | 0x40); // short header
                else if (i % 3 == 1)
                    datagram[0] |= 0xc0; // long header
                Feed(pair, random.NextInt(2) == 0, datagram);
                if (i == 150)
                    pair.RunFor(200_000); // mid-handshake and after
            }
        }
    }

    [Fact]
    public void Mutated_real_datagrams_never_throw()
    {
        var random = new SeededRandomSource(12);
        for (int round = 0; round < 15; round++)
        {
            using var pair = new ConnectionPair(new PairOptions { Seed = (ulong)round + 50, Protection = PacketProtectionProvider.Null });
            var app = new StreamApp();
            app.Attach(pair, server: true);
            pair.Handshake();
            pair.Client.StartStream(true, false, null, out QuicStream? stream);
            pair.Client.Write(stream!, StreamApp.Pattern(0, 20_000), true, pair.Now);
            pair.RunFor(300_000);
            List<PairDatagram> captured = pair.Sent.ToList();
            for (int i = 0; i < 400; i++)
            {
                PairDatagram source = captured[random.NextInt(captured.Count)];
                byte[] mutated = Mutate(source.Data, random);
                Feed(pair, source.ToServer, mutated);
            }
            pair.RunFor(100_000);
        }
    }

    [Fact]
    public void Random_frames_in_valid_packets_never_throw()
    {
        var random = new SeededRandomSource(13);
        for (int round = 0; round < 40; round++)
        {
            using var pair = new ConnectionPair(new PairOptions { Seed = (ulong)round + 100, Protection = PacketProtectionProvider.Null });
            pair.Handshake();
            for (int i = 0; i < 50 && pair.Server!.State == ConnectionState.Established; i++)
            {
                var frames = new byte[1 + random.NextInt(60)];
                random.Fill(frames);
                frames[0] = (byte)random.NextInt(0x20); // mostly known frame types
                bool toServer = random.NextInt(2) == 0;
                PacketForger.SendOneRtt(pair, toServer, frames, 5_000_000 + i);
                pair.RunFor(2_000);
            }
        }
    }

    private static byte[] Mutate(byte[] original, SeededRandomSource random)
    {
        byte[] copy = original.ToArray();
        switch (random.NextInt(4))
        {
            case 0:
                for (int i = 0, n = 1 + random.NextInt(4); i < n; i++)
                    copy[random.NextInt(copy.Length)] ^= (byte)(1 << random.NextInt(8));
                return copy;
            case 1:
                return copy.AsSpan(0, 1 + random.NextInt(copy.Length)).ToArray();
            case 2:
                // Keep the header, scramble the payload (with null protection the tag stays valid only if untouched).
                for (int i = copy.Length / 2; i < copy.Length - 16; i++)
                    copy[i] = (byte)random.NextInt(256);
                return copy;
            default:
                return [.. copy, .. copy];
        }
    }
}
