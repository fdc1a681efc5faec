using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Endpoint;

/// <summary>Inline storage for up to 20 bytes (the longest v1/v2 connection ID).</summary>
[InlineArray(WireLimits.MaxConnectionIdLength)]
internal struct ConnectionIdBytes
{
    private byte _element0;
}

/// <summary>
/// A connection ID (or any byte string of at most 20 bytes, such as a 16-byte stateless reset
/// token) held inline, so it can key a routing table and travel in events without allocating.
/// Bytes past <see cref="Length"/> are always zero. Tables hash it with a keyed
/// <see cref="ConnectionIdComparer"/>, not with <see cref="GetHashCode"/>.
/// </summary>
internal readonly struct ConnectionIdKey : IEquatable<ConnectionIdKey>
{
    public const int MaxLength = WireLimits.MaxConnectionIdLength;

    private readonly ConnectionIdBytes _bytes;
    private readonly byte _length;

    /// <summary>Copies <paramref name="value"/>; throws when it is longer than 20 bytes (a caller bug).</summary>
    public ConnectionIdKey(ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxLength)
            throw new ArgumentException("Connection IDs are at most 20 bytes.", nameof(value));
        value.CopyTo(_bytes);
        _length = (byte)value.Length;
    }

    public int Length => _length;

    public bool IsEmpty => _length == 0;

    /// <summary>The bytes, valid as long as this value is.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> Span => ((ReadOnlySpan<byte>)_bytes)[.._length];

    /// <summary>False (and <c>default</c>) when <paramref name="value"/> is longer than 20 bytes.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> value, out ConnectionIdKey key)
    {
        if (value.Length > MaxLength)
        {
            key = default;
            return false;
        }
        key = new ConnectionIdKey(value);
        return true;
    }

    public bool Equals(ConnectionIdKey other) => _length == other._length && Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is ConnectionIdKey other && Equals(other);

    /// <summary>An unkeyed hash for incidental use; routing tables use <see cref="ConnectionIdComparer"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(ConnectionIdKey left, ConnectionIdKey right) => left.Equals(right);

    public static bool operator !=(ConnectionIdKey left, ConnectionIdKey right) => !left.Equals(right);

    public override string ToString() => Convert.ToHexString(Span);
}
