using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace QuicKestrel.Protocol.Tests.Simulation.Fakes;

/// <summary>
/// Self-checking datagram contents: an 8-byte sequence number, then words derived from a hash
/// of it, so any flipped bit (in the number or the rest) is detected.
/// </summary>
internal static class TestPayload
{
    public const int MinLength = 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(Span<byte> datagram, ulong sequence)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(datagram, sequence);
        ulong mix = Mix(sequence);
        int i = 8;
        for (; i + 8 <= datagram.Length; i += 8)
            BinaryPrimitives.WriteUInt64LittleEndian(datagram[i..], mix + (ulong)i);
        for (; i < datagram.Length; i++)
            datagram[i] = (byte)(mix + (ulong)i);
    }

    /// <summary>Reads the sequence number; false when the bytes do not match it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryRead(ReadOnlySpan<byte> datagram, out ulong sequence)
    {
        sequence = datagram.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(datagram) : 0;
        if (datagram.Length < MinLength)
            return false;
        ulong mix = Mix(sequence);
        int i = 8;
        for (; i + 8 <= datagram.Length; i += 8)
        {
            if (BinaryPrimitives.ReadUInt64LittleEndian(datagram[i..]) != mix + (ulong)i)
                return false;
        }
        for (; i < datagram.Length; i++)
        {
            if (datagram[i] != (byte)(mix + (ulong)i))
                return false;
        }
        return true;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
