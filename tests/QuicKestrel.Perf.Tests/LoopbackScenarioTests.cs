using System.Globalization;

namespace QuicKestrel.Perf.Tests;

/// <summary>
/// Runs each scenario end to end in loopback mode (server and client in this process over
/// 127.0.0.1, real UDP) with tiny sizes, through the same command line as the tool, and checks
/// that exactly one result line comes out, parses, and reports real work.
/// </summary>
public sealed class LoopbackScenarioTests
{
    [Fact]
    public void Download_moves_every_byte_and_reports_a_rate()
    {
        Dictionary<string, string> values = RunOne("download", "--bytes", "4000000");
        Assert.Equal(4_000_000UL, ulong.Parse(values["bytes"], CultureInfo.InvariantCulture));
        Assert.True(Number(values, "seconds") > 0);
        Assert.True(Number(values, "gbps") > 0);
    }

    [Fact]
    public void Upload_moves_every_byte_and_reports_a_rate()
    {
        Dictionary<string, string> values = RunOne("upload", "--bytes", "3000000");
        Assert.Equal(3_000_000UL, ulong.Parse(values["bytes"], CultureInfo.InvariantCulture));
        Assert.True(Number(values, "gbps") > 0);
    }

    [Fact]
    public void Handshakes_complete_in_parallel_without_failures()
    {
        Dictionary<string, string> values = RunOne("handshakes", "-c", "2", "-d", "1");
        Assert.True(Number(values, "count") > 0);
        Assert.True(Number(values, "rate") > 0);
        Assert.Equal("2", values["connections"]);
        Assert.Equal("0", values["failures"]);
    }

    [Fact]
    public void Handshakes_stop_at_the_count_cap()
    {
        Dictionary<string, string> values = RunOne("handshakes", "-c", "1", "-d", "30", "--max-handshakes", "3");
        Assert.Equal("3", values["count"]);
        Assert.True(Number(values, "seconds") < 30);
    }

    [Fact]
    public void Request_response_reports_rate_and_ordered_latencies()
    {
        Dictionary<string, string> values = RunOne("rr", "-c", "2", "-d", "1");
        Assert.True(Number(values, "requests") > 0);
        Assert.True(Number(values, "rps") > 0);
        double p50 = Number(values, "p50us");
        double p99 = Number(values, "p99us");
        Assert.True(p50 > 0);
        Assert.True(p99 >= p50);
        Assert.Equal("0", values["failures"]);
    }

    [Fact]
    public void Request_response_stops_at_the_count_cap()
    {
        Dictionary<string, string> values = RunOne("rr", "-c", "2", "-d", "30", "--max-requests", "20");
        Assert.Equal("20", values["requests"]);
    }

    [Theory]
    [InlineData("8", "0")] // header only up, an empty response (FIN alone) down
    [InlineData("150000", "200000")] // several 64 KiB chunks each way, the last one partial
    public void Request_response_handles_empty_and_multi_chunk_bodies(string requestBytes, string responseBytes)
    {
        Dictionary<string, string> values = RunOne("rr", "-c", "1", "-d", "5", "--warmup-seconds", "0", "--max-requests", "5",
            "--request-bytes", requestBytes, "--response-bytes", responseBytes);
        Assert.Equal("5", values["requests"]);
        Assert.Equal("0", values["failures"]);
    }

    private static Dictionary<string, string> RunOne(string scenario, params string[] extra)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        string[] args = ["loopback", "--scenario", scenario, "--timeout", "20", .. extra];
        int exitCode = PerfCli.Run(args, output);
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(exitCode == 0, $"exit {exitCode}: {output}");
        string line = Assert.Single(lines);
        (string name, Dictionary<string, string> values) = ResultLine.Parse(line);
        Assert.Equal(scenario, name);
        Assert.DoesNotContain("error", values.Keys);
        return values;
    }

    private static double Number(Dictionary<string, string> values, string key) =>
        double.Parse(values[key], NumberStyles.Float, CultureInfo.InvariantCulture);
}
