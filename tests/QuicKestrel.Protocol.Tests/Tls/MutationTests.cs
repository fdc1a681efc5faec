using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

/// <summary>
/// Replays a full handshake (with client authentication and a session ticket) many times,
/// each time mutating one handshake message in flight — truncated, a byte flipped,
/// duplicated, or swapped with the next — for messages of both roles. Every run must end with
/// an alert on one side, or (for harmless mutations) with both sides complete; nothing throws
/// and nothing hangs.
/// </summary>
public class MutationTests
{
    private enum Kind { Truncate, Flip, Duplicate, Reorder }

    private readonly record struct Mutation(int Message, Kind Kind, int Position);

    private sealed record Recorded(bool ToServer, EncryptionLevel Level, byte[] Message);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryMutationEndsInAnAlertOrACompleteHandshake(bool resumed)
    {
        ClientSessionTicket? ticket = resumed ? ResumptionTests.FirstConnection(ServerConfig(), ClientConfig()) : null;
        List<Recorded> baseline = Record(ticket);
        HandshakeType[] expected = resumed
            ? [HandshakeType.ClientHello, HandshakeType.ServerHello, HandshakeType.EncryptedExtensions, HandshakeType.Finished,
               HandshakeType.Finished, HandshakeType.NewSessionTicket]
            : [HandshakeType.ClientHello, HandshakeType.ServerHello, HandshakeType.EncryptedExtensions, HandshakeType.CertificateRequest,
               HandshakeType.Certificate, HandshakeType.CertificateVerify, HandshakeType.Finished, HandshakeType.Certificate,
               HandshakeType.CertificateVerify, HandshakeType.Finished, HandshakeType.NewSessionTicket];
        Assert.Equal(expected, baseline.Select(r => (HandshakeType)r.Message[0]));
        var random = new SeededRandomSource(2024);
        int runs = 0, alerts = 0, harmless = 0;
        foreach (Mutation mutation in Mutations(baseline, random))
        {
            using var pair = NewPair(ticket);
            pair.Filter = Mutator(mutation, baseline);
            pair.Run();
            if (pair.Client.IsHandshakeComplete && pair.Server.IsHandshakeComplete && !pair.Client.Error.IsError && !pair.Server.Error.IsError)
            {
                pair.Server.SendSessionTicket([], pair.ServerNowMicros);
                pair.Pump();
            }
            runs++;
            TlsError error = pair.Client.Error.IsError ? pair.Client.Error : pair.Server.Error;
            if (error.IsError)
            {
                alerts++;
                Assert.True(Enum.IsDefined(error.Alert), $"{mutation}: undefined alert {error.Alert}");
                Assert.False(string.IsNullOrEmpty(error.Reason));
            }
            else
            {
                Assert.True(pair.Client.IsHandshakeComplete && pair.Server.IsHandshakeComplete, $"{mutation} neither failed nor completed");
                // Only a ticket may be damaged unnoticed, or a ClientHello whose PSK became unusable
                // (the server then falls back to a full handshake, as it should).
                var type = (HandshakeType)baseline[mutation.Message].Message[0];
                Assert.True(type == HandshakeType.NewSessionTicket || (resumed && type == HandshakeType.ClientHello && !pair.Server.IsResumed),
                    $"{mutation} of {type} went unnoticed");
                harmless++;
            }
        }
        Assert.True(runs > (resumed ? 100 : 150), $"only {runs} runs");
        Assert.True(alerts > runs * 3 / 4, $"{alerts} alerts in {runs} runs");
    }

    [Fact]
    public void RawTruncationWaitsForMoreBytesWithoutFailing()
    {
        List<Recorded> baseline = Record();
        for (int i = 0; i < baseline.Count - 1; i++)
        {
            using var pair = NewPair();
            int index = 0;
            bool cut = false;
            bool direction = baseline[i].ToServer;
            // Half of message i arrives, and nothing after it in that direction.
            pair.Filter = (toServer, level, chunk) =>
            {
                var output = new List<(EncryptionLevel, byte[])>();
                foreach (byte[] m in Split(chunk))
                {
                    int current = index++;
                    if (current == i)
                    {
                        output.Add((level, m[..(m.Length / 2)]));
                        cut = true;
                    }
                    else if (!cut || toServer != direction)
                    {
                        output.Add((level, m));
                    }
                }
                return output;
            };
            pair.Run();
            Assert.False(pair.Client.Error.IsError, pair.Client.Error.ToString());
            Assert.False(pair.Server.Error.IsError, pair.Server.Error.ToString());
            Assert.False(pair.Client.IsHandshakeComplete && pair.Server.IsHandshakeComplete, $"message {i} truncated");
        }
    }

    private static TlsClientConfig ClientConfig() =>
        TlsPair.ClientConfig(c => { c.ClientCertificate = TestCertificates.Client; c.Groups = [NamedGroup.X25519]; });

