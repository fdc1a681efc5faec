using QuicKestrel.Http3.Framing;

namespace QuicKestrel.Http3.Tests.Framing;

public class Http3FrameReaderTests
{
    internal readonly record struct ReadItem(FrameReadStatus Status, ulong Type, byte[] Payload)
    {
        public override string ToString() => $"{Status} 0x{Type:x} [{Payload.Length}]";
    }

    /// <summary>Feeds <paramref name="stream"/> in pieces cut at <paramref name="cuts"/>, merging consecutive DATA pieces of one frame.</summary>
    internal static (List<ReadItem> Items, Http3ErrorCode Error, bool AtBoundary) ReadAll(byte[] stream, IEnumerable<int> cuts, int maxPayload = 1024)
    {
        var reader = new Http3FrameReader(maxPayload);
        var items = new List<ReadItem>();
        int previous = 0;
        foreach (int cut in cuts.Where(c => c > 0 && c < stream.Length).Order().Distinct().Append(stream.Length))
        {
            ReadOnlySpan<byte> piece = stream.AsSpan(previous, cut - previous);
            previous = cut;
            while (true)
            {
                FrameReadStatus status = reader.Read(piece, out int consumed, out ReadOnlySpan<byte> payload, out Http3ErrorCode error);
                piece = piece.Slice(consumed);
                if (status == FrameReadStatus.Error)
                    return (items, error, false);
                if (status == FrameReadStatus.NeedMoreData)
                {
                    Assert.True(piece.IsEmpty);
                    break;
                }
                AddItem(items, new ReadItem(status, reader.FrameType, payload.ToArray()));
            }
        }
        return (items, Http3ErrorCode.NoError, reader.IsAtFrameBoundary);
    }

    // Consecutive non-empty DATA pieces are merged: the pieces of one frame depend on how the input was cut.
    private static void AddItem(List<ReadItem> items, ReadItem item)
    {
        if (item is { Status: FrameReadStatus.Data, Payload.Length: > 0 } && items.Count > 0
            && items[^1] is { Status: FrameReadStatus.Data, Payload.Length: > 0 } last)
        {
            items[^1] = last with { Payload = [.. last.Payload, .. item.Payload] };
            return;
        }
        items.Add(item);
    }

    [Fact]
    public void ReadsFramesSplitAtEveryPosition()
    {
        byte[] stream =
        [
            .. Http3FrameWriter.CreateFrame(Http3FrameType.Headers, [1, 2, 3]),
            .. Http3FrameWriter.CreateFrame(0x21, new byte[300]), // reserved (grease) type: skipped
            .. Http3FrameWriter.CreateFrame(Http3FrameType.Data, [9, 8, 7, 6]),
            .. Http3FrameWriter.CreateFrame(Http3FrameType.Headers, new byte[100]),
        ];
        for (int cut = 0; cut <= stream.Length; cut++)
        {
            (List<ReadItem> items, Http3ErrorCode error, bool atBoundary) = ReadAll(stream, [cut]);
            Assert.Equal(Http3ErrorCode.NoError, error);
            Assert.True(atBoundary);
            Assert.Equal(4, items.Count);
            Assert.Equal((FrameReadStatus.Frame, Http3FrameType.Headers), (items[0].Status, items[0].Type));
            Assert.Equal([1, 2, 3], items[0].Payload);
            Assert.Equal((FrameReadStatus.UnknownFrame, 0x21UL), (items[1].Status, items[1].Type));
            Assert.Equal(FrameReadStatus.Data, items[2].Status);
            Assert.Equal([9, 8, 7, 6], items[2].Payload);
            Assert.Equal(100, items[3].Payload.Length);
        }
    }

