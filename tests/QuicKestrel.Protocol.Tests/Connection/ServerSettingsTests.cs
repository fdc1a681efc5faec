using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tests.Tls;

namespace QuicKestrel.Protocol.Tests.Connection;

/// <summary>A server whose settings arrive late (MsQuic ConnectionSetConfiguration after NEW_CONNECTION).</summary>
public sealed class ServerSettingsTests
{
    [Fact]
    public void Late_server_settings_keep_the_client_stream_limits_from_its_client_hello()
    {
        using var pair = new ConnectionPair(new PairOptions
        {
            Protection = PacketProtectionProvider.Null,
            ServerTlsConfig = null,
            ClientSettings = ConnectionSettings.Default with { PeerUnidiStreamCount = 3 },
        });
        pair.OnEvent = (isServer, connection, e) =>
        {
            if (isServer && e.Kind == ConnectionEventKind.ServerConfigurationNeeded)
            {
                connection.ApplyServerSettings(ConnectionSettings.Default with { PeerBidiStreamCount = 10 });
                connection.SetServerConfiguration(TlsPair.ServerConfig(), pair.Now);
            }
        };
        pair.Handshake();

        // The client's three unidirectional streams were granted in its ClientHello: no MAX_STREAMS needed.
        for (int i = 0; i < 3; i++)
            Assert.Equal(StreamStartResult.Started, pair.Server!.StartStream(bidirectional: false, failIfBlocked: true, null, out _));
        Assert.Equal(StreamStartResult.LimitReached, pair.Server!.StartStream(bidirectional: false, failIfBlocked: true, null, out _));
    }
}
