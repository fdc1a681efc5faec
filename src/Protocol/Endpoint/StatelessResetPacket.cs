using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// Stateless Reset packets (RFC 9000 §10.3): a short-header-looking first byte, unpredictable
/// bytes, and the 16-byte token at the end.
/// </summary>
internal static class StatelessResetPacket
{
    /// <summary>Two fixed bits plus at least 38 unpredictable bits plus the token (RFC 9000 §10.3).</summary>
    public const int MinimumLength = 5 + WireLimits.StatelessResetTokenLength;

    /// <summary>
    /// At or below this trigger size, answer one byte shorter (RFC 9000 §10.3): a reset smaller
    /// than about 41 bytes may be identifiable as one, so small triggers get the largest reply
    /// the no-loop rule allows.
    /// </summary>
    public const int ShortTriggerLength = 43;

    /// <summary>Default cap on reset size: large enough to look like a small 1-RTT packet, small enough to be cheap.</summary>
    public const int DefaultMaximumLength = 64;

    /// <summary>
    /// The size of a reset answering a <paramref name="triggerLength"/>-byte packet: always
    /// strictly smaller than the trigger, so two endpoints that both lost state cannot loop
    /// (RFC 9000 §10.3.3) and no reset can amplify; false when that leaves less than
    /// <see cref="MinimumLength"/> (the trigger is then too small to answer).
    /// </summary>
    public static bool TryChooseLength(int triggerLength, int maximumLength, RandomSource random, out int length)
    {
        length = 0;
        int largest = Math.Min(triggerLength - 1, Math.Max(maximumLength, MinimumLength));
        if (largest < MinimumLength)
            return false;
        if (triggerLength <= ShortTriggerLength)
        {
            length = largest;
            return true;
        }
        int smallest = Math.Min(ShortTriggerLength, largest);
        length = smallest + random.NextInt(largest - smallest + 1);
        return true;
    }

    /// <summary>Writes a <paramref name="length"/>-byte reset ending in <paramref name="token"/>.</summary>
    public static void Write(Span<byte> destination, int length, ReadOnlySpan<byte> token, RandomSource random)
    {
        if (length < MinimumLength || token.Length != WireLimits.StatelessResetTokenLength)
            throw new ArgumentException("A stateless reset is at least 21 bytes and ends in a 16-byte token.");
        Span<byte> packet = destination[..length];
        random.Fill(packet[..^WireLimits.StatelessResetTokenLength]);
        // Header form 0 and fixed bit 1, the other bits random: it must pass for a short header.
        packet[0] = (byte)((packet[0] & 0x3f) | HeaderBits.FixedBit);
        token.CopyTo(packet[^WireLimits.StatelessResetTokenLength..]);
    }
}