    [Fact]
    public void ReadsOneByteAtATime()
    {
        byte[] stream = [.. Http3FrameWriter.CreateVarIntFrame(Http3FrameType.GoAway, 1UL << 40), .. Http3FrameWriter.CreateFrame(Http3FrameType.Data, new byte[70])];
        (List<ReadItem> items, _, bool atBoundary) = ReadAll(stream, Enumerable.Range(1, stream.Length));
        Assert.True(atBoundary);
        Assert.Equal(Http3FrameType.GoAway, items[0].Type);
        Assert.True(Http3VarInt.TryRead(items[0].Payload, out ulong id, out _));
        Assert.Equal(1UL << 40, id);
        Assert.Equal(70, items[1].Payload.Length);
    }

    [Theory]
    [InlineData(0x02UL)]
    [InlineData(0x06UL)]
    [InlineData(0x08UL)]
    [InlineData(0x09UL)]
    public void ReservedHttp2FrameTypesAreUnexpected(ulong type)
    {
        (_, Http3ErrorCode error, _) = ReadAll(Http3FrameWriter.CreateFrame(type, [0]), []);
        Assert.Equal(Http3ErrorCode.FrameUnexpected, error);
    }

    [Fact]
    public void OversizedControlFramesAreExcessiveLoad()
    {
        (_, Http3ErrorCode error, _) = ReadAll(Http3FrameWriter.CreateFrame(Http3FrameType.Headers, new byte[1025]), [], maxPayload: 1024);
        Assert.Equal(Http3ErrorCode.ExcessiveLoad, error);
    }

    [Fact]
    public void HugeDataAndUnknownFramesAreStreamedNotBuffered()
    {
        // A header announcing 2^62 − 1 bytes is accepted for DATA and unknown types; only the bytes present are handed out.
        var header = new byte[16];
        int length = Http3FrameWriter.WriteFrameHeader(header, Http3FrameType.Data, Http3VarInt.MaxValue);
        (List<ReadItem> items, Http3ErrorCode error, bool atBoundary) = ReadAll([.. header.AsSpan(0, length), 1, 2], []);
        Assert.Equal(Http3ErrorCode.NoError, error);
        Assert.False(atBoundary);
        Assert.Equal([1, 2], items.Single().Payload);
    }

    [Fact]
    public void AStreamEndingInsideAFrameIsNotAtABoundary()
    {
        byte[] frame = Http3FrameWriter.CreateFrame(Http3FrameType.Headers, [1, 2, 3]);
        for (int cut = 1; cut < frame.Length; cut++)
            Assert.False(ReadAll(frame.AsSpan(0, cut).ToArray(), []).AtBoundary);
    }

    [Fact]
    public void ReportsZeroLengthDataFrames()
    {
        (List<ReadItem> items, _, bool atBoundary) = ReadAll(Http3FrameWriter.CreateFrame(Http3FrameType.Data, []), []);
        Assert.True(atBoundary);
        Assert.Equal(FrameReadStatus.Data, items.Single().Status);
        Assert.Empty(items.Single().Payload);
    }

    [Fact]
    public void UnreadDataHandsTheBytesOutAgain()
    {
        var reader = new Http3FrameReader(1024);
        byte[] stream = [.. Http3FrameWriter.CreateFrame(Http3FrameType.Data, [1, 2, 3, 4, 5]), .. Http3FrameWriter.CreateFrame(Http3FrameType.Headers, [7])];
        Assert.Equal(FrameReadStatus.Data, reader.Read(stream, out int consumed, out ReadOnlySpan<byte> data, out _));
        Assert.Equal(5, data.Length);
        reader.UnreadData(3); // the sink took 2 bytes
        int offset = consumed - 3;
        Assert.Equal(FrameReadStatus.Data, reader.Read(stream.AsSpan(offset), out consumed, out data, out _));
        Assert.Equal([3, 4, 5], data.ToArray());
        offset += consumed;
        Assert.Equal(FrameReadStatus.Frame, reader.Read(stream.AsSpan(offset), out _, out ReadOnlySpan<byte> payload, out _));
        Assert.Equal([7], payload.ToArray());
    }
}
