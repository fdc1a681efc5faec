using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace QuicKestrel.Http3.Tests.EndToEnd;

/// <summary>
/// Our client and server against ngtcp2 0.12's gtlsclient and gtlsserver (nghttp3, which
/// Huffman-encodes its field lines), over loopback UDP. The Debian packages ngtcp2-client and
/// ngtcp2-server are installed by test.sh.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class NgTcp2InteropTests : EndToEndTest, IDisposable
{
    private const string Client = "/usr/bin/gtlsclient";
    private const string Server = "/usr/sbin/gtlsserver";
    private readonly string _directory = Directory.CreateTempSubdirectory("h3-interop-").FullName;

    [Fact]
    public async Task GtlsclientDownloadsBytesBitExact()
    {
        Http3Server server = StartServer();
        string download = Directory.CreateDirectory(Path.Combine(_directory, "download")).FullName;

        (int exitCode, string output) = await RunAsync(Client, "-q", "--exit-on-all-streams-close", "127.0.0.1", server.Port.ToString(),
            $"https://127.0.0.1:{server.Port}/bytes/10000000", $"--download={download}");

        Assert.True(exitCode == 0, output);
        byte[] body = await File.ReadAllBytesAsync(Path.Combine(download, "10000000"));
        AssertDeterministic(body, 10_000_000);
    }

    [Fact]
    public async Task GtlsclientRunsFiftyRequestsInParallel()
    {
        Http3Server server = StartServer();
        string download = Directory.CreateDirectory(Path.Combine(_directory, "parallel")).FullName;

        (int exitCode, string output) = await RunAsync(Client, "-q", "--exit-on-all-streams-close", "-n", "50", "127.0.0.1", server.Port.ToString(),
            $"https://127.0.0.1:{server.Port}/bytes/100000", $"--download={download}");

        Assert.True(exitCode == 0, output);
        Assert.Equal(50, server.RequestCount);
        // Every response is saved to the same name: the file holds a complete one.
        AssertDeterministic(await File.ReadAllBytesAsync(Path.Combine(download, "100000")), 100_000);
    }

    [Fact]
    public async Task OurClientDownloadsFromGtlsserver()
    {
        string htdocs = Directory.CreateDirectory(Path.Combine(_directory, "htdocs")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(htdocs, "big"), DeterministicContent.Create(10_000_000));
        await File.WriteAllBytesAsync(Path.Combine(htdocs, "small"), DeterministicContent.Create(100_000));
        using var certificate = Http3TestCertificates.CreateSelfSigned();
        string certPath = Path.Combine(_directory, "cert.pem"), keyPath = Path.Combine(_directory, "key.pem");
        Http3TestCertificates.ExportPem(certificate, certPath, keyPath);
        int port = FreeUdpPort();
        using Process server = Process.Start(new ProcessStartInfo(Server, ["-q", "-d", htdocs, "127.0.0.1", port.ToString(), keyPath, certPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            await using Http3Client client = await ConnectWithRetryAsync(port);

            Http3Response response = await Bounded(client.GetAsync("/big"));
            Assert.Equal(200, response.Status);
            AssertDeterministic(response.Body.Span, 10_000_000);

            Http3Response[] many = await Bounded(Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.GetAsync("/small"))));
            Assert.All(many, r => AssertDeterministic(r.Body.Span, 100_000));
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    private static async Task<Http3Client> ConnectWithRetryAsync(int port)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                return await Http3Client.ConnectAsync(new Http3ClientOptions { Host = "127.0.0.1", Port = port }, attempt.Token);
            }
            catch (Exception exception) when (exception is Http3Exception { Kind: Http3FailureKind.ConnectFailed } or OperationCanceledException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100); // gtlsserver may not be listening yet
            }
        }
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        using Process process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }
}
