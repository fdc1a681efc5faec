using System.CommandLine;
using System.Net;

namespace QuicKestrel.Perf;

/// <summary>The command line: quicperf server | client | loopback, with secnetperf-like options.</summary>
internal static class PerfCli
{
    public static int Run(string[] args, TextWriter output) => Build(output).Parse(args).Invoke();

    public static RootCommand Build(TextWriter output)
    {
        var port = new Option<ushort>("--port") { Description = "UDP port (server/client: default 4433; loopback: default 0 = any free)" };
        var cert = new Option<string?>("--cert") { Description = "Server certificate: PEM (with --key) or PKCS #12; default a self-signed ECDSA P-256 one" };
        var key = new Option<string?>("--key") { Description = "PEM private key for --cert" };
        var password = new Option<string?>("--password") { Description = "PKCS #12 password for --cert" };
        var bind = new Option<string>("--bind") { Description = "Server address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var serverSeconds = new Option<double>("--seconds") { Description = "Server: stop after this long (or Ctrl+C)", DefaultValueFactory = _ => 3600 };

        var target = new Option<string>("--target") { Description = "Server address or name", DefaultValueFactory = _ => "127.0.0.1" };
        var scenario = new Option<string>("--scenario") { Description = "download | upload | handshakes | rr", Required = true };
        scenario.AcceptOnlyFromAmong(ScenarioRunner.Names);
        var bytes = new Option<ulong>("--bytes") { Description = "download/upload: bytes on one stream", DefaultValueFactory = _ => 100_000_000UL };
        var connections = new Option<int>("--connections", "-c") { Description = "handshakes/rr: parallel connections (default 4 for handshakes, 8 for rr)" };
        var duration = new Option<double>("--duration", "-d") { Description = "handshakes/rr: seconds to run", DefaultValueFactory = _ => 5 };
        var maxHandshakes = new Option<int>("--max-handshakes") { Description = "handshakes: count cap", DefaultValueFactory = _ => 1_000_000 };
        var maxRequests = new Option<int>("--max-requests") { Description = "rr: count cap", DefaultValueFactory = _ => 2_000_000 };
        var requestBytes = new Option<int>("--request-bytes") { Description = "rr: bytes up per request (header included)", DefaultValueFactory = _ => 512 };
        var responseBytes = new Option<int>("--response-bytes") { Description = "rr: bytes down per request", DefaultValueFactory = _ => 4000 };
        var warmup = new Option<ulong>("--warmup") { Description = "download/upload: unmeasured bytes moved first on the same connection (0: none)", DefaultValueFactory = _ => 16_000_000UL };
        var warmupSeconds = new Option<double>("--warmup-seconds") { Description = "handshakes/rr: unmeasured seconds run first (0: none)", DefaultValueFactory = _ => 1 };
        var stats = new Option<bool>("--stats") { Description = "download/upload: print the client connection's transport counters to stderr" };
        var timeout = new Option<double>("--timeout") { Description = "Bound on any one wait, seconds", DefaultValueFactory = _ => 120 };

        ScenarioOptions ReadScenario(ParseResult r, ushort defaultPort)
        {
            string name = r.GetValue(scenario)!;
            int c = r.GetValue(connections);
            return new ScenarioOptions
            {
                Scenario = name,
                Target = r.GetValue(target)!,
                Port = r.GetResult(port) is null ? defaultPort : r.GetValue(port),
                Bytes = r.GetValue(bytes),
                Connections = c > 0 ? c : name == "rr" ? 8 : 4,
                DurationSeconds = r.GetValue(duration),
                MaxHandshakes = r.GetValue(maxHandshakes),
                MaxRequests = r.GetValue(maxRequests),
                RequestBytes = Math.Max(PerfProtocol.HeaderLength, r.GetValue(requestBytes)),
                ResponseBytes = r.GetValue(responseBytes),
                TimeoutSeconds = r.GetValue(timeout),
                PrintStats = r.GetValue(stats),
                WarmupBytes = r.GetValue(warmup),
                WarmupSeconds = r.GetValue(warmupSeconds),
            };
        }

        var server = new Command("server", "Serve perf requests until --seconds or Ctrl+C") { port, cert, key, password, bind, serverSeconds };
        server.SetAction(r => PerfModes.Server(
            IPAddress.Parse(r.GetValue(bind)!),
            r.GetResult(port) is null ? (ushort)4433 : r.GetValue(port),
            PerfCertificate.Load(r.GetValue(cert), r.GetValue(key), r.GetValue(password)),
            r.GetValue(serverSeconds),
            output));

        Option[] scenarioOptions = [port, scenario, bytes, connections, duration, maxHandshakes, maxRequests, requestBytes, responseBytes, timeout, stats, warmup, warmupSeconds];
        var client = new Command("client", "Run one scenario against a quicperf server");
        var loopback = new Command("loopback", "Run a server and one scenario in this process over 127.0.0.1");
        foreach (Option option in scenarioOptions)
        {
            client.Options.Add(option);
            loopback.Options.Add(option);
        }
        client.Options.Add(target);
        loopback.Options.Add(cert);
        loopback.Options.Add(key);
        loopback.Options.Add(password);
        client.SetAction(r => PerfModes.Client(ReadScenario(r, 4433), output));
        loopback.SetAction(r => PerfModes.Loopback(
            ReadScenario(r, 0),
            PerfCertificate.Load(r.GetValue(cert), r.GetValue(key), r.GetValue(password)),
            output));

        return new RootCommand("QUIC perf tool on QuicKestrel's MsQuic-style API (like MsQuic's secnetperf)") { server, client, loopback };
    }
}
