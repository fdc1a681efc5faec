using System.Buffers;
using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Tests.Streams;

public class SendStreamTests
{
    private const long Id = 0;

    private static SendStream NewStream(long credit = 1 << 20, long bufferLimit = 1 << 20, int chunkSize = 64) =>
        new(new ChunkRing(ArrayPool<byte>.Shared, chunkSize), credit, bufferLimit);

    private static byte[] Pattern(int length, int seed = 0)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++)
            data[i] = (byte)(i * 7 + seed);
        return data;
    }

    private static StreamChunk Next(SendStream s, long connectionCredit = long.MaxValue, int max = int.MaxValue)
    {
        Assert.True(s.TryGetNextChunk(Id, connectionCredit, out StreamChunk chunk));
        return chunk.Truncate(max);
    }

    private static StreamChunk SendNext(SendStream s, int max = int.MaxValue, long connectionCredit = long.MaxValue)
    {
        StreamChunk chunk = Next(s, connectionCredit, max);
        s.OnChunkSent(chunk);
        return chunk;
    }

    [Fact]
    public void Ready_Send_DataSent_DataRecvd()
    {
        var s = NewStream();
        Assert.Equal(SendStreamState.Ready, s.State);
        Assert.Equal(100, s.Write(Pattern(100), fin: false));
        Assert.Equal(SendStreamState.Ready, s.State);
        StreamChunk first = SendNext(s, max: 60);
        Assert.Equal(new StreamChunk(Id, 0, 60, false), first);
        Assert.Equal(SendStreamState.Send, s.State);
        s.Write(ReadOnlySpan<byte>.Empty, fin: true);
        StreamChunk last = SendNext(s);
        Assert.Equal(new StreamChunk(Id, 60, 40, true), last);
        Assert.Equal(SendStreamState.DataSent, s.State);
        Assert.False(s.TryGetNextChunk(Id, long.MaxValue, out _));
        Assert.Equal(SendAckOutcome.None, s.OnChunkAcked(last.Offset, last.Length, last.Fin));
        Assert.Equal(SendStreamState.DataSent, s.State);
        Assert.Equal(SendAckOutcome.Completed, s.OnChunkAcked(first.Offset, first.Length, first.Fin));
        Assert.Equal(SendStreamState.DataRecvd, s.State);
        Assert.True(s.IsTerminal);
        Assert.Equal(0, s.BufferedChunks);
    }

    [Fact]
    public void Reset_from_Ready_Send_and_DataSent_then_ResetRecvd()
    {
        foreach (int stage in new[] { 0, 1, 2 })
        {
            var s = NewStream();
            s.Write(Pattern(100), fin: stage == 2);
            if (stage >= 1)
                SendNext(s, max: stage == 1 ? 30 : int.MaxValue);
            Assert.Equal(stage switch { 0 => SendStreamState.Ready, 1 => SendStreamState.Send, _ => SendStreamState.DataSent }, s.State);
            Assert.True(s.Reset(77));
            Assert.Equal(SendStreamState.ResetSent, s.State);
            Assert.True(s.ResetPending);
            // RFC 9000 §4.5: the final size is what was sent (credit used), not what was written.
            Assert.Equal(stage switch { 0 => 0, 1 => 30, _ => 100 }, s.FinalSize);
            Assert.False(s.TryGetNextChunk(Id, long.MaxValue, out _));
            Assert.Equal(0, s.BufferedChunks);
            s.OnResetSent();
            s.OnResetLost();
            Assert.True(s.ResetPending);
            s.OnResetSent();
            Assert.True(s.OnResetAcked());
            Assert.Equal(SendStreamState.ResetRecvd, s.State);
            Assert.False(s.Reset(1));
        }
    }

    [Fact]
    public void Reset_is_refused_once_all_data_is_acknowledged()
    {
        var s = NewStream();
        s.Write(Pattern(10), fin: true);
        StreamChunk c = SendNext(s);
        s.OnChunkAcked(c.Offset, c.Length, c.Fin);
        Assert.False(s.Reset(5));
        Assert.Equal(SendStreamState.DataRecvd, s.State);
    }

    [Fact]
    public void Lost_ranges_go_first_lowest_first_and_acked_bytes_are_never_resent()
    {
        var s = NewStream();
        byte[] data = Pattern(400);
        s.Write(data, fin: false);
        StreamChunk a = SendNext(s, max: 100), b = SendNext(s, max: 100), c = SendNext(s, max: 100);
        s.OnChunkAcked(a.Offset, a.Length, a.Fin);
        s.OnChunkLost(c.Offset, c.Length, c.Fin);
        s.OnChunkLost(b.Offset, b.Length, b.Fin);
        // Lost [100, 300) is resent before the unsent [300, 400), lowest offset first.
        StreamChunk r1 = SendNext(s, max: 50);
        Assert.Equal(new StreamChunk(Id, 100, 50, false), r1);
        // The original C turns out to have arrived (late ACK after the loss was declared).
        s.OnChunkAcked(c.Offset, c.Length, c.Fin);
        StreamChunk r2 = Next(s);
        Assert.Equal(new StreamChunk(Id, 150, 50, false), r2);
        s.OnChunkSent(r2);
        // Only then new data.
        Assert.Equal(new StreamChunk(Id, 300, 100, false), Next(s));
        var copy = new byte[50];
        s.CopyData(r2.Offset, r2.Length, copy);
        Assert.Equal(data.AsSpan(150, 50).ToArray(), copy);
    }

    [Fact]
    public void Loss_of_a_retransmission_whose_original_was_acked_resends_nothing()
    {
        var s = NewStream();
        s.Write(Pattern(100), fin: true);
        StreamChunk original = SendNext(s);
        s.OnChunkLost(original.Offset, original.Length, original.Fin);
        StreamChunk retransmission = SendNext(s);
        Assert.Equal(original, retransmission);
        s.OnChunkAcked(original.Offset, original.Length, original.Fin);
        Assert.Equal(SendStreamState.DataRecvd, s.State);
        s.OnChunkLost(retransmission.Offset, retransmission.Length, retransmission.Fin);
        Assert.False(s.TryGetNextChunk(Id, long.MaxValue, out _));
    }

    [Fact]
    public void Partially_acked_lost_range_resends_only_the_holes()
    {
        var s = NewStream();
        s.Write(Pattern(300), fin: false);
        StreamChunk whole = SendNext(s);
        Assert.Equal(300, whole.Length);
        s.OnChunkLost(0, 300, false);
        StreamChunk r1 = SendNext(s, max: 100);
        StreamChunk r2 = SendNext(s, max: 100);
        s.OnChunkAcked(r2.Offset, r2.Length, r2.Fin);
        s.OnChunkLost(r1.Offset, r1.Length, r1.Fin);
        Assert.Equal(new StreamChunk(Id, 0, 100, false), SendNext(s));
        Assert.Equal(new StreamChunk(Id, 200, 100, false), SendNext(s));
        Assert.False(s.TryGetNextChunk(Id, long.MaxValue, out _));
        // A loss report for the first big frame now only re-queues what is not acknowledged.
        s.OnChunkAcked(0, 100, false);
        s.OnChunkLost(0, 300, false);
        Assert.Equal(new StreamChunk(Id, 200, 100, false), Next(s));
    }

    [Fact]
    public void New_data_needs_stream_and_connection_credit_but_retransmissions_do_not()
    {
        var s = NewStream(credit: 100);
        s.Write(Pattern(250), fin: false);
        Assert.Equal(new StreamChunk(Id, 0, 40, false), Next(s, connectionCredit: 40));
        StreamChunk sent = SendNext(s);
        Assert.Equal(100, sent.Length);
        Assert.False(s.TryGetNextChunk(Id, long.MaxValue, out _));
        Assert.True(s.NeedsBlockedSignal);
        s.OnBlockedSent(100);
        Assert.False(s.NeedsBlockedSignal);
        s.OnChunkLost(0, 100, false);
        Assert.Equal(new StreamChunk(Id, 0, 100, false), Next(s, connectionCredit: 0));
        s.OnChunkSent(new StreamChunk(Id, 0, 100, false));
        Assert.True(s.RaiseCreditLimit(150));
        Assert.False(s.RaiseCreditLimit(120));
        Assert.Equal(new StreamChunk(Id, 100, 50, false), Next(s));
    }

    [Fact]
    public void Fin_alone_and_lost_fin_alone_are_sent_as_empty_chunks()
    {
        var s = NewStream();
        s.Write(Pattern(10), fin: false);
        StreamChunk data = SendNext(s);
        s.Write(ReadOnlySpan<byte>.Empty, fin: true);
        StreamChunk fin = Next(s, connectionCredit: 0);
        Assert.Equal(new StreamChunk(Id, 10, 0, true), fin);
        s.OnChunkSent(fin);
        s.OnChunkAcked(data.Offset, data.Length, data.Fin);
        s.OnChunkLost(fin.Offset, fin.Length, fin.Fin);
        Assert.Equal(new StreamChunk(Id, 10, 0, true), Next(s, connectionCredit: 0));
        s.OnChunkSent(fin);
        Assert.Equal(SendAckOutcome.Completed, s.OnChunkAcked(fin.Offset, fin.Length, fin.Fin));
    }

    [Fact]
    public void Empty_stream_with_fin_completes()
    {
        var s = NewStream();
        s.Write(ReadOnlySpan<byte>.Empty, fin: true);
        StreamChunk fin = SendNext(s);
        Assert.Equal(new StreamChunk(Id, 0, 0, true), fin);
        Assert.Equal(SendStreamState.DataSent, s.State);
        Assert.Equal(SendAckOutcome.Completed, s.OnChunkAcked(0, 0, true));
    }

    [Fact]
    public void Buffer_limit_blocks_the_writer_until_acks_free_space()
    {
        var s = NewStream(bufferLimit: 100);
        byte[] data = Pattern(150);
        Assert.Equal(100, s.Write(data, fin: true));
        Assert.False(s.IsFinQueued);
        Assert.Equal(0, s.Write(data.AsSpan(100), fin: true));
        StreamChunk c1 = SendNext(s, max: 60);
        SendNext(s);
        Assert.Equal(SendAckOutcome.BufferAvailable, s.OnChunkAcked(c1.Offset, c1.Length, c1.Fin));
        Assert.Equal(50, s.Write(data.AsSpan(100), fin: true));
        Assert.True(s.IsFinQueued);
        Assert.Equal(150, s.FinalSize);
        var copy = new byte[50];
        s.CopyData(100, 50, copy);
        Assert.Equal(data.AsSpan(100).ToArray(), copy);
    }

    [Fact]
    public void Acked_prefix_returns_chunks_to_the_pool()
    {
        var s = NewStream(chunkSize: 64);
        s.Write(Pattern(640), fin: false);
        Assert.Equal(10, s.BufferedChunks);
        StreamChunk c = SendNext(s, max: 200);
        s.OnChunkAcked(c.Offset, c.Length, c.Fin);
        Assert.Equal(200, s.AckedPrefix);
        Assert.Equal(7, s.BufferedChunks);
        Assert.True(s.CanWrite);
    }

    [Fact]
    public void Writes_after_fin_or_reset_are_refused()
    {
        var s = NewStream();
        s.Write(Pattern(5), fin: true);
        Assert.Equal(0, s.Write(Pattern(5), fin: false));
        var t = NewStream();
        t.Reset(1);
        Assert.Equal(0, t.Write(Pattern(5), fin: false));
    }
}
