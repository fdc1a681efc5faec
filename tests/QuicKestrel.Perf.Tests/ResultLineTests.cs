using System.Diagnostics;

namespace QuicKestrel.Perf.Tests;

public sealed class ResultLineTests
{
    [Fact]
    public void A_line_round_trips_with_invariant_numbers()
    {
        string line = new ResultLine("download").Add("bytes", 1_000_000_000UL).Add("seconds", 1.2346, 3).Add("gbps", 6.5, 2).ToString();
        Assert.Equal("download bytes=1000000000 seconds=1.235 gbps=6.50", line);
        (string name, Dictionary<string, string> values) = ResultLine.Parse(line);
        Assert.Equal("download", name);
        Assert.Equal(["bytes", "seconds", "gbps"], values.Keys);
    }

    [Fact]
    public void Percentiles_use_nearest_rank_over_every_recorder()
    {
        var first = new LatencyRecorder(100);
        var second = new LatencyRecorder(100);
        long microsecond = Stopwatch.Frequency / 1_000_000;
        for (int i = 1; i <= 50; i++)
        {
            first.Record(i * microsecond);
            second.Record((50 + i) * microsecond);
        }
        double[] p = LatencyRecorder.PercentilesUs([first, second], 50, 99);
        Assert.Equal(50, p[0], 3);
        Assert.Equal(99, p[1], 3);
    }

    [Fact]
    public void A_full_recorder_drops_further_samples()
    {
        var recorder = new LatencyRecorder(2);
        recorder.Record(1);
        recorder.Record(2);
        recorder.Record(3);
        Assert.True(recorder.IsFull);
        Assert.Equal(2, recorder.Count);
    }
}
