using System.Globalization;
using QuicKestrel.Http3;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Interop.Tests.GtlsClientToOurServer;

/// <summary>ngtcp2 0.12's gtlsclient (GnuTLS) → our server, over UDP on loopback.</summary>
[Trait("Category", "Interop")]
public sealed class GtlsClientToOurServerTests : OurServerTest
{
    private const string ChaCha20Only = "--ciphers=NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305";

    [Fact]
    public async Task Handshake_and_a_small_GET()
    {
        Http3Server server = StartServer();

        var run = await RunGtlsClientAsync(server, ["/bytes/1000"]);

        AssertDownloaded(run, "1000", 1000);
        var connection = Assert.Single(await WaitForConnectionsAsync(1));
        Assert.NotNull(connection.HandshakeInfo);
        Assert.Equal(1, connection.RequestStreams);
        Assert.False(connection.SessionResumed);
    }

    [Fact]
    public async Task Downloads_10_MB_bit_exact()
    {
        Http3Server server = StartServer();

        var run = await RunGtlsClientAsync(server, ["/bytes/10000000"]);

        AssertDownloaded(run, "10000000", 10_000_000);
    }

    [Fact]
    public async Task ChaCha20_Poly1305_only()
    {
        Http3Server server = StartServer();

        var run = await RunGtlsClientAsync(server, ["/bytes/100000"], [ChaCha20Only], quiet: false);

        AssertDownloaded(run, "100000", 100_000);
        Assert.True(run.Log.Contains("Negotiated cipher suite is CHACHA20-POLY1305", StringComparison.Ordinal), run.Describe());
        var connection = Assert.Single(await WaitForConnectionsAsync(1));
        Assert.Equal(QuicCipherSuite.TlsChaCha20Poly1305Sha256, connection.HandshakeInfo?.CipherSuite);
    }

    [Theory]
    [InlineData("X25519", QuicTlsGroup.X25519)]
    [InlineData("SECP256R1", QuicTlsGroup.Secp256r1)]
    public async Task One_key_exchange_group_only(string gnutlsGroup, QuicTlsGroup expected)
    {
        Http3Server server = StartServer();

        var run = await RunGtlsClientAsync(server, ["/bytes/100000"], [$"--groups=-GROUP-ALL:+GROUP-{gnutlsGroup}"]);

        AssertDownloaded(run, "100000", 100_000);
        var connection = Assert.Single(await WaitForConnectionsAsync(1));
        Assert.Equal(expected, connection.HandshakeInfo?.TlsGroup);
    }

    [Fact]
    public async Task Resumption_with_0_RTT()
    {
        Http3Server server = StartServer(o => o.EnableResumption = true);
        string session = Path.Combine(WorkDirectory, "session.pem"), transportParameters = Path.Combine(WorkDirectory, "tp.pem");
        string[] resumption = [$"--session-file={session}", $"--tp-file={transportParameters}"];

        var first = await RunGtlsClientAsync(server, ["/bytes/1000"], resumption);
        Assert.True(File.Exists(session) && File.Exists(transportParameters), $"gtlsclient kept no session or transport parameters.\n{first.Describe()}");
        var second = await RunGtlsClientAsync(server, ["/bytes/20000"], resumption, quiet: false);

        AssertDownloaded(first, "1000", 1000);
        AssertDownloaded(second, "20000", 20_000);
        Assert.True(second.Log.Contains("type=0RTT", StringComparison.Ordinal), $"gtlsclient sent no 0-RTT packet.\n{second.Describe()}");
        Assert.False(second.Log.Contains("Early data was rejected", StringComparison.Ordinal), second.Describe());
        var connections = await WaitForConnectionsAsync(2);
        Assert.False(connections[0].SessionResumed);
        Assert.True(connections[1].SessionResumed, "our server did not report RESUMED for the second connection");
        Assert.Equal(1, connections[1].ZeroRttRequestStreams);
    }

    [Fact]
    public async Task Key_update_initiated_by_gtlsclient()
    {
        Http3Server server = StartServer();

        var run = await RunGtlsClientAsync(server, ["/bytes/4000000"], ["--key-update=1ms"]);

        AssertDownloaded(run, "4000000", 4_000_000);
        var connection = Assert.Single(await WaitForConnectionsAsync(1));
        Assert.True(connection.Statistics.KeyUpdateCount >= 1, $"our server saw {connection.Statistics.KeyUpdateCount} key updates.\n{run.Describe()}");
    }

    [Fact]
    public async Task Five_percent_loss_each_way()
    {
        Http3Server server = StartServer();

        // gtlsclient's CONNECTION_CLOSE may be dropped too: then our server reports the
        // connection at the idle timeout, kept short here.
        var run = await RunGtlsClientAsync(server, ["/bytes/2000000"], ["-t", "0.05", "-r", "0.05", "--timeout=3s"]);

        AssertDownloaded(run, "2000000", 2_000_000);
        var connection = Assert.Single(await WaitForConnectionsAsync(1));
        Assert.True(connection.Statistics.SendSuspectedLostPackets > 0, "no loss was seen: the test did not test recovery");
    }

    [Fact]
    public async Task Fifty_requests_in_parallel()
    {
        Http3Server server = StartServer();
        // Fifty distinct sizes, so that every response is saved to its own file.
        string[] paths = [.. Enumerable.Range(0, 50).Select(i => $"/bytes/{100_000 + i}")];

        var run = await RunGtlsClientAsync(server, paths, ["-n", "50"]);

        for (int i = 0; i < 50; i++)
            AssertDownloaded(run, (100_000 + i).ToString(CultureInfo.InvariantCulture), 100_000 + i);
        var connection = Assert.Single(await WaitForConnectionsAsync(1));
        Assert.Equal(50, connection.RequestStreams);
        Assert.Equal(50, server.RequestCount);
    }
}
