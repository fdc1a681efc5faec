using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Reading and writing parameter values as raw bytes, with MsQuic's GetParam contract: a value
/// that does not fit the offered length answers <see cref="QuicStatus.BufferTooSmall"/> with the
/// length needed; on success the length becomes what was written.
/// </summary>
internal static class ParamBuffer
{
    public static QuicStatus Write<T>(in T value, ref uint length, Span<byte> buffer)
        where T : unmanaged
    {
        uint size = (uint)Unsafe.SizeOf<T>();
        if (length < size)
        {
            length = size;
            return QuicStatus.BufferTooSmall;
        }
        MemoryMarshal.Write(buffer, in value);
        length = size;
        return QuicStatus.Success;
    }

    public static QuicStatus WriteBytes(ReadOnlySpan<byte> value, ref uint length, Span<byte> buffer)
    {
        if (length < (uint)value.Length)
        {
            length = (uint)value.Length;
            return QuicStatus.BufferTooSmall;
        }
        value.CopyTo(buffer);
        length = (uint)value.Length;
        return QuicStatus.Success;
    }

    /// <summary>A boolean parameter: one byte, 0 or 1.</summary>
    public static QuicStatus WriteBool(bool value, ref uint length, Span<byte> buffer) => Write(value ? (byte)1 : (byte)0, ref length, buffer);

    /// <summary>A fixed-size value from a buffer of exactly its size (MsQuic refuses other lengths).</summary>
    public static bool TryRead<T>(ReadOnlySpan<byte> buffer, out T value)
        where T : unmanaged
    {
        if (buffer.Length != Unsafe.SizeOf<T>())
        {
            value = default;
            return false;
        }
        value = MemoryMarshal.Read<T>(buffer);
        return true;
    }

    /// <summary>A boolean parameter: exactly one byte (any non-zero is true, as MsQuic's BOOLEAN).</summary>
    public static bool TryReadBool(ReadOnlySpan<byte> buffer, out bool value)
    {
        value = buffer.Length == 1 && buffer[0] != 0;
        return buffer.Length == 1;
    }
}
