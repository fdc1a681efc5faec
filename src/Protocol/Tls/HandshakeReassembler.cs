using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// Collects CRYPTO-stream bytes of the level the handshake currently reads and hands out whole
/// handshake messages. Bytes are buffered only as long as a message is incomplete or the
/// session is paused, and never beyond <see cref="MaxBufferedBytes"/>.
/// </summary>
internal sealed class HandshakeReassembler
{
    /// <summary>Upper bound on buffered handshake bytes (a message larger than this is refused).</summary>
    public const int MaxBufferedBytes = 64 * 1024;

    private byte[] _buffer = new byte[2048];
    private int _start;
    private int _end;

    public EncryptionLevel Level { get; private set; } = EncryptionLevel.Initial;

    public bool HasBufferedData => _end > _start;

    /// <summary>Moves reading to a new level; fails if a message of the old level is half-received.</summary>
    public bool TrySwitchLevel(EncryptionLevel level)
    {
        if (level == Level)
            return true;
        if (HasBufferedData)
            return false; // RFC 8446 §5.1: a message must not span a key change.
        Level = level;
        _start = _end = 0;
        return true;
    }

    public TlsError Append(EncryptionLevel level, ReadOnlySpan<byte> data)
    {
        if (level != Level)
            return new TlsError(TlsAlert.UnexpectedMessage, "handshake data at an unexpected encryption level");
        if (data.IsEmpty)
            return TlsError.None;
        int buffered = _end - _start;
        if (buffered + data.Length > MaxBufferedBytes)
            return new TlsError(TlsAlert.InternalError, "buffered handshake data exceeds the limit", TlsError.CryptoBufferExceeded);
        if (_end + data.Length > _buffer.Length)
            Compact(buffered + data.Length);
        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
        return TlsError.None;
    }

    /// <summary>
    /// Returns the next complete message (header included) without consuming it. False when
    /// none is complete yet; <paramref name="error"/> is set when the declared size is too large.
    /// </summary>
    public bool TryPeek(out ReadOnlySpan<byte> message, out TlsError error)
    {
        message = default;
        error = TlsError.None;
        int available = _end - _start;
        if (available < 4)
            return false;
        int bodyLength = (_buffer[_start + 1] << 16) | (_buffer[_start + 2] << 8) | _buffer[_start + 3];
        if (bodyLength + 4 > MaxBufferedBytes)
        {
            error = new TlsError(TlsAlert.InternalError, "handshake message exceeds the buffering limit", TlsError.CryptoBufferExceeded);
            return false;
        }
        if (available < bodyLength + 4)
            return false;
        message = _buffer.AsSpan(_start, bodyLength + 4);
        return true;
    }

    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
            _start = _end = 0;
    }

    private void Compact(int needed)
    {
        int buffered = _end - _start;
        byte[] target = needed > _buffer.Length ? new byte[Math.Max(needed, _buffer.Length * 2)] : _buffer;
        Buffer.BlockCopy(_buffer, _start, target, 0, buffered);
        _buffer = target;
        _start = 0;
        _end = buffered;
    }
}
