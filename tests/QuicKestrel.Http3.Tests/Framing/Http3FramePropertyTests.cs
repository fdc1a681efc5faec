using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Http3.Framing;

namespace QuicKestrel.Http3.Tests.Framing;

public class Http3FramePropertyTests
{
    private static readonly ulong[] s_types =
    [
        Http3FrameType.Data, Http3FrameType.Headers, Http3FrameType.Settings, Http3FrameType.GoAway,
        Http3FrameType.MaxPushId, Http3FrameType.CancelPush, Http3FrameType.PushPromise,
        0x21, 0x40, 0x1F * 7 + 0x21, 0x3FFF, 1UL << 40,
    ];

    private static Arbitrary<(ulong Type, byte[] Payload)[]> FramesArb() =>
        Gen.Elements(s_types)
            .SelectMany(type => Gen.Choose(0, 200).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)).Select(p => (type, p)))
            .ArrayOf()
            .ToArbitrary();

    [Fact]
    public void FramesRoundTripThroughArbitraryCuts()
    {
        Prop.ForAll(FramesArb(), ArbMap.Default.ArbFor<int[]>(), (frames, cutSeeds) =>
        {
            byte[] stream = [.. frames.SelectMany(f => Http3FrameWriter.CreateFrame(f.Type, f.Payload))];
            IEnumerable<int> cuts = cutSeeds.Select(c => stream.Length == 0 ? 0 : (int)((uint)c % (uint)stream.Length));
            (List<Http3FrameReaderTests.ReadItem> items, Http3ErrorCode error, bool atBoundary) = Http3FrameReaderTests.ReadAll(stream, cuts, maxPayload: 4096);
            return error == Http3ErrorCode.NoError && atBoundary && Describe(items).SequenceEqual(Expected(frames));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ArbitraryBytesNeverThrow()
    {
        Prop.ForAll<byte[], int>((stream, cutSeed) =>
        {
            int cut = stream.Length == 0 ? 0 : (int)((uint)cutSeed % (uint)stream.Length);
            Http3FrameReaderTests.ReadAll(stream, [cut], maxPayload: 64);
            return true;
        }).QuickCheckThrowOnFailure();
    }

    // What the reader reports for each frame: known frames whole, unknown ones by type only, DATA as merged content.
    private static IEnumerable<string> Expected((ulong Type, byte[] Payload)[] frames)
    {
        var items = new List<string>();
        string? data = null;
        foreach ((ulong type, byte[] payload) in frames)
        {
            if (type == Http3FrameType.Data)
            {
                if (payload.Length == 0)
                {
                    Flush();
                    items.Add("data:");
                }
                else
                {
                    data = (data ?? "") + Convert.ToHexString(payload);
                }
                continue;
            }
            Flush();
            items.Add(s_types.Take(7).Contains(type) ? $"frame {type}:{Convert.ToHexString(payload)}" : $"unknown {type}");
        }
        Flush();
        return items;

        void Flush()
        {
            if (data is not null)
                items.Add("data:" + data);
            data = null;
        }
    }

    private static IEnumerable<string> Describe(List<Http3FrameReaderTests.ReadItem> items) => items.Select(item => item.Status switch
    {
        FrameReadStatus.Data => "data:" + Convert.ToHexString(item.Payload),
        FrameReadStatus.Frame => $"frame {item.Type}:{Convert.ToHexString(item.Payload)}",
        _ => $"unknown {item.Type}",
    });
}
