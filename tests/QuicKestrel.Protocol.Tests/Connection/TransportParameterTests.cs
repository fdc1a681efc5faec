using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tests.Tls;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

public sealed class TransportParameterTests
{
    /// <summary>Runs a handshake where the server's parameters are changed just before they are sent; returns the client's close code.</summary>
    private static ulong ClientCloseCodeWithServerParameters(Action<TransportParameters> change)
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null, ServerTlsConfig = null });
        var config = TlsPair.ServerConfig();
        pair.OnEvent = (isServer, connection, e) =>
        {
            if (isServer && e.Kind == ConnectionEventKind.ServerConfigurationNeeded)
            {
                change(connection.LocalParameters);
                connection.SetServerConfiguration(config, pair.Now);
            }
        };
        pair.Start();
        pair.RunFor(1_000_000);
        Assert.NotEqual(ConnectionState.Established, pair.Client.State);
        return pair.Client.CloseReason.ErrorCode;
    }

    private static ulong ServerCloseCodeWithClientParameters(Action<TransportParameters> change)
    {
        using var pair = new ConnectionPair(new PairOptions { Protection = PacketProtectionProvider.Null });
        change(pair.Client.LocalParameters);
        pair.Start();
        pair.RunFor(1_000_000);
        Assert.NotNull(pair.Server);
        Assert.False(pair.Server!.IsHandshakeComplete);
        return pair.Server.CloseReason.ErrorCode;
    }

    private const ulong TransportParameterError = (ulong)TransportErrorCode.TransportParameterError;
    private const ulong ProtocolViolation = (ulong)TransportErrorCode.ProtocolViolation;

    [Theory]
    [InlineData("no initial_source_connection_id", TransportParameterError)]
    [InlineData("wrong initial_source_connection_id", ProtocolViolation)]
    [InlineData("no original_destination_connection_id", TransportParameterError)]
    [InlineData("wrong original_destination_connection_id", ProtocolViolation)]
    [InlineData("retry_source_connection_id without Retry", TransportParameterError)]
    [InlineData("max_udp_payload_size 1199", TransportParameterError)]
    [InlineData("ack_delay_exponent 21", TransportParameterError)]
    [InlineData("max_ack_delay 2^14", TransportParameterError)]
    [InlineData("active_connection_id_limit 1", TransportParameterError)]
    [InlineData("initial_max_streams_bidi 2^60+1", TransportParameterError)]
    [InlineData("initial_max_streams_uni 2^60+1", TransportParameterError)]
    [InlineData("stateless_reset_token of 15 bytes", TransportParameterError)]
    [InlineData("version_information names another version", (ulong)TransportErrorCode.VersionNegotiationError)]
    public void Invalid_server_parameters_close_the_client_with_the_RFC_error(string rule, ulong expected)
    {
        ulong code = ClientCloseCodeWithServerParameters(p =>
        {
            switch (rule)
            {
                case "no initial_source_connection_id": p.InitialSourceConnectionId = null; break;
                case "wrong initial_source_connection_id": p.InitialSourceConnectionId = [1, 2, 3, 4, 5, 6, 7, 8]; break;
                case "no original_destination_connection_id": p.OriginalDestinationConnectionId = null; break;
                case "wrong original_destination_connection_id": p.OriginalDestinationConnectionId = [1, 2, 3, 4, 5, 6, 7, 8]; break;
                case "retry_source_connection_id without Retry": p.RetrySourceConnectionId = [1, 2, 3, 4]; break;
                case "max_udp_payload_size 1199": p.MaxUdpPayloadSize = 1199; break;
                case "ack_delay_exponent 21": p.AckDelayExponent = 21; break;
                case "max_ack_delay 2^14": p.MaxAckDelayMillis = 1 << 14; break;
                case "active_connection_id_limit 1": p.ActiveConnectionIdLimit = 1; break;
                case "initial_max_streams_bidi 2^60+1": p.InitialMaxStreamsBidi = (1UL << 60) + 1; break;
                case "initial_max_streams_uni 2^60+1": p.InitialMaxStreamsUni = (1UL << 60) + 1; break;
                case "stateless_reset_token of 15 bytes": p.StatelessResetToken = new byte[15]; break;
                case "version_information names another version":
                    p.VersionInformation = new VersionInformation { ChosenVersion = QuicVersion.V2, AvailableVersions = [QuicVersion.V2] };
                    break;
            }
        });
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData("no initial_source_connection_id", TransportParameterError)]
    [InlineData("wrong initial_source_connection_id", ProtocolViolation)]
    [InlineData("original_destination_connection_id from a client", TransportParameterError)]
    [InlineData("stateless_reset_token from a client", TransportParameterError)]
    [InlineData("retry_source_connection_id from a client", TransportParameterError)]
    [InlineData("max_udp_payload_size 1199", TransportParameterError)]
    [InlineData("version_information names another chosen version", (ulong)TransportErrorCode.VersionNegotiationError)]
    public void Invalid_client_parameters_close_the_server_with_the_RFC_error(string rule, ulong expected)
    {
        ulong code = ServerCloseCodeWithClientParameters(p =>
        {
            switch (rule)
            {
                case "no initial_source_connection_id": p.InitialSourceConnectionId = null; break;
                case "wrong initial_source_connection_id": p.InitialSourceConnectionId = [1, 2, 3, 4, 5, 6, 7, 8]; break;
                case "original_destination_connection_id from a client": p.OriginalDestinationConnectionId = [1, 2, 3, 4]; break;
                case "stateless_reset_token from a client": p.StatelessResetToken = new byte[16]; break;
                case "retry_source_connection_id from a client": p.RetrySourceConnectionId = [1, 2, 3, 4]; break;
                case "max_udp_payload_size 1199": p.MaxUdpPayloadSize = 1199; break;
                case "version_information names another chosen version":
                    p.VersionInformation = new VersionInformation { ChosenVersion = QuicVersion.V2, AvailableVersions = [QuicVersion.V2, QuicVersion.V1] };
                    break;
            }
        });
        Assert.Equal(expected, code);
    }

    [Fact]
    public void Idle_timeout_is_the_smaller_of_both_sides()
    {
        using var pair = new ConnectionPair(new PairOptions
        {
            ClientSettings = ConnectionSettings.Default with { IdleTimeoutMicros = 20_000_000 },
            ServerSettings = ConnectionSettings.Default with { IdleTimeoutMicros = 7_000_000 },
        });
        pair.Handshake();
        Assert.Equal(7_000_000, pair.Client.IdleTimeoutMicros);
        Assert.Equal(7_000_000, pair.Server!.IdleTimeoutMicros);
    }

    [Fact]
    public void Peer_limits_from_parameters_apply_to_streams_and_datagrams()
    {
        using var pair = new ConnectionPair(new PairOptions
        {
            ServerSettings = ConnectionSettings.Default with { PeerBidiStreamCount = 3, PeerUnidiStreamCount = 1, DatagramReceiveEnabled = true },
        });
        pair.Handshake();
        Assert.Equal(3, pair.Client.Streams.AvailableLocalStreams(bidirectional: true));
        Assert.Equal(1, pair.Client.Streams.AvailableLocalStreams(bidirectional: false));
        Assert.Equal(65535UL, pair.Client.PeerParameters!.MaxDatagramFrameSize);
    }
}
