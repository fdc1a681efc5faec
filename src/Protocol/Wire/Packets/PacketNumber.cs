namespace QuicKestrel.Protocol.Wire;

/// <summary>
/// Packet number encoding (RFC 9000 §17.1, Appendix A.2 and A.3). Full packet numbers are
/// <see cref="long"/> values in [0, 2^62); on the wire only the low 1 to 4 bytes are sent.
/// </summary>
internal static class PacketNumber
{
    /// <summary>The largest packet number (RFC 9000 §12.3).</summary>
    public const long MaxValue = (1L << 62) - 1;

    /// <summary>Marks "no packet number yet" for largest-acknowledged and largest-received values.</summary>
    public const long None = -1;

    /// <summary>
    /// Bytes needed to send <paramref name="packetNumber"/> so that the peer, which has seen at
    /// least <paramref name="largestAcknowledged"/> (<see cref="None"/> when nothing is acknowledged yet),
    /// decodes it unambiguously: twice the number of unacknowledged packets must fit the window.
    /// </summary>
    public static int GetEncodedLength(long packetNumber, long largestAcknowledged)
    {
        long unacknowledged = largestAcknowledged < 0
            ? packetNumber + 1
            : packetNumber - largestAcknowledged;
        // Appendix A.2: bytes = ceil((log2(unacknowledged) + 1) / 8), i.e. unacknowledged <= 2^(8*bytes-1).
        if (unacknowledged <= 1L << 7)
            return 1;
        if (unacknowledged <= 1L << 15)
            return 2;
        if (unacknowledged <= 1L << 23)
            return 3;
        return 4;
    }

    /// <summary>The low <paramref name="length"/> bytes of <paramref name="packetNumber"/>.</summary>
    public static uint Truncate(long packetNumber, int length)
    {
        ValidateLength(length);
        return (uint)((ulong)packetNumber & ((1UL << (length * 8)) - 1));
    }

    /// <summary>Writes the truncated packet number big-endian into <paramref name="destination"/>.</summary>
    public static bool TryWrite(Span<byte> destination, long packetNumber, int length)
    {
        uint truncated = Truncate(packetNumber, length);
        if (destination.Length < length)
            return false;
        for (int i = length - 1; i >= 0; i--)
        {
            destination[i] = (byte)truncated;
            truncated >>= 8;
        }
        return true;
    }

    /// <summary>Reads a truncated packet number of <paramref name="length"/> bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, int length, out uint truncated)
    {
        ValidateLength(length);
        truncated = 0;
        if (source.Length < length)
            return false;
        for (int i = 0; i < length; i++)
            truncated = (truncated << 8) | source[i];
        return true;
    }

    /// <summary>
    /// Recovers the full packet number closest to the next expected one (RFC 9000 Appendix A.3).
    /// <paramref name="largestReceived"/> is the largest packet number successfully processed in
    /// this space, or <see cref="None"/>.
    /// </summary>
    public static long Decode(long largestReceived, uint truncated, int length)
    {
        ValidateLength(length);
        long expected = largestReceived + 1;
        long window = 1L << (length * 8);
        long halfWindow = window / 2;
        long candidate = (expected & ~(window - 1)) | truncated;
        if (candidate <= expected - halfWindow && candidate < (1L << 62) - window)
            return candidate + window;
        if (candidate > expected + halfWindow && candidate >= window)
            return candidate - window;
        return candidate;
    }

    private static void ValidateLength(int length)
    {
        if (length is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(length), "A packet number is 1 to 4 bytes long.");
    }
}
