using FsCheck;
using FsCheck.Fluent;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Wire;

/// <summary>FsCheck round trips: every frame type written by its writer reads back field for field.</summary>
public class FrameRoundTripTests
{
    private delegate bool WriteFrame(Span<byte> destination, out int bytesWritten);

    private delegate void CheckFrame(Frame frame);

    // Writes one frame, checks its size, reads it back alone from a 1-RTT payload and checks it.
    // ACK frames are the exception to "one byte less does not fit": they drop ranges instead.
    private static bool RoundTrip(WriteFrame write, int expectedLength, ulong expectedRawType, CheckFrame check, bool dropsToFit = false)
    {
        var buffer = new byte[expectedLength + 16];
        Assert.True(write(buffer, out int written));
        Assert.Equal(expectedLength, written);
        if (!dropsToFit)
            Assert.False(write(buffer.AsSpan(0, written - 1), out _));
        var reader = new FrameReader(buffer.AsSpan(0, written), PacketType.OneRtt);
        Assert.True(reader.TryReadFrame(out Frame frame, out QuicError error), error.ToString());
        Assert.Equal(expectedRawType, frame.RawType);
        check(frame);
        Assert.Equal(written, reader.Position);
        Assert.False(reader.TryReadFrame(out _, out error));
        Assert.False(error.IsError);
        return true;
    }

    private static void Check<T>(Gen<T> gen, Func<T, bool> property) =>
        Prop.ForAll(gen.ToArbitrary(), property).QuickCheckThrowOnFailure();

    [Fact]
    public void Stream_all_eight_type_variants()
    {
        Gen<(ulong Id, ulong Offset, byte[] Data, bool Fin, bool WithLength)> gen =
            from id in WireGen.VarIntValue
            from useOffset in WireGen.Bool
            from offset in WireGen.VarIntAtMost(VarInt.MaxValue - 300)
            from data in WireGen.Bytes(0, 300)
            from fin in WireGen.Bool
            from withLength in WireGen.Bool
            select (id, useOffset ? offset : 0UL, data, fin, withLength);
        Check(gen, s =>
        {
            var stream = new StreamFrame(s.Id, s.Offset, s.Data, s.Fin);
            ulong rawType = 0x08UL | (s.Offset != 0 ? 4UL : 0) | (s.WithLength ? 2UL : 0) | (s.Fin ? 1UL : 0);
            return RoundTrip(
                (Span<byte> d, out int n) => new StreamFrame(s.Id, s.Offset, s.Data, s.Fin).TryWrite(d, out n, s.WithLength),
                stream.GetEncodedLength(s.WithLength), rawType, frame =>
                {
                    Assert.Equal(FrameType.Stream, frame.Type);
                    StreamFrame read = frame.Stream;
                    Assert.Equal((s.Id, s.Offset, s.Fin), (read.StreamId, read.Offset, read.Fin));
                    Assert.Equal(s.Data, read.Data.ToArray());
                    Assert.Equal(s.Offset + (ulong)s.Data.Length, read.EndOffset);
                });
        });
    }

    [Fact]
    public void Crypto()
    {
        Gen<(ulong Offset, byte[] Data)> gen =
            from offset in WireGen.VarIntAtMost(VarInt.MaxValue - 300)
            from data in WireGen.Bytes(0, 300)
            select (offset, data);
        Check(gen, c => RoundTrip(
            (Span<byte> d, out int n) => new CryptoFrame(c.Offset, c.Data).TryWrite(d, out n),
            new CryptoFrame(c.Offset, c.Data).EncodedLength, 0x06, frame =>
            {
                CryptoFrame read = frame.Crypto;
                Assert.Equal(c.Offset, read.Offset);
                Assert.Equal(c.Data, read.Data.ToArray());
            }));
    }

