using System.Buffers;
using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Streams;

public class ReceiveStreamTests
{
    private static ReceiveStream NewStream(long window = 1000, int chunkSize = 16) =>
        new(new ChunkRing(ArrayPool<byte>.Shared, chunkSize), window, window);

    private static byte[] Pattern(int length, int seed = 0)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++)
            data[i] = (byte)(i * 13 + seed);
        return data;
    }

    private static bool Apply(ReceiveStream r, long offset, ReadOnlySpan<byte> data, bool fin)
    {
        QuicError error = r.ValidateData(offset, data.Length, fin);
        Assert.False(error.IsError, error.ToString());
        return r.ApplyData(offset, data, fin, out _);
    }

    private static byte[] ReadAll(ReceiveStream r)
    {
        var buffer = new byte[r.ReadableLength];
        Assert.Equal(buffer.Length, r.CopyReadable(buffer));
        r.Consume(buffer.Length, 0, 0);
        return buffer;
    }

    [Fact]
    public void Recv_SizeKnown_DataRecvd_DataRead()
    {
        var r = NewStream();
        byte[] data = Pattern(100);
        Assert.Equal(ReceiveStreamState.Recv, r.State);
        Assert.True(Apply(r, 0, data.AsSpan(0, 40), false));
        Assert.Equal(ReceiveStreamState.Recv, r.State);
        Assert.False(Apply(r, 70, data.AsSpan(70), true));
        Assert.Equal(ReceiveStreamState.SizeKnown, r.State);
        Assert.Equal(100, r.FinalSize);
        Assert.False(r.IsFinReadable);
        Assert.True(Apply(r, 40, data.AsSpan(40, 30), false));
        Assert.Equal(ReceiveStreamState.DataRecvd, r.State);
        Assert.True(r.IsFinReadable);
        Assert.Equal(data, ReadAll(r));
        Assert.Equal(ReceiveStreamState.DataRead, r.State);
        Assert.True(r.IsTerminal);
        Assert.Equal(0, r.BufferedChunks);
    }

    [Fact]
    public void Empty_fin_only_stream_is_read_with_a_zero_byte_consume()
    {
        var r = NewStream();
        Assert.True(Apply(r, 0, ReadOnlySpan<byte>.Empty, true));
        Assert.Equal(ReceiveStreamState.DataRecvd, r.State);
        Assert.Equal(0, r.ReadableLength);
        r.Consume(0, 0, 0);
        Assert.Equal(ReceiveStreamState.DataRead, r.State);
    }

    [Fact]
    public void Overlapping_data_that_differs_keeps_the_first_copy()
    {
        var r = NewStream();
        byte[] first = Pattern(50, seed: 1), second = Pattern(80, seed: 2);
        Apply(r, 20, first, false);
        Apply(r, 0, second, false);
        byte[] read = ReadAll(r);
        Assert.Equal(second.AsSpan(0, 20).ToArray(), read.AsSpan(0, 20).ToArray());
        Assert.Equal(first, read.AsSpan(20, 50).ToArray());
        Assert.Equal(second.AsSpan(70, 10).ToArray(), read.AsSpan(70, 10).ToArray());
    }

    [Fact]
    public void Readable_segments_span_chunks_and_stay_valid_through_partial_consumption()
    {
        var r = NewStream(chunkSize: 16);
        byte[] data = Pattern(60);
        Apply(r, 0, data, false);
        var segments = new ReadOnlyMemory<byte>[8];
        int count = r.GetReadableSegments(segments);
        Assert.Equal(4, count);
        Assert.Equal(data, segments.Take(count).SelectMany(m => m.ToArray()).ToArray());
        r.Consume(20, 0, 0);
        Apply(r, 60, Pattern(10, seed: 9), false);
        count = r.GetReadableSegments(segments);
        byte[] rest = segments.Take(count).SelectMany(m => m.ToArray()).ToArray();
        Assert.Equal(data.AsSpan(20).ToArray().Concat(Pattern(10, seed: 9)), rest);
        Assert.Equal(20, r.ReadOffset);
        Assert.Equal(1, r.GetReadableSegments(segments.AsSpan(0, 1)));
    }

    [Fact]
    public void Final_size_violations_are_FINAL_SIZE_ERROR()
    {
        var r = NewStream();
        Apply(r, 0, Pattern(50), true);
        Assert.Equal(TransportErrorCode.FinalSizeError, r.ValidateData(0, 60, true).Code);
        Assert.Equal(TransportErrorCode.FinalSizeError, r.ValidateData(0, 40, true).Code);
        Assert.Equal(TransportErrorCode.FinalSizeError, r.ValidateData(45, 10, false).Code);
        Assert.Equal(TransportErrorCode.FinalSizeError, r.ValidateReset(60).Code);
        Assert.False(r.ValidateData(10, 40, true).IsError);
        Assert.False(r.ValidateReset(50).IsError);

        var s = NewStream();
        Apply(s, 0, Pattern(50), false);
        Assert.Equal(TransportErrorCode.FinalSizeError, s.ValidateData(0, 30, true).Code);
        Assert.Equal(TransportErrorCode.FinalSizeError, s.ValidateReset(49).Code);
    }

    [Fact]
    public void Data_beyond_the_advertised_window_is_FLOW_CONTROL_ERROR()
    {
        var r = NewStream(window: 100);
        Assert.False(r.ValidateData(90, 10, false).IsError);
        Assert.Equal(TransportErrorCode.FlowControlError, r.ValidateData(90, 11, false).Code);
        Assert.Equal(TransportErrorCode.FlowControlError, r.ValidateReset(101).Code);
        Assert.Equal(TransportErrorCode.FlowControlError, r.ValidateData(StreamId.MaxValue, 1, false).Code);
    }

    [Fact]
    public void Reset_in_Recv_and_SizeKnown_then_ResetRead()
    {
        foreach (bool sizeKnown in new[] { false, true })
        {
            var r = NewStream();
            Apply(r, 10, Pattern(20), sizeKnown);
            Assert.False(r.ValidateReset(30).IsError);
            Assert.True(r.ApplyReset(99, 30, out long released));
            Assert.Equal(30, released);
            Assert.Equal(ReceiveStreamState.ResetRecvd, r.State);
            Assert.Equal(99ul, r.ResetErrorCode);
            Assert.Equal(0, r.ReadableLength);
            Assert.Equal(0, r.BufferedChunks);
            r.OnResetDelivered();
            Assert.Equal(ReceiveStreamState.ResetRead, r.State);
            // Late data within the final size is ignored; beyond it is an error.
            Assert.False(r.ValidateData(0, 10, false).IsError);
            Assert.False(r.ApplyData(0, Pattern(10), false, out _));
            Assert.Equal(TransportErrorCode.FinalSizeError, r.ValidateData(25, 10, false).Code);
        }
    }

    [Fact]
    public void Reset_after_all_data_arrived_is_ignored_and_data_stays_readable()
    {
        var r = NewStream();
        Apply(r, 0, Pattern(30), true);
        Assert.Equal(ReceiveStreamState.DataRecvd, r.State);
        Assert.False(r.ApplyReset(5, 30, out long released));
        Assert.Equal(0, released);
        Assert.Equal(ReceiveStreamState.DataRecvd, r.State);
        Assert.Equal(Pattern(30), ReadAll(r));
    }

    [Fact]
    public void Abort_in_Recv_queues_STOP_SENDING_and_discards_data()
    {
        var r = NewStream();
        Apply(r, 0, Pattern(40), false);
        Apply(r, 60, Pattern(10), false);
        Assert.Equal(70, r.Abort(12));
        Assert.True(r.StopSendingPending);
        Assert.Equal(12ul, r.StopSendingErrorCode);
        Assert.Equal(0, r.ReadableLength);
        Assert.Equal(0, r.BufferedChunks);
        r.OnStopSendingSent();
        Assert.False(r.StopSendingPending);
        r.OnStopSendingLost();
        Assert.True(r.StopSendingPending);
        // More data is released at once; the peer's RESET_STREAM ends the receive side without an event.
        r.ValidateData(70, 20, false);
        r.ApplyData(70, Pattern(20), false, out long released);
        Assert.Equal(20, released);
        Assert.False(r.ApplyReset(3, 120, out released));
        Assert.Equal(30, released);
        Assert.Equal(ReceiveStreamState.ResetRead, r.State);
        Assert.False(r.StopSendingPending);
    }

    [Fact]
    public void Abort_with_final_size_known_sends_no_STOP_SENDING()
    {
        var r = NewStream();
        Apply(r, 50, Pattern(10), true);
        Assert.Equal(60, r.Abort(1));
        Assert.False(r.StopSendingPending);
        Assert.Equal(ReceiveStreamState.DataRead, r.State);
    }

    [Fact]
    public void Aborted_stream_finishes_when_the_fin_arrives()
    {
        var r = NewStream();
        Apply(r, 0, Pattern(10), false);
        r.Abort(1);
        Assert.False(r.IsTerminal);
        r.ApplyData(10, Pattern(5), true, out long released);
        Assert.Equal(5, released);
        Assert.True(r.IsTerminal);
        Assert.False(r.StopSendingPending);
    }
}
