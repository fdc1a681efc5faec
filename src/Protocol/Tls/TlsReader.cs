using System.Buffers.Binary;

namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// Reads TLS presentation-language fields (RFC 8446 §3) from a span. Every read returns false
/// when the input is too short, so parsers map truncation to decode_error without throwing.
/// </summary>
internal ref struct TlsReader
{
    private ReadOnlySpan<byte> _rest;

    public TlsReader(ReadOnlySpan<byte> data) => _rest = data;

    public readonly bool IsEmpty => _rest.IsEmpty;

    public readonly int Remaining => _rest.Length;

    public bool ReadUInt8(out byte value)
    {
        value = 0;
        if (_rest.IsEmpty)
            return false;
        value = _rest[0];
        _rest = _rest[1..];
        return true;
    }

    public bool ReadUInt16(out ushort value)
    {
        value = 0;
        if (_rest.Length < 2)
            return false;
        value = BinaryPrimitives.ReadUInt16BigEndian(_rest);
        _rest = _rest[2..];
        return true;
    }

    public bool ReadUInt24(out int value)
    {
        value = 0;
        if (_rest.Length < 3)
            return false;
        value = (_rest[0] << 16) | (_rest[1] << 8) | _rest[2];
        _rest = _rest[3..];
        return true;
    }

    public bool ReadUInt32(out uint value)
    {
        value = 0;
        if (_rest.Length < 4)
            return false;
        value = BinaryPrimitives.ReadUInt32BigEndian(_rest);
        _rest = _rest[4..];
        return true;
    }

    public bool ReadBytes(int length, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (length < 0 || _rest.Length < length)
            return false;
        value = _rest[..length];
        _rest = _rest[length..];
        return true;
    }

    /// <summary>Reads a vector with a one-byte length prefix (opaque x&lt;0..255&gt;).</summary>
    public bool ReadVector8(out ReadOnlySpan<byte> value)
    {
        value = default;
        return ReadUInt8(out byte n) && ReadBytes(n, out value);
    }

    /// <summary>Reads a vector with a two-byte length prefix.</summary>
    public bool ReadVector16(out ReadOnlySpan<byte> value)
    {
        value = default;
        return ReadUInt16(out ushort n) && ReadBytes(n, out value);
    }

    /// <summary>Reads a vector with a three-byte length prefix.</summary>
    public bool ReadVector24(out ReadOnlySpan<byte> value)
    {
        value = default;
        return ReadUInt24(out int n) && ReadBytes(n, out value);
    }
}