    [Fact]
    public void Ack_with_and_without_ecn()
    {
        Gen<(AckRange[] Ranges, ulong Delay, EcnCounts? Ecn)> gen =
            from ranges in AckRanges
            from delay in WireGen.VarIntValue
            from hasEcn in WireGen.Bool
            from ect0 in WireGen.VarIntValue
            from ect1 in WireGen.VarIntValue
            from ce in WireGen.VarIntValue
            select (ranges, delay, hasEcn ? new EcnCounts(ect0, ect1, ce) : (EcnCounts?)null);
        Check(gen, a => RoundTrip(
            (Span<byte> d, out int n) => AckFrameWriter.TryWrite(d, a.Ranges, a.Delay, a.Ecn, out n, out _),
            AckFrameWriter.GetEncodedLength(a.Ranges, a.Delay, a.Ecn), a.Ecn.HasValue ? 0x03UL : 0x02UL, frame =>
            {
                AckFrame ack = frame.Ack;
                Assert.Equal(a.Ranges[0].Largest, ack.LargestAcknowledged);
                Assert.Equal(a.Delay, ack.AckDelay);
                Assert.Equal(a.Ranges.Length - 1, ack.AdditionalRangeCount);
                Assert.Equal(a.Ecn.HasValue, ack.HasEcnCounts);
                if (a.Ecn is { } ecn)
                    Assert.Equal(ecn, ack.EcnCounts);
                Assert.Equal(a.Ranges, ReadRanges(ack));
            }, dropsToFit: true));
    }

    /// <summary>1 to 40 disjoint ranges, largest first, with gaps of at least one packet.</summary>
    internal static Gen<AckRange[]> AckRanges { get; } =
        from count in Gen.Choose(1, 40)
        from spans in Gen.ArrayOf(Gen.Choose(0, 5000), count * 2)
        from top in WireGen.VarIntAtMost(PacketNumber.MaxValue)
        select BuildRanges(spans, (long)top);

    private static AckRange[] BuildRanges(int[] spans, long top)
    {
        long total = 0;
        foreach (int span in spans)
            total += span + 1;
        long largest = Math.Max(top, total + 2L * spans.Length);
        var ranges = new AckRange[spans.Length / 2];
        for (int i = 0; i < ranges.Length; i++)
        {
            long smallest = largest - spans[2 * i];
            ranges[i] = new AckRange(smallest, largest);
            largest = smallest - 2 - spans[2 * i + 1];
        }
        return ranges;
    }

    internal static List<AckRange> ReadRanges(AckFrame ack)
    {
        var ranges = new List<AckRange>();
        foreach (AckRange range in ack.Ranges)
            ranges.Add(range);
        return ranges;
    }

    [Fact]
    public void Reset_stream_and_stop_sending()
    {
        Gen<(ulong, ulong, ulong)> gen =
            from id in WireGen.VarIntValue
            from code in WireGen.VarIntValue
            from size in WireGen.VarIntValue
            select (id, code, size);
        Check(gen, v =>
        {
            var reset = new ResetStreamFrame(v.Item1, v.Item2, v.Item3);
            var stop = new StopSendingFrame(v.Item1, v.Item2);
            return RoundTrip(reset.TryWrite, reset.EncodedLength, 0x04, f => Assert.Equal(reset, f.ResetStream))
                && RoundTrip(stop.TryWrite, stop.EncodedLength, 0x05, f => Assert.Equal(stop, f.StopSending));
        });
    }

    [Fact]
    public void New_token()
    {
        Check(WireGen.Bytes(1, 200), token => RoundTrip(
            (Span<byte> d, out int n) => new NewTokenFrame(token).TryWrite(d, out n),
            new NewTokenFrame(token).EncodedLength, 0x07, f => Assert.Equal(token, f.NewToken.Token.ToArray())));
    }

