using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// A connection ID (RFC 9000 §5.1) held inline: up to 20 bytes and a length, so IDs can be
/// stored, compared and put in events without allocating.
/// </summary>
internal readonly struct ConnectionId : IEquatable<ConnectionId>
{
    private readonly Bytes _bytes;

    public ConnectionId(ReadOnlySpan<byte> value)
    {
        if (value.Length > WireLimits.MaxConnectionIdLength)
            throw new ArgumentException("Connection IDs are at most 20 bytes.", nameof(value));
        value.CopyTo(_bytes);
        Length = (byte)value.Length;
    }

    /// <summary>The empty (zero-length) connection ID.</summary>
    public static ConnectionId Empty => default;

    public int Length { get; }

    public bool IsEmpty => Length == 0;

    /// <summary>The bytes of the ID. The span points into this value: keep the value alive while using it.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> Span => ((ReadOnlySpan<byte>)_bytes)[..Length];

    /// <summary>A random ID of <paramref name="length"/> bytes.</summary>
    public static ConnectionId CreateRandom(int length, RandomSource random)
    {
        Span<byte> bytes = stackalloc byte[WireLimits.MaxConnectionIdLength];
        random.Fill(bytes[..length]);
        return new ConnectionId(bytes[..length]);
    }

    public bool Equals(ConnectionId other) => Span.SequenceEqual(other.Span);

    public bool Matches(ReadOnlySpan<byte> other) => Span.SequenceEqual(other);

    public override bool Equals(object? obj) => obj is ConnectionId other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public byte[] ToArray() => Span.ToArray();

    public override string ToString() => Convert.ToHexStringLower(Span);

    public static bool operator ==(ConnectionId left, ConnectionId right) => left.Equals(right);

    public static bool operator !=(ConnectionId left, ConnectionId right) => !left.Equals(right);

    [InlineArray(WireLimits.MaxConnectionIdLength)]
    private struct Bytes
    {
        private byte _first;
    }
}

/// <summary>A stateless reset token (RFC 9000 §10.3), 16 bytes held inline.</summary>
internal readonly struct StatelessResetToken : IEquatable<StatelessResetToken>
{
    public const int Length = WireLimits.StatelessResetTokenLength;

    private readonly Bytes _bytes;

    public StatelessResetToken(ReadOnlySpan<byte> value)
    {
        if (value.Length != Length)
            throw new ArgumentException("A stateless reset token is 16 bytes.", nameof(value));
        value.CopyTo(_bytes);
    }

    [UnscopedRef]
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>Constant-time comparison (RFC 9000 §10.3.1 asks not to leak token bytes through timing).</summary>
    public bool FixedTimeEquals(ReadOnlySpan<byte> candidate) =>
        candidate.Length == Length && CryptographicOperations.FixedTimeEquals(Span, candidate);

    public bool Equals(StatelessResetToken other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is StatelessResetToken other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public override string ToString() => Convert.ToHexStringLower(Span);

    [InlineArray(Length)]
    private struct Bytes
    {
        private byte _first;
    }
}
