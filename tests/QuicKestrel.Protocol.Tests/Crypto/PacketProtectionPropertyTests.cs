using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tests.Crypto;

public class PacketProtectionPropertyTests
{
    private sealed record Case(int Suite, int Version, bool LongHeader, int PnLength, long PacketNumber, int PayloadLength, int Seed);

    private static readonly Arbitrary<Case> Cases =
        (from suite in Gen.Choose(0, 2)
         from version in Gen.Choose(0, 1)
         from longHeader in Gen.Elements(true, false)
         from pnLength in Gen.Choose(1, 4)
         from pnHigh in Gen.Choose(0, int.MaxValue)
         from pnLow in Gen.Choose(0, int.MaxValue)
         from payload in Gen.Choose(0, 1400)
         from seed in Gen.Choose(0, int.MaxValue)
         select new Case(suite, version, longHeader, pnLength, ((long)pnHigh << 31 | (long)pnLow) & ((1L << 62) - 1), payload, seed))
        .ToArbitrary();

    [Fact]
    public void Protect_then_unprotect_returns_the_packet()
    {
        Prop.ForAll(Cases, c =>
        {
            int payloadLength = Math.Max(c.PayloadLength, PacketProtection.MinimumPayloadLength(c.PnLength));
            ulong pn = (ulong)c.PacketNumber;
            var (sender, receiver) = TestPackets.Pair(TestPackets.Suites[c.Suite], TestPackets.Versions[c.Version], c.Seed);
            using (sender)
            using (receiver)
            {
                int pnOffset;
                byte[] packet = c.LongHeader
                    ? TestPackets.LongHeader(payloadLength, pn, c.PnLength, c.Seed, out pnOffset)
                    : TestPackets.ShortHeader(payloadLength, pn, c.PnLength, c.Seed % 2 == 0, c.Seed, out pnOffset);
                byte[] plain = (byte[])packet.Clone();
                int length = sender.Protect(packet, pnOffset, c.PnLength, payloadLength, pn);
                ulong largest = pn == 0 ? 0 : pn - 1;
                bool opened = TestPackets.TryUnprotect(receiver, packet.AsSpan(0, length), pnOffset, largest, out ulong decoded, out int openedLength);
                return opened && decoded == pn && openedLength == payloadLength
                    && packet.AsSpan(0, length - 16).SequenceEqual(plain.AsSpan(0, length - 16));
            }
        }).QuickCheckThrowOnFailure();
    }
}