    [Fact]
    public void Flow_control_frames()
    {
        Gen<(ulong, ulong, ulong, bool)> gen =
            from a in WireGen.VarIntValue
            from b in WireGen.VarIntValue
            from streams in WireGen.VarIntAtMost(1UL << 60)
            from bidi in WireGen.Bool
            select (a, b, streams, bidi);
        Check(gen, v =>
        {
            var maxData = new MaxDataFrame(v.Item1);
            var maxStreamData = new MaxStreamDataFrame(v.Item1, v.Item2);
            var maxStreams = new MaxStreamsFrame(v.Item4, v.Item3);
            var dataBlocked = new DataBlockedFrame(v.Item2);
            var streamDataBlocked = new StreamDataBlockedFrame(v.Item2, v.Item1);
            var streamsBlocked = new StreamsBlockedFrame(v.Item4, v.Item3);
            return RoundTrip(maxData.TryWrite, maxData.EncodedLength, 0x10, f => Assert.Equal(maxData, f.MaxData))
                && RoundTrip(maxStreamData.TryWrite, maxStreamData.EncodedLength, 0x11, f => Assert.Equal(maxStreamData, f.MaxStreamData))
                && RoundTrip(maxStreams.TryWrite, maxStreams.EncodedLength, v.Item4 ? 0x12UL : 0x13UL, f => Assert.Equal(maxStreams, f.MaxStreams))
                && RoundTrip(dataBlocked.TryWrite, dataBlocked.EncodedLength, 0x14, f => Assert.Equal(dataBlocked, f.DataBlocked))
                && RoundTrip(streamDataBlocked.TryWrite, streamDataBlocked.EncodedLength, 0x15, f => Assert.Equal(streamDataBlocked, f.StreamDataBlocked))
                && RoundTrip(streamsBlocked.TryWrite, streamsBlocked.EncodedLength, v.Item4 ? 0x16UL : 0x17UL, f => Assert.Equal(streamsBlocked, f.StreamsBlocked));
        });
    }

    [Fact]
    public void New_and_retire_connection_id()
    {
        Gen<(ulong Sequence, ulong RetirePriorTo, byte[] Cid, byte[] Token)> gen =
            from sequence in WireGen.VarIntValue
            from retire in WireGen.VarIntValue
            from cid in WireGen.Bytes(1, 20)
            from token in WireGen.Bytes(16, 16)
            select (sequence, Math.Min(retire, sequence), cid, token);
        Check(gen, v =>
        {
            var retire = new RetireConnectionIdFrame(v.Sequence);
            return RoundTrip(
                    (Span<byte> d, out int n) => new NewConnectionIdFrame(v.Sequence, v.RetirePriorTo, v.Cid, v.Token).TryWrite(d, out n),
                    new NewConnectionIdFrame(v.Sequence, v.RetirePriorTo, v.Cid, v.Token).EncodedLength, 0x18, f =>
                    {
                        NewConnectionIdFrame read = f.NewConnectionId;
                        Assert.Equal((v.Sequence, v.RetirePriorTo), (read.SequenceNumber, read.RetirePriorTo));
                        Assert.Equal(v.Cid, read.ConnectionId.ToArray());
                        Assert.Equal(v.Token, read.StatelessResetToken.ToArray());
                    })
                && RoundTrip(retire.TryWrite, retire.EncodedLength, 0x19, f => Assert.Equal(retire, f.RetireConnectionId));
        });
    }

    [Fact]
    public void Path_challenge_and_response()
    {
        Check(WireGen.UInt64, data =>
        {
            var challenge = new PathChallengeFrame(data);
            var response = new PathResponseFrame(data);
            return RoundTrip(challenge.TryWrite, PathChallengeFrame.EncodedLength, 0x1a, f => Assert.Equal(challenge, f.PathChallenge))
                && RoundTrip(response.TryWrite, PathResponseFrame.EncodedLength, 0x1b, f => Assert.Equal(response, f.PathResponse));
        });
    }

