using System.Buffers.Binary;

namespace QuicKestrel.Protocol.Wire;

/// <summary>
/// A forward writer into a caller's buffer. Every write is a Try method that writes nothing
/// and returns false when the value does not fit.
/// </summary>
internal ref struct SpanWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public SpanWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>The whole destination buffer.</summary>
    public readonly Span<byte> Buffer => _buffer;

    /// <summary>Bytes written so far.</summary>
    public readonly int Position => _position;

    /// <summary>Room left.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>The bytes written so far.</summary>
    public readonly Span<byte> Written => _buffer[.._position];

    /// <summary>The free part of the buffer after the written bytes.</summary>
    public readonly Span<byte> Free => _buffer[_position..];

    public bool TryWriteVarInt(ulong value)
    {
        if (!VarInt.TryWrite(Free, value, out int length))
            return false;
        _position += length;
        return true;
    }

    /// <summary>Writes a varint in exactly <paramref name="length"/> bytes (1, 2, 4 or 8).</summary>
    public bool TryWriteVarInt(ulong value, int length)
    {
        if (Remaining < length)
            return false;
        VarInt.WriteWithLength(Free, value, length);
        _position += length;
        return true;
    }

    public bool TryWriteByte(byte value)
    {
        if (Remaining < 1)
            return false;
        _buffer[_position++] = value;
        return true;
    }

    public bool TryWriteUInt16(ushort value)
    {
        if (Remaining < 2)
            return false;
        BinaryPrimitives.WriteUInt16BigEndian(Free, value);
        _position += 2;
        return true;
    }

    public bool TryWriteUInt32(uint value)
    {
        if (Remaining < 4)
            return false;
        BinaryPrimitives.WriteUInt32BigEndian(Free, value);
        _position += 4;
        return true;
    }

    public bool TryWriteUInt64(ulong value)
    {
        if (Remaining < 8)
            return false;
        BinaryPrimitives.WriteUInt64BigEndian(Free, value);
        _position += 8;
        return true;
    }

    public bool TryWriteBytes(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.TryCopyTo(Free))
            return false;
        _position += bytes.Length;
        return true;
    }

    /// <summary>Skips <paramref name="count"/> bytes (left as they are) to be filled in later.</summary>
    public bool TryAdvance(int count)
    {
        if (count < 0 || count > Remaining)
            return false;
        _position += count;
        return true;
    }
}