    private static TlsServerConfig ServerConfig() => TlsPair.ServerConfig(change: s => s.ClientAuth = ClientAuthMode.Require);

    private static TlsPair NewPair(ClientSessionTicket? ticket = null)
    {
        TlsClientConfig client = ClientConfig();
        TlsServerConfig server = ServerConfig();
        var pair = new TlsPair(client, server, ticket: ticket, seed: 77);
        pair.ServerEvents.OnEventAction = e =>
        {
            if (e == TlsEvent.ClientHelloReceived)
                pair.Server.SetConfiguration(server, TlsPair.ServerTransportParameters, pair.ServerNowMicros);
            if (e == TlsEvent.ResumptionRequested)
                pair.Server.CompleteResumption(true, true, pair.ServerNowMicros);
        };
        return pair;
    }

    private static List<Recorded> Record(ClientSessionTicket? ticket = null)
    {
        var recorded = new List<Recorded>();
        using var pair = NewPair(ticket);
        pair.Filter = (toServer, level, chunk) =>
        {
            var messages = Split(chunk);
            recorded.AddRange(messages.Select(m => new Recorded(toServer, level, m)));
            return messages.Select(m => (level, m)).ToList();
        };
        pair.Run();
        pair.AssertCompleted();
        pair.Server.SendSessionTicket([], pair.ServerNowMicros);
        pair.Pump();
        return recorded;
    }

    private static IEnumerable<Mutation> Mutations(List<Recorded> baseline, RandomSource random)
    {
        for (int i = 0; i < baseline.Count; i++)
        {
            int length = baseline[i].Message.Length;
            // Body lengths kept: 0, 1, half, and (negative = from the end of the live message) all but one byte.
            foreach (int keep in new[] { 0, 1, (length - 4) / 2, -1 }.Distinct())
                yield return new Mutation(i, Kind.Truncate, keep);
            yield return new Mutation(i, Kind.Flip, 0); // the message type
            for (int p = 4; p < Math.Min(length, 16); p++)
                yield return new Mutation(i, Kind.Flip, p);
            for (int n = 0; n < 6 && length > 4; n++)
                yield return new Mutation(i, Kind.Flip, 4 + random.NextInt(length - 4));
            yield return new Mutation(i, Kind.Duplicate, 0);
            // Swap with the next message of the same flight.
            if (i + 1 < baseline.Count && baseline[i + 1].ToServer == baseline[i].ToServer)
                yield return new Mutation(i, Kind.Reorder, 0);
        }
    }

    private static Func<bool, EncryptionLevel, byte[], IEnumerable<(EncryptionLevel, byte[])>> Mutator(Mutation mutation, List<Recorded> baseline)
    {
        int index = 0;
        (EncryptionLevel Level, byte[] Data)? held = null;
        return (toServer, level, chunk) =>
        {
            var output = new List<(EncryptionLevel, byte[])>();
            foreach (byte[] message in Split(chunk))
            {
                int current = index++;
                if (current != mutation.Message)
                {
                    output.Add((level, message));
                    if (held is { } h && baseline[current].ToServer == baseline[mutation.Message].ToServer)
                    {
                        output.Add(h);
                        held = null;
                    }
                    continue;
                }
                switch (mutation.Kind)
                {
                    case Kind.Truncate:
                        int body = message.Length - 4; // signatures vary in length between runs
                        output.Add((level, Truncate(message, mutation.Position < 0 ? body + mutation.Position : Math.Min(mutation.Position, body - 1))));
                        break;
                    case Kind.Flip:
                        int at = mutation.Position == 0 ? 0 : 4 + (mutation.Position - 4) % (message.Length - 4);
                        message[at] ^= (byte)(at == 0 ? 0x40 : 0x01);
                        output.Add((level, message));
                        break;
                    case Kind.Duplicate:
                        output.Add((level, message));
                        output.Add((level, message));
                        break;
                    case Kind.Reorder:
                        held = (level, message);
                        break;
                }
            }
            return output;
        };
    }

    /// <summary>Shortens the body and fixes the length so the message is complete but short.</summary>
    private static byte[] Truncate(byte[] message, int keep)
    {
        byte[] cut = message[..(4 + keep)];
        cut[1] = (byte)(keep >> 16);
        cut[2] = (byte)(keep >> 8);
        cut[3] = (byte)keep;
        return cut;
    }

    private static List<byte[]> Split(byte[] chunk)
    {
        var messages = new List<byte[]>();
        for (int at = 0; at + 4 <= chunk.Length;)
        {
            int length = 4 + ((chunk[at + 1] << 16) | (chunk[at + 2] << 8) | chunk[at + 3]);
            messages.Add(chunk[at..Math.Min(chunk.Length, at + length)]);
            at += length;
        }
        return messages;
    }
}
