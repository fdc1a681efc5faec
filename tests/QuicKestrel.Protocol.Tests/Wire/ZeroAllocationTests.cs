using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Wire;

/// <summary>The per-packet paths (header parse, frame parse, frame and header writes) allocate nothing.</summary>
public class ZeroAllocationTests
{
    [Fact]
    public void Parsing_and_writing_a_packet_allocates_nothing()
    {
        var datagram = new byte[1200];
        var data = new byte[900];
        AckRange[] ranges = [new(500, 600), new(300, 400), new(0, 200)];
        byte[] connectionId = [1, 2, 3, 4, 5, 6, 7, 8];

        long checksum = RunOnce(datagram, data, ranges, connectionId);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
            checksum += RunOnce(datagram, data, ranges, connectionId);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0, checksum);
    }

    private static long RunOnce(byte[] datagram, byte[] data, AckRange[] ranges, byte[] connectionId)
    {
        Span<byte> packet = datagram;
        PacketHeaderWriter.TryWriteShortHeader(packet, connectionId, 1234, 2, keyPhase: false, spinBit: false, out int offset);
        AckFrameWriter.TryWrite(packet[offset..], ranges, 10, new EcnCounts(1, 2, 3), out int written, out _);
        offset += written;
        StreamFrame.TryWriteHeader(packet[offset..], 4, 5000, data.Length, fin: true, withLength: true, out written);
        data.CopyTo(packet[(offset + written)..]);
        offset += written + data.Length;
        new MaxDataFrame(1 << 20).TryWrite(packet[offset..], out written);
        offset += written;
        new NewConnectionIdFrame(5, 1, connectionId, data.AsSpan(0, 16)).TryWrite(packet[offset..], out written);
        offset += written;
        FrameWriting.WritePadding(packet[offset..]);

        long checksum = 0;
        PacketHeader.TryParse(datagram, connectionId.Length, out PacketHeader header);
        var reader = new FrameReader(datagram.AsSpan(header.PacketNumberOffset + 2), PacketType.OneRtt);
        while (reader.TryReadFrame(out Frame frame, out _))
        {
            if (frame.Type == FrameType.Ack)
            {
                foreach (AckRange range in frame.Ack.Ranges)
                    checksum += range.Count;
            }
            else if (frame.Type == FrameType.Stream)
            {
                checksum += frame.Stream.Data.Length;
            }
        }
        return checksum;
    }
}
