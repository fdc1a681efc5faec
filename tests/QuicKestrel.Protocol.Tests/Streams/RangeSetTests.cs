using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Tests.Streams;

public class RangeSetTests
{
    private const int Universe = 200;

    private static readonly Arbitrary<(bool Add, int Start, int Length)[]> Operations =
        Gen.ArrayOf(
            from add in Gen.Elements(true, true, false)
            from start in Gen.Choose(0, Universe - 1)
            from length in Gen.Choose(0, 40)
            select (add, start, length))
        .ToArbitrary();

    [Fact]
    public void Random_adds_and_removes_match_a_bitmap_model_and_stay_canonical()
    {
        Prop.ForAll(Operations, ops =>
        {
            var set = new RangeSet(1);
            var model = new bool[Universe + 40];
            foreach (var (add, start, length) in ops)
            {
                if (add)
                    set.Add(start, start + length);
                else
                    set.Remove(start, start + length);
                for (int i = start; i < start + length; i++)
                    model[i] = add;
            }
            return MatchesModel(set, model) && IsCanonical(set);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Gaps_and_contiguous_ends_match_the_model()
    {
        Prop.ForAll(Operations, ops =>
        {
            var set = new RangeSet();
            var model = new bool[Universe + 40];
            foreach (var (_, start, length) in ops)
            {
                set.Add(start, start + length);
                for (int i = start; i < start + length; i++)
                    model[i] = true;
            }
            for (int from = 0; from < model.Length; from += 7)
            {
                int to = Math.Min(model.Length, from + 50);
                int expectedGap = Array.FindIndex(model, from, to - from, b => !b);
                bool found = set.TryGetFirstGap(from, to, out long gapStart, out long gapEnd);
                if (found != (expectedGap >= 0))
                    return false;
                if (found && (gapStart != expectedGap || gapEnd <= gapStart || model[(int)gapEnd - 1] || (gapEnd < to && !model[(int)gapEnd])))
                    return false;
                int end = from;
                while (end < model.Length && model[end])
                    end++;
                if (set.ContiguousEndFrom(from) != end)
                    return false;
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Touching_ranges_merge_and_removing_the_middle_splits()
    {
        var set = new RangeSet();
        set.Add(0, 10);
        set.Add(10, 20);
        Assert.Equal(1, set.Count);
        Assert.True(set.Contains(0, 20));
        set.Remove(5, 15);
        Assert.Equal(2, set.Count);
        Assert.Equal((0L, 5L), (set.StartAt(0), set.EndAt(0)));
        Assert.Equal((15L, 20L), (set.StartAt(1), set.EndAt(1)));
        set.RemoveBelow(17);
        Assert.Equal((17L, 20L), (set.StartAt(0), set.EndAt(0)));
    }

    private static bool MatchesModel(RangeSet set, bool[] model)
    {
        var fromSet = new bool[model.Length];
        for (int r = 0; r < set.Count; r++)
            for (long i = set.StartAt(r); i < set.EndAt(r); i++)
                fromSet[i] = true;
        return fromSet.AsSpan().SequenceEqual(model);
    }

    private static bool IsCanonical(RangeSet set)
    {
        for (int r = 0; r < set.Count; r++)
        {
            if (set.StartAt(r) >= set.EndAt(r))
                return false;
            if (r > 0 && set.StartAt(r) <= set.EndAt(r - 1))
                return false;
        }
        return true;
    }
}
