using System.Globalization;

namespace QuicKestrel.Perf.Tests;

/// <summary>The two-process shape, in one test process: "quicperf server" on a system-chosen port, "quicperf client" against it.</summary>
public sealed class ServerClientModeTests
{
    [Fact]
    public void Client_runs_a_scenario_against_a_separate_server()
    {
        var serverOutput = new LockedWriter();
        int serverExit = -1;
        var server = new Thread(() => serverExit = PerfCli.Run(["server", "--port", "0", "--seconds", "4"], serverOutput)) { IsBackground = true };
        server.Start();
        ushort port = WaitForPort(serverOutput);

        var clientOutput = new StringWriter(CultureInfo.InvariantCulture);
        int clientExit = PerfCli.Run(["client", "--target", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--scenario", "download", "--bytes", "2000000", "--timeout", "10"], clientOutput);

        Assert.True(clientExit == 0, clientOutput.ToString());
        (string name, Dictionary<string, string> values) = ResultLine.Parse(clientOutput.ToString().Trim());
        Assert.Equal("download", name);
        Assert.Equal("2000000", values["bytes"]);
        Assert.True(server.Join(TimeSpan.FromSeconds(15)), "the server did not stop after --seconds");
        Assert.Equal(0, serverExit);
    }

    [Fact]
    public void Client_reports_an_error_line_when_no_server_answers()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        int exit = PerfCli.Run(["client", "--port", "9", "--scenario", "download", "--bytes", "1000", "--timeout", "2"], output);
        Assert.Equal(1, exit);
        (string name, Dictionary<string, string> values) = ResultLine.Parse(output.ToString().Trim());
        Assert.Equal("download", name);
        Assert.Contains("error", values.Keys);
    }

    private static ushort WaitForPort(LockedWriter output)
    {
        long deadline = Environment.TickCount64 + 10_000;
        while (Environment.TickCount64 < deadline)
        {
            string text = output.Text;
            if (text.StartsWith("server ", StringComparison.Ordinal))
                return ushort.Parse(ResultLine.Parse(text.Trim()).Values["port"], CultureInfo.InvariantCulture);
            Thread.Sleep(20);
        }
        throw new TimeoutException("the server printed no port line");
    }
}