    [Fact]
    public void Connection_close_transport_and_application()
    {
        Gen<(bool Application, ulong Code, ulong FrameType, byte[] Reason)> gen =
            from application in WireGen.Bool
            from code in WireGen.VarIntValue
            from frameType in WireGen.VarIntValue
            from reason in WireGen.Bytes(0, 100)
            select (application, code, application ? 0UL : frameType, reason);
        Check(gen, v => RoundTrip(
            (Span<byte> d, out int n) => new ConnectionCloseFrame(v.Application, v.Code, v.FrameType, v.Reason).TryWrite(d, out n),
            new ConnectionCloseFrame(v.Application, v.Code, v.FrameType, v.Reason).EncodedLength,
            v.Application ? 0x1dUL : 0x1cUL, f =>
            {
                ConnectionCloseFrame read = f.ConnectionClose;
                Assert.Equal((v.Application, v.Code, v.FrameType), (read.IsApplicationError, read.ErrorCode, read.TriggeringFrameType));
                Assert.Equal(v.Reason, read.ReasonPhrase.ToArray());
            }));
    }

    [Fact]
    public void Datagram_with_and_without_length()
    {
        Gen<(byte[] Data, bool WithLength)> gen =
            from data in WireGen.Bytes(0, 300)
            from withLength in WireGen.Bool
            select (data, withLength);
        Check(gen, v => RoundTrip(
            (Span<byte> d, out int n) => new DatagramFrame(v.Data).TryWrite(d, out n, v.WithLength),
            DatagramFrame.GetEncodedLength(v.Data.Length, v.WithLength), v.WithLength ? 0x31UL : 0x30UL,
            f => Assert.Equal(v.Data, f.Datagram.Data.ToArray())));
    }

    [Fact]
    public void Padding_ping_and_handshake_done()
    {
        Check(Gen.Choose(1, 1500), count =>
        {
            var payload = new byte[count + 2];
            FrameWriting.WritePadding(payload.AsSpan(0, count));
            Assert.True(FrameWriting.TryWritePing(payload.AsSpan(count), out int ping) && ping == 1);
            Assert.True(FrameWriting.TryWriteHandshakeDone(payload.AsSpan(count + 1), out int done) && done == 1);
            var reader = new FrameReader(payload, PacketType.OneRtt);
            Assert.True(reader.TryReadFrame(out Frame padding, out _));
            Assert.Equal((FrameType.Padding, count), (padding.Type, padding.PaddingLength));
            Assert.True(reader.TryReadFrame(out Frame pingFrame, out _));
            Assert.Equal(FrameType.Ping, pingFrame.Type);
            Assert.True(reader.TryReadFrame(out Frame doneFrame, out _));
            Assert.Equal(FrameType.HandshakeDone, doneFrame.Type);
            return !reader.TryReadFrame(out _, out _);
        });
    }

    [Fact]
    public void Frames_in_sequence_read_back_in_order()
    {
        Gen<(ulong[] Values, byte[] Data)> gen =
            from values in Gen.ArrayOf(WireGen.VarIntAtMost(1UL << 60), 5)
            from data in WireGen.Bytes(0, 100)
            select (values, data);
        Check(gen, v =>
        {
            var payload = new byte[1500];
            int length = 0;
            Assert.True(AckFrameWriter.TryWrite(payload, [new AckRange(0, (long)v.Values[0] >> 2)], 0, null, out int n, out _));
            length += n;
            Assert.True(new MaxStreamsFrame(false, v.Values[1]).TryWrite(payload.AsSpan(length), out n));
            length += n;
            Assert.True(new StreamFrame(v.Values[2], 0, v.Data, true).TryWrite(payload.AsSpan(length), out n));
            length += n;
            Assert.True(new MaxDataFrame(v.Values[3]).TryWrite(payload.AsSpan(length), out n));
            length += n;
            Assert.True(new DatagramFrame(v.Data).TryWrite(payload.AsSpan(length), out n, withLength: false));
            length += n;

            var reader = new FrameReader(payload.AsSpan(0, length), PacketType.OneRtt);
            var types = new List<FrameType>();
            while (reader.TryReadFrame(out Frame frame, out _))
                types.Add(frame.Type);
            Assert.Equal([FrameType.Ack, FrameType.MaxStreamsUni, FrameType.Stream, FrameType.MaxData, FrameType.Datagram], types);
            Assert.True(reader.IsAckEliciting);
            Assert.False(reader.IsProbingOnly);
            return true;
        });
    }
}
