using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// Stream and flow-control frames (RFC 9000 §19.4–§19.14) go to the stream layer as plain
// values; DATAGRAM frames (RFC 9221) become events.
internal sealed partial class QuicConnection
{
    private QuicError HandleStreamFrame(in Frame frame)
    {
        switch (frame.Type)
        {
            case FrameType.Stream:
                StreamFrame stream = frame.Stream;
                return _streams.OnStreamFrame((long)stream.StreamId, (long)stream.Offset, stream.Data, stream.Fin);
            case FrameType.ResetStream:
                ResetStreamFrame reset = frame.ResetStream;
                return _streams.OnResetStream((long)reset.StreamId, reset.ApplicationErrorCode, (long)reset.FinalSize);
            case FrameType.StopSending:
                StopSendingFrame stop = frame.StopSending;
                return _streams.OnStopSending((long)stop.StreamId, stop.ApplicationErrorCode);
            case FrameType.MaxData:
                _streams.OnMaxData(ToLong(frame.MaxData.MaximumData));
                return QuicError.None;
            case FrameType.MaxStreamData:
                MaxStreamDataFrame maxStreamData = frame.MaxStreamData;
                return _streams.OnMaxStreamData((long)maxStreamData.StreamId, ToLong(maxStreamData.MaximumStreamData));
            case FrameType.MaxStreamsBidi:
            case FrameType.MaxStreamsUni:
                MaxStreamsFrame maxStreams = frame.MaxStreams;
                return _streams.OnMaxStreams(maxStreams.Bidirectional, (long)maxStreams.MaximumStreams);
            case FrameType.DataBlocked:
                _streams.OnDataBlocked(ToLong(frame.DataBlocked.MaximumData));
                return QuicError.None;
            case FrameType.StreamDataBlocked:
                StreamDataBlockedFrame blocked = frame.StreamDataBlocked;
                return _streams.OnStreamDataBlocked((long)blocked.StreamId, ToLong(blocked.MaximumStreamData));
            case FrameType.StreamsBlockedBidi:
            case FrameType.StreamsBlockedUni:
                StreamsBlockedFrame streamsBlocked = frame.StreamsBlocked;
                return _streams.OnStreamsBlocked(streamsBlocked.Bidirectional, (long)streamsBlocked.MaximumStreams);
            default:
                return QuicError.FrameEncoding(frame.RawType, "unexpected frame type");
        }
    }

    /// <summary>
    /// DATAGRAM (RFC 9221 §5): only if we advertised max_datagram_frame_size, and no larger
    /// (PROTOCOL_VIOLATION otherwise). The payload is copied into a pooled buffer that stays valid
    /// until the next <see cref="PollEvent"/>.
    /// </summary>
    private QuicError OnDatagramFrame(in DatagramFrame frame, ulong rawType, bool zeroRtt)
    {
        int frameSize = frame.GetEncodedLength(rawType == RawFrameTypes.DatagramWithLength);
        QuicError error = DatagramLimits.ValidateReceived(frameSize, (long)_localParameters.MaxDatagramFrameSize);
        if (error.IsError)
            return error;
        byte[] copy = _options.BufferPool.Rent(Math.Max(1, frame.Data.Length));
        frame.Data.CopyTo(copy);
        Emit(new ConnectionEvent(ConnectionEventKind.DatagramReceived,
            zeroRtt ? ConnectionEventFlags.ZeroRtt : ConnectionEventFlags.None,
            Data: new ReadOnlyMemory<byte>(copy, 0, frame.Data.Length), Context: copy));
        return QuicError.None;
    }

    private static long ToLong(ulong value) => (long)Math.Min(value, (ulong)long.MaxValue);
}
