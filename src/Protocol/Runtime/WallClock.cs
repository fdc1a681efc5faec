namespace QuicKestrel.Protocol.Runtime;

/// <summary>
/// Wall-clock time for the few places that need it: TLS (ticket ages, certificate validity) and
/// address tokens take Unix microseconds, while everything else runs on <see cref="MonotonicClock"/>.
/// The engine gets the difference as an offset, so it still reads no clock itself.
/// </summary>
internal static class WallClock
{
    /// <summary>Unix time now, in microseconds.</summary>
    public static long UnixMicros => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>Unix microseconds minus <see cref="MonotonicClock.NowMicros"/>: add it to a monotonic time to get Unix time.</summary>
    public static long UnixOffsetMicros => UnixMicros - MonotonicClock.NowMicros;
}
