using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Api;

/// <summary>The process-wide performance counters (QUIC_PARAM_GLOBAL_PERF_COUNTERS), updated with interlocked operations.</summary>
internal static class ApiCounters
{
    private static readonly long[] s_counters = new long[(int)QuicPerformanceCounter.Max];

    public static void Increment(QuicPerformanceCounter counter) => Interlocked.Increment(ref s_counters[(int)counter]);

    public static void Decrement(QuicPerformanceCounter counter) => Interlocked.Decrement(ref s_counters[(int)counter]);

    public static long Read(QuicPerformanceCounter counter) => Interlocked.Read(ref s_counters[(int)counter]);

    /// <summary>As many whole counters as fit (MsQuic fills a shorter buffer with the leading ones).</summary>
    public static QuicStatus Write(ref uint length, Span<byte> buffer)
    {
        int count = Math.Min(s_counters.Length, (int)(length / sizeof(long)));
        if (count == 0)
        {
            length = (uint)(s_counters.Length * sizeof(long));
            return QuicStatus.BufferTooSmall;
        }
        Span<long> values = MemoryMarshal.Cast<byte, long>(buffer[..(count * sizeof(long))]);
        for (int i = 0; i < count; i++)
            values[i] = Interlocked.Read(ref s_counters[i]);
        length = (uint)(count * sizeof(long));
        return QuicStatus.Success;
    }
}
