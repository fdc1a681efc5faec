using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Perf;

/// <summary>
/// Sends an optional header and then N payload bytes on a stream, FIN with the last send. At most
/// <see cref="MaxOutstanding"/> sends are in the stack at a time; each SEND_COMPLETE (with this
/// sender as context) refills. Every send points at the shared read-only chunk, so sending
/// allocates nothing. Runs on the stream's worker only.
/// </summary>
internal sealed class PayloadSender
{
    private const int MaxOutstanding = 4;
    private static readonly QuicBuffer[] s_fullChunk = [PerfProtocol.Chunk];

    private readonly QuicBuffer[] _first = new QuicBuffer[2];
    private readonly QuicBuffer[] _tail = new QuicBuffer[1];
    private QuicApiTable _api = null!;
    private QuicHandle _stream = null!;
    private ulong _remaining;
    private int _outstanding;
    private bool _headerPending;
    private bool _finSent;

    /// <summary>Starts sending <paramref name="payloadBytes"/> bytes after <paramref name="header"/> (empty for none).</summary>
    public void Begin(QuicApiTable api, QuicHandle stream, ReadOnlyMemory<byte> header, ulong payloadBytes)
    {
        _api = api;
        _stream = stream;
        _remaining = payloadBytes;
        _outstanding = 0;
        _finSent = false;
        _headerPending = !header.IsEmpty;
        _first[0] = header;
        Pump();
    }

    public void OnSendComplete()
    {
        _outstanding--;
        Pump();
    }

    private void Pump()
    {
        while (!_finSent && _outstanding < MaxOutstanding)
        {
            int take = (int)Math.Min(_remaining, PerfProtocol.ChunkLength);
            bool fin = _remaining == (ulong)take;
            QuicStatus status = _api.StreamSend(_stream, NextBuffers(take), fin ? QuicSendFlags.Fin : QuicSendFlags.None, this);
            if (status != QuicStatus.Pending)
                return;
            _remaining -= (ulong)take;
            _outstanding++;
            _finSent = fin;
        }
    }

    private ReadOnlyMemory<QuicBuffer> NextBuffers(int take)
    {
        if (_headerPending)
        {
            _headerPending = false;
            if (take == 0)
                return _first.AsMemory(0, 1);
            _first[1] = new QuicBuffer(PerfProtocol.Chunk.AsMemory(0, take));
            return _first;
        }
        if (take == PerfProtocol.ChunkLength)
            return s_fullChunk;
        if (take == 0)
            return ReadOnlyMemory<QuicBuffer>.Empty;
        _tail[0] = new QuicBuffer(PerfProtocol.Chunk.AsMemory(0, take));
        return _tail;
    }
}
