using System.Buffers.Binary;

namespace QuicKestrel.Protocol.Wire;

/// <summary>A list of 32-bit versions as sent on the wire (Version Negotiation, RFC 9000 §17.2.1).</summary>
internal readonly ref struct VersionList
{
    private readonly ReadOnlySpan<byte> _bytes;

    /// <summary>Wraps bytes whose length is a multiple of four.</summary>
    public VersionList(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % 4 != 0)
            throw new ArgumentException("A version list is a whole number of 4-byte versions.", nameof(bytes));
        _bytes = bytes;
    }

    public int Count => _bytes.Length / 4;

    public ReadOnlySpan<byte> Bytes => _bytes;

    public uint this[int index] => BinaryPrimitives.ReadUInt32BigEndian(_bytes.Slice(index * 4, 4));

    public bool Contains(uint version)
    {
        for (int i = 0; i < Count; i++)
        {
            if (this[i] == version)
                return true;
        }
        return false;
    }

    public Enumerator GetEnumerator() => new(_bytes);

    internal ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _bytes;
        private int _offset;

        public Enumerator(ReadOnlySpan<byte> bytes)
        {
            _bytes = bytes;
            _offset = -4;
        }

        public readonly uint Current => BinaryPrimitives.ReadUInt32BigEndian(_bytes.Slice(_offset, 4));

        public bool MoveNext()
        {
            _offset += 4;
            return _offset + 4 <= _bytes.Length;
        }
    }
}
