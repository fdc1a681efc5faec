using System.Diagnostics;

namespace QuicKestrel.Protocol.Runtime;

/// <summary>
/// The runtime's clock: monotonic microseconds from an arbitrary epoch (the machine's
/// Stopwatch origin), the <c>long now</c> every sans-IO call takes (docs/conventions.md).
/// It never goes backwards and ignores wall-clock changes. Only the runtime reads it; the
/// core is always handed the value.
/// </summary>
internal static class MonotonicClock
{
    /// <summary>"No deadline": a timer armed at this never fires.</summary>
    public const long Never = long.MaxValue;

    private static readonly long s_frequency = Stopwatch.Frequency;

    // Linux reports nanosecond ticks, Windows 100 ns ticks: then a single division is exact.
    private static readonly long s_ticksPerMicrosecond =
        s_frequency % 1_000_000 == 0 ? s_frequency / 1_000_000 : 0;

    /// <summary>Microseconds now.</summary>
    public static long NowMicros
    {
        get
        {
            long ticks = Stopwatch.GetTimestamp();
            return s_ticksPerMicrosecond != 0 ? ticks / s_ticksPerMicrosecond : ToMicros(ticks, s_frequency);
        }
    }

    /// <summary>Converts a <see cref="Stopwatch.GetTimestamp"/> value to this clock's microseconds.</summary>
    public static long FromTimestamp(long timestamp) => ToMicros(timestamp, s_frequency);

    /// <summary>
    /// <paramref name="ticks"/> at <paramref name="frequency"/> ticks per second, in whole
    /// microseconds (rounded down), without overflowing for any timestamp a machine reaches.
    /// </summary>
    internal static long ToMicros(long ticks, long frequency)
    {
        long seconds = Math.DivRem(ticks, frequency, out long remainder);
        // remainder < frequency (at most ~10^10 on real hardware), so remainder * 10^6 fits.
        return seconds * 1_000_000 + remainder * 1_000_000 / frequency;
    }
}
