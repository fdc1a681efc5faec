using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// The incoming CRYPTO stream of one encryption level (RFC 9000 §7.5, §19.6): reassembles
/// out-of-order data and hands TLS the in-order bytes. At most <see cref="MaxBufferedBytes"/>
/// beyond the delivered offset are held; data further out is CRYPTO_BUFFER_EXCEEDED.
/// </summary>
internal sealed class CryptoReceiveStream
{
    /// <summary>RFC 9000 §7.5 asks for at least 4096 bytes; certificate chains need more.</summary>
    public const int MaxBufferedBytes = 64 * 1024;

    private readonly RangeSet _received = new();
    private byte[]? _window;
    private long _delivered;
    private int _readyInWindow;

    /// <summary>Bytes handed to TLS so far.</summary>
    public long DeliveredOffset => _delivered;

    /// <summary>
    /// Accepts a CRYPTO frame's data. <paramref name="ready"/> is the newly contiguous run to give
    /// TLS (possibly empty); call <see cref="CompleteDelivery"/> after using it.
    /// </summary>
    public QuicError OnData(long offset, ReadOnlySpan<byte> data, out ReadOnlySpan<byte> ready)
    {
        ready = default;
        long end = offset + data.Length;
        if (end <= _delivered)
            return QuicError.None; // all old: a retransmission we already have
        if (end - _delivered > MaxBufferedBytes)
            return new QuicError(TransportErrorCode.CryptoBufferExceeded, (ulong)FrameType.Crypto, "CRYPTO data too far ahead");
        if (offset < _delivered)
        {
            data = data[(int)(_delivered - offset)..];
            offset = _delivered;
        }
        // The common case: the next bytes in order with nothing buffered beyond them.
        if (offset == _delivered && _received.IsEmpty)
        {
            _delivered = end;
            ready = data;
            return QuicError.None;
        }
        _window ??= new byte[MaxBufferedBytes];
        data.CopyTo(_window.AsSpan((int)(offset - _delivered)));
        _received.Add(offset, end);
        long contiguousEnd = _received.ContiguousEndFrom(_delivered);
        _readyInWindow = (int)(contiguousEnd - _delivered);
        ready = _window.AsSpan(0, _readyInWindow);
        return QuicError.None;
    }

    /// <summary>The run returned by <see cref="OnData"/> was consumed: drop it from the window.</summary>
    public void CompleteDelivery()
    {
        if (_readyInWindow == 0)
            return;
        _window.AsSpan(_readyInWindow).CopyTo(_window);
        _delivered += _readyInWindow;
        _received.RemoveBelow(_delivered);
        _readyInWindow = 0;
    }
}
