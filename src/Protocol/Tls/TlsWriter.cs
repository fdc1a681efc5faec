using System.Buffers.Binary;

namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// Builds handshake messages into a growable buffer that is reused across messages of one
/// handshake. Length prefixes are reserved first and patched when the vector is closed.
/// </summary>
internal sealed class TlsWriter
{
    private byte[] _buffer;
    private int _length;

    public TlsWriter(int capacity = 1024) => _buffer = new byte[capacity];

    public int Length => _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public Span<byte> WrittenMutable => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public void WriteUInt8(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    public void WriteUInt24(int value)
    {
        Ensure(3);
        _buffer[_length++] = (byte)(value >> 16);
        _buffer[_length++] = (byte)(value >> 8);
        _buffer[_length++] = (byte)value;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void WriteUInt64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    /// <summary>Reserves <paramref name="count"/> bytes to be filled later; returns their offset.</summary>
    public int Reserve(int count)
    {
        Ensure(count);
        int at = _length;
        _buffer.AsSpan(at, count).Clear();
        _length += count;
        return at;
    }

    public Span<byte> Slice(int offset, int count) => _buffer.AsSpan(offset, count);

    public void WriteVector8(ReadOnlySpan<byte> value)
    {
        WriteUInt8((byte)value.Length);
        WriteBytes(value);
    }

    public void WriteVector16(ReadOnlySpan<byte> value)
    {
        WriteUInt16((ushort)value.Length);
        WriteBytes(value);
    }

    public void WriteVector24(ReadOnlySpan<byte> value)
    {
        WriteUInt24(value.Length);
        WriteBytes(value);
    }

    /// <summary>Starts a vector whose length prefix has <paramref name="prefixBytes"/> bytes; returns a mark for <see cref="EndVector"/>.</summary>
    public int BeginVector(int prefixBytes)
    {
        int at = Reserve(prefixBytes);
        return (at << 2) | prefixBytes;
    }

    public void EndVector(int mark)
    {
        int prefixBytes = mark & 3;
        int at = mark >> 2;
        int length = _length - at - prefixBytes;
        for (int i = prefixBytes - 1; i >= 0; i--)
        {
            _buffer[at + i] = (byte)length;
            length >>= 8;
        }
    }

    /// <summary>Starts a handshake message: type, then a 3-byte length patched by <see cref="EndVector"/>.</summary>
    public int BeginMessage(HandshakeType type)
    {
        WriteUInt8((byte)type);
        return BeginVector(3);
    }

    /// <summary>Starts one extension: type and a 2-byte length.</summary>
    public int BeginExtension(ExtensionType type)
    {
        WriteUInt16((ushort)type);
        return BeginVector(2);
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
            return;
        int size = Math.Max(_buffer.Length * 2, _length + extra);
        Array.Resize(ref _buffer, size);
    }
}
