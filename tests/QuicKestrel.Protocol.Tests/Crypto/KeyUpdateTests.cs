using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Crypto;

/// <summary>RFC 9001 §6: key updates derive new AEAD keys from "quic ku"/"quicv2 ku" and keep the header key.</summary>
public class KeyUpdateTests
{
    public static TheoryData<ushort, uint> SuitesAndVersions() => TamperTests.SuitesAndVersions();

    [Theory]
    [MemberData(nameof(SuitesAndVersions))]
    public void Generations_round_trip_and_only_their_own_keys_open_them(ushort suiteCode, uint version)
    {
        var suite = (CipherSuite)suiteCode;
        var (sender0, receiver0) = TestPackets.Pair(suite, version, seed: 21);
        var senders = new List<PacketProtection> { sender0 };
        var receivers = new List<PacketProtection> { receiver0 };
        for (int generation = 1; generation < 4; generation++)
        {
            senders.Add(senders[^1].CreateNextGeneration());
            receivers.Add(receivers[^1].CreateNextGeneration());
        }

        ulong pn = 100;
        for (int g = 0; g < senders.Count; g++, pn++)
        {
            byte[] packet = TestPackets.ShortHeader(40, pn, 2, keyPhase: g % 2 == 1, seed: g, out int pnOffset);
            byte[] plain = (byte[])packet.Clone();
            int length = senders[g].Protect(packet, pnOffset, 2, 40, pn);

            for (int r = 0; r < receivers.Count; r++)
            {
                byte[] copy = packet.AsSpan(0, length).ToArray();
                bool opened = TestPackets.TryUnprotect(receivers[r], copy, pnOffset, pn - 1, out _, out _);
                Assert.Equal(r == g, opened);
                // The header key never changes, so every generation removes header protection alike.
                Assert.Equal(g % 2 == 1, (copy[0] & 0x04) != 0);
                if (opened)
                    Assert.Equal(Convert.ToHexString(plain.AsSpan(0, length - 16)), Convert.ToHexString(copy.AsSpan(0, length - 16)));
            }
        }

        foreach (PacketProtection p in senders.Concat(receivers))
            p.Dispose();
    }

    [Theory]
    [MemberData(nameof(SuitesAndVersions))]
    public void Next_generation_survives_disposal_of_the_previous_one(ushort suiteCode, uint version)
    {
        var suite = (CipherSuite)suiteCode;
        var (sender, receiver) = TestPackets.Pair(suite, version, seed: 22);
        PacketProtection nextSender = sender.CreateNextGeneration();
        PacketProtection nextReceiver = receiver.CreateNextGeneration();
        sender.Dispose();
        receiver.Dispose();
        sender.Dispose(); // idempotent

        byte[] packet = TestPackets.ShortHeader(25, 9, 1, keyPhase: true, seed: 3, out int pnOffset);
        int length = nextSender.Protect(packet, pnOffset, 1, 25, 9);
        Assert.True(TestPackets.TryUnprotect(nextReceiver, packet.AsSpan(0, length), pnOffset, 8, out ulong pn, out int payload));
        Assert.Equal(9UL, pn);
        Assert.Equal(25, payload);
        nextSender.Dispose();
        nextReceiver.Dispose();
        Assert.Throws<ObjectDisposedException>(() => nextSender.CreateNextGeneration());
    }

    [Fact]
    public void Versions_use_their_own_key_update_label()
    {
        var secret = new byte[32];
        new Random(1).NextBytes(secret);
        var v1 = new byte[32];
        var v2 = new byte[32];
        PacketKeyDerivation.DeriveNextSecret(CipherSuite.Aes128GcmSha256, secret, QuicVersion.V1, v1);
        PacketKeyDerivation.DeriveNextSecret(CipherSuite.Aes128GcmSha256, secret, QuicVersion.V2, v2);
        var expected = new byte[32];
        HkdfLabel.Expand(System.Security.Cryptography.HashAlgorithmName.SHA256, secret, "quic ku"u8, default, expected);
        Assert.Equal(expected, v1);
        HkdfLabel.Expand(System.Security.Cryptography.HashAlgorithmName.SHA256, secret, "quicv2 ku"u8, default, expected);
        Assert.Equal(expected, v2);

        var sha384 = new byte[48];
        PacketKeyDerivation.DeriveNextSecret(CipherSuite.Aes256GcmSha384, new byte[48], QuicVersion.V1, sha384);
        var expected384 = new byte[48];
        HkdfLabel.Expand(System.Security.Cryptography.HashAlgorithmName.SHA384, new byte[48], "quic ku"u8, default, expected384);
        Assert.Equal(expected384, sha384);
    }
}
