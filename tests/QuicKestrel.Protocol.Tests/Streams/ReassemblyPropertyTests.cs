using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Streams;

/// <summary>
/// Random splits, duplicates, overlaps and reorderings of a random payload always reassemble
/// to the original bytes, and the receiver never holds more than the window it advertised.
/// </summary>
public class ReassemblyPropertyTests
{
    public sealed record Case(int Length, int ChunkSize, int SmallChunkSize, int[] Cuts, (int Start, int Length)[] Extras, int Duplicates, int Seed);

    private static readonly Arbitrary<Case> Cases =
        (from length in Gen.Choose(0, 3000)
         from chunkSize in Gen.Elements(1, 7, 64, 1024)
         from smallChunkSize in Gen.Elements(0, 5, 100, 2000)
         from cuts in Gen.ArrayOf(Gen.Choose(0, 3000))
         from extras in Gen.ArrayOf(from s in Gen.Choose(0, 3000) from l in Gen.Choose(0, 400) select (s, l))
         from duplicates in Gen.Choose(0, 20)
         from seed in Gen.Choose(0, int.MaxValue)
         select new Case(length, chunkSize, smallChunkSize, cuts, extras, duplicates, seed))
        .ToArbitrary();

    // A first chunk of c.SmallChunkSize (0: none) that grows when the data outruns it.
    private static ChunkRing Ring(Case c) =>
        new(new StreamChunkPool(ArrayPool<byte>.Shared, c.SmallChunkSize, 4), c.ChunkSize);

    private readonly record struct Fragment(int Offset, int Length, bool Fin);

    [Fact]
    public void Any_split_duplication_overlap_and_order_reassembles_the_payload()
    {
        Prop.ForAll(Cases, c =>
        {
            byte[] payload = RandomPayload(c.Length, c.Seed);
            List<Fragment> fragments = Fragments(c);
            var r = new ReceiveStream(Ring(c), Math.Max(1, c.Length), Math.Max(1, c.Length));
            foreach (Fragment f in fragments)
            {
                if (r.ValidateData(f.Offset, f.Length, f.Fin).IsError)
                    return false;
                r.ApplyData(f.Offset, payload.AsSpan(f.Offset, f.Length), f.Fin, out _);
                if (HeldBytesBound(r, c.ChunkSize) > Math.Max(1, c.Length) + 2L * c.ChunkSize)
                    return false;
            }
            var read = new byte[r.ReadableLength];
            r.CopyReadable(read);
            return r.IsFinReadable && read.AsSpan().SequenceEqual(payload);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void With_a_small_window_and_partial_reads_the_bytes_arrive_in_order_and_buffering_stays_within_the_window()
    {
        Prop.ForAll(Cases, c =>
        {
            const long window = 256;
            byte[] payload = RandomPayload(c.Length, c.Seed);
            var pending = SplitToMax(Fragments(c), 100);
            var random = new Random(c.Seed);
            var r = new ReceiveStream(Ring(c), window, window);
            var delivered = new List<byte>(c.Length);
            var scratch = new byte[4096];
            for (int round = 0; round < 100_000 && (pending.Count > 0 || r.ReadableLength > 0); round++)
            {
                // The sender respects our limit: only fragments within it are sent.
                int index = pending.FindIndex(f => f.Offset + f.Length <= r.CreditLimit);
                if (index >= 0)
                {
                    Fragment f = pending[index];
                    pending.RemoveAt(index);
                    if (r.ValidateData(f.Offset, f.Length, f.Fin).IsError)
                        return false;
                    r.ApplyData(f.Offset, payload.AsSpan(f.Offset, f.Length), f.Fin, out _);
                }
                // One byte past the limit is always refused, without changing anything.
                if (r.ValidateData(r.CreditLimit, 1, false).Code != TransportErrorCode.FlowControlError && r.FinalSize < 0)
                    return false;
                if (r.HighestReceived - r.ReadOffset > window || HeldBytesBound(r, c.ChunkSize) > window + 2L * c.ChunkSize)
                    return false;
                // The application takes all, part or none of what is readable.
                int take = (int)Math.Min(r.ReadableLength, random.Next(3) switch { 0 => 0, 1 => random.Next(1, 100), _ => int.MaxValue });
                if (index < 0 && take == 0)
                    take = (int)r.ReadableLength;
                int copied = r.CopyReadable(scratch.AsSpan(0, Math.Min(take, scratch.Length)));
                delivered.AddRange(scratch.AsSpan(0, copied).ToArray());
                r.Consume(copied, round, 10);
            }
            if (c.Length > 0 || r.State != ReceiveStreamState.DataRead)
                r.Consume(0, 0, 0);
            return pending.Count == 0 && r.State == ReceiveStreamState.DataRead && delivered.ToArray().AsSpan().SequenceEqual(payload);
        }).QuickCheckThrowOnFailure();
    }

    // A flow-controlled sender never sends a frame larger than the window it was given.
    private static List<Fragment> SplitToMax(List<Fragment> fragments, int max)
    {
        var split = new List<Fragment>();
        foreach (Fragment f in fragments)
        {
            for (int o = 0; o < f.Length || (o == 0 && f.Length == 0); o += max)
            {
                int l = Math.Min(max, f.Length - o);
                split.Add(new Fragment(f.Offset + o, l, f.Fin && o + l == f.Length));
                if (f.Length == 0)
                    break;
            }
        }
        return split;
    }

    private static long HeldBytesBound(ReceiveStream r, int chunkSize) => (long)r.BufferedChunks * chunkSize;

    private static byte[] RandomPayload(int length, int seed)
    {
        var payload = new byte[length];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    // A covering split at the given cut points (the last piece carries the FIN), plus overlapping
    // extra pieces and duplicates, in a seeded random order.
    private static List<Fragment> Fragments(Case c)
    {
        var cuts = c.Cuts.Where(x => x > 0 && x < c.Length).Append(0).Append(c.Length).Distinct().Order().ToArray();
        var fragments = new List<Fragment>();
        for (int i = 0; i + 1 < cuts.Length; i++)
            fragments.Add(new Fragment(cuts[i], cuts[i + 1] - cuts[i], cuts[i + 1] == c.Length));
        if (c.Length == 0)
            fragments.Add(new Fragment(0, 0, true));
        foreach (var (start, length) in c.Extras)
        {
            int s = Math.Min(start, c.Length);
            int l = Math.Min(length, c.Length - s);
            fragments.Add(new Fragment(s, l, s + l == c.Length && l % 2 == 0));
        }
        var random = new Random(c.Seed);
        for (int i = 0; i < c.Duplicates && fragments.Count > 0; i++)
            fragments.Add(fragments[random.Next(fragments.Count)]);
        fragments.Add(new Fragment(c.Length, 0, true));
        return fragments.OrderBy(_ => random.Next()).ToList();
    }
}
