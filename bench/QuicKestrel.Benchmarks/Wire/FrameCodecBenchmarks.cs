using BenchmarkDotNet.Attributes;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Benchmarks.Wire;

/// <summary>
/// Parsing and writing a typical 1-RTT payload: an ACK with six ranges, two STREAM frames and
/// MAX_DATA (about 1200 bytes). Both must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class FrameCodecBenchmarks
{
    private static readonly AckRange[] Ranges =
    [
        new(10_400, 10_450), new(10_300, 10_390), new(10_100, 10_250),
        new(9_990, 10_050), new(9_700, 9_900), new(9_000, 9_650),
    ];

    private readonly byte[] _firstStreamData = new byte[1000];
    private readonly byte[] _secondStreamData = new byte[120];
    private readonly byte[] _payload = new byte[1200];
    private int _payloadLength;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_firstStreamData);
        new Random(2).NextBytes(_secondStreamData);
        _payloadLength = WriteOneRttPayload();
    }

    [Benchmark]
    public long ParseOneRttPayload()
    {
        var reader = new FrameReader(_payload.AsSpan(0, _payloadLength), PacketType.OneRtt);
        long checksum = 0;
        while (reader.TryReadFrame(out Frame frame, out _))
        {
            switch (frame.Type)
            {
                case FrameType.Ack:
                    foreach (AckRange range in frame.Ack.Ranges)
                        checksum += range.Count;
                    break;
                case FrameType.Stream:
                    StreamFrame stream = frame.Stream;
                    checksum += (long)stream.StreamId + (long)stream.Offset + stream.Data.Length;
                    break;
                case FrameType.MaxData:
                    checksum += (long)frame.MaxData.MaximumData;
                    break;
            }
        }
        return checksum;
    }

    [Benchmark]
    public int WriteOneRttPayload()
    {
        Span<byte> payload = _payload;
        AckFrameWriter.TryWrite(payload, Ranges, ackDelay: 300, ecnCounts: null, out int length, out _);
        length += WriteStream(payload[length..], 4, 1_048_576, _firstStreamData, fin: false);
        length += WriteStream(payload[length..], 8, 0, _secondStreamData, fin: true);
        new MaxDataFrame(16_777_216).TryWrite(payload[length..], out int written);
        return length + written;
    }

    // The packet builder's way: header first, then the data copied in from the send buffer.
    private static int WriteStream(Span<byte> destination, ulong streamId, ulong offset, ReadOnlySpan<byte> data, bool fin)
    {
        StreamFrame.TryWriteHeader(destination, streamId, offset, data.Length, fin, withLength: true, out int header);
        data.CopyTo(destination[header..]);
        return header + data.Length;
    }
}
