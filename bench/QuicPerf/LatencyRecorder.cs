namespace QuicKestrel.Perf;

/// <summary>Request latencies in Stopwatch ticks, in a buffer sized up front (recording allocates nothing); one writer at a time.</summary>
internal sealed class LatencyRecorder
{
    private readonly long[] _samples;

    public LatencyRecorder(int capacity) => _samples = new long[capacity];

    public int Count { get; private set; }

    public bool IsFull => Count == _samples.Length;

    public void Record(long ticks)
    {
        if (Count < _samples.Length)
            _samples[Count++] = ticks;
    }

    /// <summary>Percentiles in microseconds over every recorder (nearest-rank), e.g. 50 and 99.</summary>
    public static double[] PercentilesUs(IReadOnlyList<LatencyRecorder> recorders, params double[] percentiles)
    {
        int total = 0;
        foreach (LatencyRecorder recorder in recorders)
            total += recorder.Count;
        var all = new long[total];
        int at = 0;
        foreach (LatencyRecorder recorder in recorders)
        {
            Array.Copy(recorder._samples, 0, all, at, recorder.Count);
            at += recorder.Count;
        }
        Array.Sort(all);
        var result = new double[percentiles.Length];
        for (int i = 0; i < percentiles.Length && total > 0; i++)
        {
            int rank = (int)Math.Ceiling(percentiles[i] / 100 * total);
            long ticks = all[Math.Clamp(rank - 1, 0, total - 1)];
            result[i] = ticks * 1_000_000.0 / System.Diagnostics.Stopwatch.Frequency;
        }
        return result;
    }
}
