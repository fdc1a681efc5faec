using QuicKestrel.Http3.Framing;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3.Server;

/// <summary>
/// One DATA frame to send, in a reusable buffer with room for the frame header before the
/// payload, plus the buffer arrays StreamSend needs (they must stay unchanged until
/// SEND_COMPLETE, which hands the chunk back). Pooled per connection, used on its worker.
/// </summary>
internal sealed class SendChunk
{
    public const int PayloadSize = 32 * 1024;
    private const int HeaderRoom = Http3FrameWriter.MaxFrameHeaderLength;

    private readonly byte[] _buffer = new byte[HeaderRoom + PayloadSize];
    private readonly QuicBuffer[] _one = new QuicBuffer[1];
    private readonly QuicBuffer[] _two = new QuicBuffer[2];

    /// <summary>Bytes written into <see cref="Payload"/> so far.</summary>
    public int Length { get; set; }

    public Span<byte> Payload => _buffer.AsSpan(HeaderRoom, PayloadSize);

    public int Free => PayloadSize - Length;

    /// <summary>Frames the payload as DATA and returns the buffers to send, led by <paramref name="prefix"/> when given.</summary>
    public QuicBuffer[] Seal(byte[]? prefix)
    {
        Span<byte> header = stackalloc byte[HeaderRoom];
        int headerLength = Http3FrameWriter.WriteFrameHeader(header, Http3FrameType.Data, (ulong)Length);
        int start = HeaderRoom - headerLength;
        header.Slice(0, headerLength).CopyTo(_buffer.AsSpan(start));
        var data = new QuicBuffer(_buffer.AsMemory(start, headerLength + Length));
        if (prefix is null)
        {
            _one[0] = data;
            return _one;
        }
        _two[0] = prefix;
        _two[1] = data;
        return _two;
    }
}
