using QuicKestrel.Http3.Framing;
using QuicKestrel.Http3.Protocol;
using QuicKestrel.Http3.Qpack;

namespace QuicKestrel.Http3.Tests.Protocol;

public class AllocationTests
{
    private static long Measure(Action action)
    {
        action(); // warm up (JIT, static tables)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void DecodingStaticLinesAllocatesNothing()
    {
        byte[] section = new QpackEncoder().Encode([new(":status", "200"), new("content-type", "text/plain"), new("accept-ranges", "bytes")]);
        var decoder = new QpackDecoder();
        var fields = new List<Http3Field>(8);
        Assert.Equal(0, Measure(() =>
        {
            fields.Clear();
            decoder.Decode(section, fields);
        }));
    }

    [Fact]
    public void StreamingDataThroughTheMessageReaderAllocatesNothing()
    {
        byte[] data = Http3FrameWriter.CreateFrame(Http3FrameType.Data, new byte[16 * 1024]);
        byte[] headers = Http3FrameWriter.CreateHeadersFrame(new QpackEncoder(), [new(":status", "200")]);
        var reader = new Http3MessageReader(isRequest: false, new QpackDecoder());
        reader.Read(headers, DiscardBodySink.Instance, out _, out _);
        Assert.Equal(0, Measure(() => reader.Read(data, DiscardBodySink.Instance, out _, out _)));
    }

    [Fact]
    public void HuffmanCodingAllocatesNothing()
    {
        byte[] plain = "Mon, 21 Oct 2013 20:13:21 GMT; https://www.example.com/index.html"u8.ToArray();
        var encoded = new byte[Huffman.GetEncodedLength(plain)];
        var decoded = new byte[Huffman.GetMaxDecodedLength(encoded.Length)];
        Assert.Equal(0, Measure(() =>
        {
            Huffman.Encode(plain, encoded);
            Huffman.TryDecode(encoded, decoded, out _);
        }));
    }
}
