using QuicKestrel.Protocol.Streams;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// The outgoing CRYPTO stream of one encryption level (RFC 9000 §19.6): every handshake byte TLS
/// wrote, kept until acknowledged. Lost ranges are sent again first; acknowledged bytes never.
/// Handshake-sized, so a growable array is fine (allocation per connection, not per packet).
/// </summary>
internal sealed class CryptoSendStream
{
    private byte[] _data = [];
    private int _length;
    private long _sentEnd;
    private readonly RangeSet _acked = new();
    private readonly RangeSet _lost = new();

    /// <summary>Bytes TLS has written at this level.</summary>
    public long Length => _length;

    /// <summary>Lost data or never-sent data is waiting.</summary>
    public bool HasPendingData => !_lost.IsEmpty || _sentEnd < _length;

    /// <summary>Some sent byte is not acknowledged yet.</summary>
    public bool HasUnackedData => _acked.TryGetFirstGap(0, _sentEnd, out _, out _);

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_length + data.Length > _data.Length)
            Array.Resize(ref _data, Math.Max(_length + data.Length, Math.Max(1024, _data.Length * 2)));
        data.CopyTo(_data.AsSpan(_length));
        _length += data.Length;
    }

    /// <summary>The next range to send (lost first, then new), at most <paramref name="maxLength"/> bytes.</summary>
    public bool TryGetNext(int maxLength, out long offset, out int length)
    {
        if (!_lost.IsEmpty)
        {
            offset = _lost.StartAt(0);
            length = (int)Math.Min(_lost.EndAt(0) - offset, maxLength);
            return length > 0;
        }
        offset = _sentEnd;
        length = (int)Math.Min(_length - _sentEnd, maxLength);
        return length > 0;
    }

    public ReadOnlySpan<byte> GetData(long offset, int length) => _data.AsSpan((int)offset, length);

    public void OnSent(long offset, int length)
    {
        _lost.Remove(offset, offset + length);
        _sentEnd = Math.Max(_sentEnd, offset + length);
    }

    public void OnAcked(long offset, int length)
    {
        _acked.Add(offset, offset + length);
        _lost.Remove(offset, offset + length);
    }

    /// <summary>Queues the unacknowledged part of a lost range again.</summary>
    public void OnLost(long offset, int length) => RequeueRange(offset, Math.Min(offset + length, _sentEnd));

    /// <summary>Queues every sent, unacknowledged byte again (a PTO probe, or a Retry restarting the Initial flight).</summary>
    public void RequeueUnacked() => RequeueRange(0, _sentEnd);

    private void RequeueRange(long from, long end)
    {
        while (from < end && _acked.TryGetFirstGap(from, end, out long gapStart, out long gapEnd))
        {
            _lost.Add(gapStart, gapEnd);
            from = gapEnd;
        }
    }
}
