using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace QuicKestrel.Perf;

/// <summary>The three ways to run: a server, a client against one, or both in one process over loopback.</summary>
internal static class PerfModes
{
    public static int Server(IPAddress address, ushort port, X509Certificate2 certificate, double seconds, TextWriter output)
    {
        using PerfSession session = PerfSession.OpenServer(certificate);
        using var server = new PerfServer(session, new IPEndPoint(address, port));
        output.WriteLine(new ResultLine("server").Add("port", server.Port).ToString());
        output.Flush();
        using var stop = new ManualResetEventSlim();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Set();
        };
        Console.CancelKeyPress += onCancel;
        stop.Wait(TimeSpan.FromSeconds(seconds));
        Console.CancelKeyPress -= onCancel;
        return 0;
    }

    public static int Client(ScenarioOptions options, TextWriter output)
    {
        using PerfSession session = PerfSession.OpenClient();
        string line = ScenarioRunner.Run(session, options);
        output.WriteLine(line);
        return ScenarioRunner.IsSuccess(line) ? 0 : 1;
    }

    public static int Loopback(ScenarioOptions options, X509Certificate2 certificate, TextWriter output)
    {
        string line;
        using (PerfSession serverSession = PerfSession.OpenServer(certificate))
        using (var server = new PerfServer(serverSession, new IPEndPoint(IPAddress.Loopback, options.Port)))
        using (PerfSession clientSession = PerfSession.OpenClient())
            line = ScenarioRunner.Run(clientSession, options with { Target = "127.0.0.1", Port = server.Port });
        output.WriteLine(line);
        return ScenarioRunner.IsSuccess(line) ? 0 : 1;
    }
}
