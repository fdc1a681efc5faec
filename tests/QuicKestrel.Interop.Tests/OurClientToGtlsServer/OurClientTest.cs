using QuicKestrel.Http3;
using QuicKestrel.Interop.Tests.Infrastructure;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Interop.Tests.OurClientToGtlsServer;

/// <summary>
/// Our HTTP/3 client (Http3Client over the public API) against gtlsserver, which serves files
/// of <see cref="DeterministicContent"/> from a scratch htdocs directory.
/// </summary>
public abstract class OurClientTest : InteropTest
{
    private GtlsServer? _server;

    private protected GtlsServer Server => _server ?? throw new InvalidOperationException("Start gtlsserver first.");

    /// <summary>Writes each file (name, length) into a fresh htdocs and starts gtlsserver on it.</summary>
    private protected async Task<GtlsServer> StartGtlsServerAsync((string Name, int Length)[] files, IEnumerable<string>? options = null, bool quiet = true)
    {
        string htdocs = CreateDirectory("htdocs");
        foreach ((string name, int length) in files)
            await File.WriteAllBytesAsync(Path.Combine(htdocs, name), DeterministicContent.Create(length));
        _server = Own(await GtlsServer.StartAsync(WorkDirectory, htdocs, options, quiet));
        return _server;
    }

    protected Http3ClientOptions ClientOptions() => new() { Host = "127.0.0.1", Port = Server.Port };

    protected async Task<Http3Client> ConnectAsync(Http3ClientOptions? options = null)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            return Own(await Http3Client.ConnectAsync(options ?? ClientOptions(), timeout.Token));
        }
        catch (Exception exception) when (exception is Http3Exception or OperationCanceledException)
        {
            Assert.Fail($"Our client could not connect to gtlsserver: {exception.Message}\n{Server.Describe()}");
            throw;
        }
    }

    /// <summary>GETs /<paramref name="name"/> and checks that the body is the file, bit for bit.</summary>
    protected async Task GetBitExactAsync(Http3Client client, string name, int length)
    {
        Http3Response response = await RequestAsync(client.GetAsync("/" + name), name);
        Assert.True(response.Status == 200, $"GET /{name}: status {response.Status}.\n{Server.Describe()}");
        AssertBitExact(response.Body.Span, length, $"GET /{name} from gtlsserver");
    }

    protected async Task<T> RequestAsync<T>(Task<T> request, string name)
    {
        try
        {
            return await Bounded(request, $"GET /{name}");
        }
        catch (Http3Exception exception)
        {
            Assert.Fail($"GET /{name} failed: {exception.Message}\n{Server.Describe()}");
            throw;
        }
    }

    protected static QuicHandshakeInfo HandshakeInfo(Http3Client client)
    {
        QuicStatus status = client.Api.GetParam(client.Connection, QuicParam.TlsHandshakeInfo, out QuicHandshakeInfo info);
        Assert.True(status.Succeeded(), $"GetParam(TLS_HANDSHAKE_INFO): {status}");
        return info;
    }

    protected static QuicStatisticsV2 Statistics(Http3Client client)
    {
        QuicStatus status = client.Api.GetParam(client.Connection, QuicParam.ConnStatisticsV2, out QuicStatisticsV2 statistics);
        Assert.True(status.Succeeded(), $"GetParam(CONN_STATISTICS_V2): {status}");
        return statistics;
    }
}
