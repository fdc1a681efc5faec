using System.Globalization;
using QuicKestrel.Http3;

namespace QuicKestrel.Interop.Tests.Infrastructure;

/// <summary>
/// ngtcp2's HTTP/3 server on 127.0.0.1 and a free UDP port, serving the files of an htdocs
/// directory. Started only once it has bound its port; killed on Dispose.
/// </summary>
internal sealed class GtlsServer : IDisposable
{
    private static readonly TimeSpan s_bindTimeout = TimeSpan.FromSeconds(10);
    private const int StartAttempts = 3;

    private GtlsServer(PeerProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public PeerProcess Process { get; }

    public int Port { get; }

    public string Log => Process.Log;

    public string Describe() => Process.Describe();

    /// <param name="workDirectory">Where the certificate and key are written.</param>
    /// <param name="htdocs">The document root.</param>
    /// <param name="options">gtlsserver options (e.g. "--groups=…", "-t", "0.05").</param>
    /// <param name="quiet">With -q it logs nothing; without it, ngtcp2 logs every packet (QUIC and HTTP dumps stay off).</param>
    public static async Task<GtlsServer> StartAsync(string workDirectory, string htdocs, IEnumerable<string>? options = null, bool quiet = true)
    {
        string certificatePath = Path.Combine(workDirectory, "cert.pem"), keyPath = Path.Combine(workDirectory, "key.pem");
        using (var certificate = Http3TestCertificates.CreateSelfSigned())
            Http3TestCertificates.ExportPem(certificate, certificatePath, keyPath);
        string program = NgTcp2Peers.Server;
        string failures = "";
        // A port found free may be taken before gtlsserver binds it: then try another.
        for (int attempt = 0; attempt < StartAttempts; attempt++)
        {
            int port = UdpPorts.FindFree();
            var arguments = new List<string>();
            if (quiet)
                arguments.Add("-q");
            arguments.AddRange(["--no-quic-dump", "--no-http-dump", "-d", htdocs]);
            arguments.AddRange(options ?? []);
            arguments.AddRange(["127.0.0.1", port.ToString(CultureInfo.InvariantCulture), keyPath, certificatePath]);
            var process = PeerProcess.Start(program, arguments);
            if (await WaitUntilBoundAsync(process, port))
                return new GtlsServer(process, port);
            failures += process.Describe() + "\n";
            process.Dispose();
        }
        Assert.Fail($"gtlsserver did not start listening in {StartAttempts} attempts.\n{failures}");
        return null!;
    }

    private static async Task<bool> WaitUntilBoundAsync(PeerProcess process, int port)
    {
        DateTime deadline = DateTime.UtcNow + s_bindTimeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (UdpPorts.IsBound(port))
                return true;
            await Task.Delay(20);
        }
        return false;
    }

    public void Dispose() => Process.Dispose();
}
