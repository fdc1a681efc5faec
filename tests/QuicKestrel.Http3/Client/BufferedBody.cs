using QuicKestrel.Http3.Protocol;

namespace QuicKestrel.Http3;

/// <summary>Collects a response body in one array, sized from content-length when known (one copy, from the stack's buffers).</summary>
internal sealed class BufferedBody : IBodySink
{
    private const int MaxPreallocation = 64 * 1024 * 1024;

    private readonly long _maxLength;
    private byte[] _buffer;
    private int _length;

    public BufferedBody(long? contentLength, long maxLength)
    {
        _maxLength = Math.Min(maxLength, Array.MaxLength);
        long initial = contentLength is long known && known <= _maxLength ? Math.Min(known, MaxPreallocation) : 16 * 1024;
        _buffer = initial == 0 ? [] : new byte[initial];
    }

    /// <summary>Set when the body exceeded the limit; the content is then incomplete.</summary>
    public bool TooLarge { get; private set; }

    public ReadOnlyMemory<byte> Content => _buffer.AsMemory(0, _length);

    public int Write(ReadOnlySpan<byte> data)
    {
        if (TooLarge || _length + (long)data.Length > _maxLength)
        {
            TooLarge = true;
            return data.Length;
        }
        if (_buffer.Length - _length < data.Length)
            Array.Resize(ref _buffer, (int)Math.Min(_maxLength, Math.Max(_length + (long)data.Length, _buffer.Length * 2L)));
        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
        return data.Length;
    }
}
