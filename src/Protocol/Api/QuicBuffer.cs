namespace QuicKestrel.Protocol.Api;

/// <summary>
/// One contiguous run of bytes: MsQuic's <c>QUIC_BUFFER</c> (length + pointer) as a view over
/// <see cref="ReadOnlyMemory{T}"/>. Used for ALPNs, send data, received data and datagrams.
/// Copying a <see cref="QuicBuffer"/> copies the view, never the bytes.
/// </summary>
public readonly struct QuicBuffer : IEquatable<QuicBuffer>
{
    /// <summary>A view over <paramref name="memory"/>.</summary>
    /// <param name="memory">The bytes; they are not copied.</param>
    public QuicBuffer(ReadOnlyMemory<byte> memory) => Memory = memory;

    /// <summary>The bytes, as memory that can be kept (e.g. by an application that returns PENDING from a receive).</summary>
    public ReadOnlyMemory<byte> Memory { get; }

    /// <summary>The bytes, for immediate reading.</summary>
    public ReadOnlySpan<byte> Span => Memory.Span;

    /// <summary>The number of bytes (MsQuic's <c>QUIC_BUFFER.Length</c>).</summary>
    public uint Length => (uint)Memory.Length;

    /// <summary>A view over a whole array.</summary>
    /// <param name="bytes">The array; it is not copied.</param>
    public static implicit operator QuicBuffer(byte[] bytes) => new(bytes);

    /// <summary>A view over <paramref name="memory"/>.</summary>
    /// <param name="memory">The bytes; they are not copied.</param>
    public static implicit operator QuicBuffer(ReadOnlyMemory<byte> memory) => new(memory);

    /// <summary>True when both views cover the same memory (not a comparison of the bytes).</summary>
    /// <param name="other">The buffer to compare with.</param>
    /// <returns>Whether the views are identical.</returns>
    public bool Equals(QuicBuffer other) => Memory.Equals(other.Memory);

    /// <summary>True when <paramref name="obj"/> is a <see cref="QuicBuffer"/> over the same memory.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns>Whether the views are identical.</returns>
    public override bool Equals(object? obj) => obj is QuicBuffer other && Equals(other);

    /// <summary>A hash of the view (not of the bytes).</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => Memory.GetHashCode();

    /// <summary>True when both views cover the same memory.</summary>
    /// <param name="left">The first buffer.</param>
    /// <param name="right">The second buffer.</param>
    /// <returns>Whether the views are identical.</returns>
    public static bool operator ==(QuicBuffer left, QuicBuffer right) => left.Equals(right);

    /// <summary>True when the views cover different memory.</summary>
    /// <param name="left">The first buffer.</param>
    /// <param name="right">The second buffer.</param>
    /// <returns>Whether the views differ.</returns>
    public static bool operator !=(QuicBuffer left, QuicBuffer right) => !left.Equals(right);

    /// <summary>Describes the buffer by its length, e.g. "QuicBuffer[1200]".</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"QuicBuffer[{Length}]";
}
