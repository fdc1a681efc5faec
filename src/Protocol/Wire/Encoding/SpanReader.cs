using System.Buffers.Binary;

namespace QuicKestrel.Protocol.Wire;

/// <summary>
/// A forward reader over network bytes. Every read is a Try method that leaves the position
/// unchanged and returns false when the input is too short; nothing here throws on input.
/// </summary>
internal ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public SpanReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>The whole buffer being read.</summary>
    public readonly ReadOnlySpan<byte> Buffer => _buffer;

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes left to read.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool IsEnd => _position >= _buffer.Length;

    /// <summary>The unread bytes.</summary>
    public readonly ReadOnlySpan<byte> RemainingBytes => _buffer[_position..];

    public bool TryReadVarInt(out ulong value)
    {
        if (!VarInt.TryRead(RemainingBytes, out value, out int length))
            return false;
        _position += length;
        return true;
    }

    public readonly bool TryPeekByte(out byte value)
    {
        if (_position >= _buffer.Length)
        {
            value = 0;
            return false;
        }
        value = _buffer[_position];
        return true;
    }

    public bool TryReadByte(out byte value)
    {
        if (!TryPeekByte(out value))
            return false;
        _position++;
        return true;
    }

    /// <summary>Reads a big-endian 16-bit value.</summary>
    public bool TryReadUInt16(out ushort value)
    {
        if (Remaining < 2)
        {
            value = 0;
            return false;
        }
        value = BinaryPrimitives.ReadUInt16BigEndian(_buffer[_position..]);
        _position += 2;
        return true;
    }

    /// <summary>Reads a big-endian 32-bit value.</summary>
    public bool TryReadUInt32(out uint value)
    {
        if (Remaining < 4)
        {
            value = 0;
            return false;
        }
        value = BinaryPrimitives.ReadUInt32BigEndian(_buffer[_position..]);
        _position += 4;
        return true;
    }

    /// <summary>Reads a big-endian 64-bit value.</summary>
    public bool TryReadUInt64(out ulong value)
    {
        if (Remaining < 8)
        {
            value = 0;
            return false;
        }
        value = BinaryPrimitives.ReadUInt64BigEndian(_buffer[_position..]);
        _position += 8;
        return true;
    }

    /// <summary>Reads <paramref name="count"/> bytes as a slice of the buffer (no copy).</summary>
    public bool TryReadBytes(ulong count, out ReadOnlySpan<byte> bytes)
    {
        if (count > (ulong)Remaining)
        {
            bytes = default;
            return false;
        }
        bytes = _buffer.Slice(_position, (int)count);
        _position += (int)count;
        return true;
    }

    /// <summary>Reads a varint length followed by that many bytes.</summary>
    public bool TryReadLengthPrefixedBytes(out ReadOnlySpan<byte> bytes)
    {
        int start = _position;
        if (TryReadVarInt(out ulong length) && TryReadBytes(length, out bytes))
            return true;
        _position = start;
        bytes = default;
        return false;
    }

    /// <summary>Reads a one-byte length followed by that many bytes (connection IDs).</summary>
    public bool TryReadByteLengthPrefixedBytes(out ReadOnlySpan<byte> bytes)
    {
        int start = _position;
        if (TryReadByte(out byte length) && TryReadBytes(length, out bytes))
            return true;
        _position = start;
        bytes = default;
        return false;
    }

    /// <summary>Consumes and returns every unread byte.</summary>
    public ReadOnlySpan<byte> ReadRemaining()
    {
        ReadOnlySpan<byte> rest = RemainingBytes;
        _position = _buffer.Length;
        return rest;
    }

    public bool TrySkip(int count)
    {
        if (count < 0 || count > Remaining)
            return false;
        _position += count;
        return true;
    }
}
