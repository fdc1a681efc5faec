using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api.Loopback;

/// <summary>GetParam/SetParam on live objects: connection, TLS, stream, listener, configuration and global ids.</summary>
public class ParamTests
{
    [Fact]
    public void Connection_and_TLS_params_describe_the_live_connection()
    {
        using Loopback loopback = Loopback.Create();
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        QuicApiTable api = loopback.Api;

        Assert.Equal(QuicStatus.Success, api.GetParam(client.Handle, QuicParam.ConnQuicVersion, out uint version));
        Assert.Equal(1u, version);
        Assert.Equal(QuicStatus.Success, api.GetParam(client.Handle, QuicParam.ConnRemoteAddress, out QuicAddress remote));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, loopback.Port), remote.ToIPEndPoint());
        Assert.Equal(QuicStatus.Success, api.GetParam(server.Handle, QuicParam.ConnRemoteAddress, out QuicAddress clientAddress));
        Assert.Equal(QuicStatus.Success, api.GetParam(client.Handle, QuicParam.ConnLocalAddress, out QuicAddress local));
        Assert.Equal(clientAddress.Port, local.Port);
        Assert.Equal(QuicStatus.Success, api.GetParam(server.Handle, QuicParam.ConnLocalAddress, out QuicAddress serverLocal));
        Assert.Equal(loopback.Port, serverLocal.Port);

        Assert.Equal(QuicStatus.Success, api.GetParam(client.Handle, QuicParam.ConnLocalBidiStreamCount, out ushort bidi));
        Assert.Equal(16, bidi); // the server allows 16
        Assert.Equal(QuicStatus.Success, api.GetParam(server.Handle, QuicParam.ConnLocalBidiStreamCount, out ushort none));
        Assert.Equal(0, none); // MsQuic's default PeerBidiStreamCount is 0

        Assert.Equal(QuicStatus.Success, api.GetParam(client.Handle, QuicParam.TlsHandshakeInfo, out QuicHandshakeInfo info));
        Assert.Equal(QuicTlsProtocolVersion.Tls13, info.TlsProtocolVersion);
        Assert.Equal(QuicCipherSuite.TlsAes128GcmSha256, info.CipherSuite);
        Assert.Equal(QuicTlsGroup.X25519, info.TlsGroup);

        Span<byte> alpn = stackalloc byte[16];
        uint length = 0;
        Assert.Equal(QuicStatus.BufferTooSmall, api.GetParam(client.Handle, QuicParam.TlsNegotiatedAlpn, ref length, alpn));
        Assert.Equal((uint)Loopback.Alpn.Length, length);
        Assert.Equal(QuicStatus.Success, api.GetParam(client.Handle, QuicParam.TlsNegotiatedAlpn, ref length, alpn));
        Assert.Equal(Loopback.Alpn, alpn[..(int)length].ToArray());

        Assert.Equal(QuicStatus.Success, api.GetParam(client.Handle, QuicParam.ConnStatisticsV2, out QuicStatisticsV2 statistics));
        Assert.True(statistics.SendTotalPackets > 0 && statistics.RecvTotalPackets > 0);
        Assert.True(statistics.Rtt > 0 && statistics.SendPathMtu >= 1200);
        Assert.Equal(QuicStatus.Success, api.GetParam(client.Handle, QuicParam.ConnStatistics, out QuicStatistics v1));
        Assert.Equal(statistics.SendPathMtu, v1.Send.PathMtu);
        Assert.Equal(QuicStatus.Success, api.GetParam(client.Handle, QuicParam.ConnNetworkStatistics, out QuicNetworkStatistics network));
        Assert.True(network.CongestionWindow > 0);

        uint shortLength = QuicStatisticsV2.MinimumSize;
        Span<byte> leading = stackalloc byte[QuicStatisticsV2.MinimumSize];
        Assert.Equal(QuicStatus.Success, api.GetParam(client.Handle, QuicParam.ConnStatisticsV2, ref shortLength, leading));
        Assert.Equal((uint)QuicStatisticsV2.MinimumSize, shortLength);
        Assert.Equal(QuicStatus.Success, api.GetParam(client.Handle, QuicParam.ConnSettings, out QuicSettings settings));
        Assert.Equal(30_000UL, settings.IdleTimeoutMs);
    }

    [Fact]
    public void TLS_secrets_requested_before_start_are_recorded_by_the_handshake()
    {
        using Loopback loopback = Loopback.Create();
        ConnectionPeer client = loopback.OpenClient();
        Assert.Equal(QuicStatus.InvalidState, loopback.Api.GetParam(client.Handle, QuicParam.ConnTlsSecrets, out QuicTlsSecrets _));
        Assert.Equal(QuicStatus.Success, loopback.Api.SetParam(client.Handle, QuicParam.ConnTlsSecrets, default(QuicTlsSecrets)));
        loopback.StartClient(client);
        client.WaitFor(QuicConnectionEventType.Connected);
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(client.Handle, QuicParam.ConnTlsSecrets, out QuicTlsSecrets secrets));
        Assert.True(secrets.IsSet(QuicTlsSecretsFields.ClientRandom | QuicTlsSecretsFields.ClientHandshakeTrafficSecret
            | QuicTlsSecretsFields.ServerHandshakeTrafficSecret | QuicTlsSecretsFields.ClientTrafficSecret0 | QuicTlsSecretsFields.ServerTrafficSecret0));
        Assert.Equal(32, secrets.SecretLength);
        Assert.Equal(QuicStatus.InvalidState, loopback.Api.SetParam(client.Handle, QuicParam.ConnTlsSecrets, default(QuicTlsSecrets)));
    }

    [Fact]
    public void Stream_params_id_priority_and_ideal_send_buffer()
    {
        using Loopback loopback = Loopback.Create();
        (ConnectionPeer client, _) = loopback.Connect();
        StreamPeer stream = loopback.OpenStream(client);
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(stream.Handle, QuicParam.StreamPriority, out ushort priority));
        Assert.Equal(0x7FFF, priority);
        Assert.Equal(QuicStatus.Success, loopback.Api.SetParam(stream.Handle, QuicParam.StreamPriority, (ushort)0x100));
        Assert.Equal(QuicStatus.InvalidParameter, loopback.Api.SetParam(stream.Handle, QuicParam.StreamPriority, 5u));
        loopback.Api.StreamStart(stream.Handle, QuicStreamStartFlags.None);
        stream.WaitFor(QuicStreamEventType.StartComplete);
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(stream.Handle, QuicParam.StreamPriority, out priority));
        Assert.Equal(0x100, priority);
        QuicStreamEvent ideal = stream.WaitFor(QuicStreamEventType.IdealSendBufferSize);
        Assert.True(ideal.IdealSendBufferSize.ByteCount >= 0x10000);
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(stream.Handle, QuicParam.StreamIdealSendBufferSize, out ulong idealParam));
        Assert.Equal(ideal.IdealSendBufferSize.ByteCount, idealParam);
        // A stream handle reaches its connection's params too (MsQuic).
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(stream.Handle, QuicParam.ConnQuicVersion, out uint _));
    }

    [Fact]
    public void Global_params_versions_library_version_settings_and_reset_key()
    {
        using Loopback loopback = Loopback.Create(listen: false);
        QuicApiTable api = loopback.Api;
        Span<byte> versions = stackalloc byte[8];
        uint length = 8;
        Assert.Equal(QuicStatus.Success, api.GetParam(null, QuicParam.GlobalSupportedVersions, ref length, versions));
        Assert.Equal(8u, length);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(versions));
        Assert.Equal(0x6b3343cfu, BinaryPrimitives.ReadUInt32BigEndian(versions[4..]));

        Span<uint> libraryVersion = stackalloc uint[4];
        length = 16;
        Assert.Equal(QuicStatus.Success, api.GetParam(null, QuicParam.GlobalLibraryVersion, ref length, MemoryMarshal.AsBytes(libraryVersion)));
        Assert.Equal(2u, libraryVersion[0]);

        Assert.Equal(QuicStatus.Success, api.GetParam(null, QuicParam.GlobalSettings, out QuicSettings global));
        Assert.Equal(QuicSettings.Defaults.IdleTimeoutMs, global.IdleTimeoutMs);
        Assert.Equal(QuicStatus.InvalidParameter, api.SetParam(null, QuicParam.GlobalStatelessResetKey, new byte[16]));
        Assert.Equal(QuicStatus.Success, api.SetParam(null, QuicParam.GlobalStatelessResetKey, new byte[32]));
        Assert.Equal(QuicStatus.InvalidParameter, api.GetParam(null, QuicParam.GlobalStatelessResetKey, out ulong _));
        length = 0;
        Assert.Equal(QuicStatus.BufferTooSmall, api.GetParam(null, QuicParam.GlobalPerfCounters, ref length, default));
        Assert.Equal((uint)QuicPerformanceCounter.Max * 8, length);
    }

    [Fact]
    public void Configuration_settings_inherit_the_global_ones_and_can_be_changed()
    {
        using Loopback loopback = Loopback.Create(listen: false);
        QuicApiTable api = loopback.Api;
        Assert.Equal(QuicStatus.Success, api.GetParam(loopback.ClientConfiguration, QuicParam.ConfigurationSettings, out QuicSettings settings));
        Assert.Equal(QuicSettings.Defaults.HandshakeIdleTimeoutMs, settings.HandshakeIdleTimeoutMs);
        Assert.Equal(QuicStatus.Success, api.SetParam(loopback.ClientConfiguration, QuicParam.ConfigurationSettings, new QuicSettings { KeepAliveIntervalMs = 5000 }));
        Assert.Equal(QuicStatus.InvalidParameter, api.SetParam(loopback.ClientConfiguration, QuicParam.ConfigurationSettings, new QuicSettings { StreamRecvWindowDefault = 1000 }));
        Assert.Equal(QuicStatus.Success, api.GetParam(loopback.ClientConfiguration, QuicParam.ConfigurationSettings, out settings));
        Assert.Equal(5000u, settings.KeepAliveIntervalMs);
        Assert.True(settings.IsSet(QuicSettingsFields.KeepAliveIntervalMs));
    }

    [Fact]
    public void Ticket_keys_need_a_server_credential()
    {
        using Loopback loopback = Loopback.Create(listen: false);
        var key = new QuicTicketKeyConfig(new byte[16], new byte[32]);
        Assert.Equal(QuicStatus.Success, loopback.Api.SetParam(loopback.ServerConfiguration, QuicParam.ConfigurationTicketKeys, key));
        Assert.Equal(QuicStatus.NotSupported, loopback.Api.SetParam(loopback.ClientConfiguration, QuicParam.ConfigurationTicketKeys, key));
        loopback.Api.ConfigurationOpen(loopback.Registration, [Loopback.Alpn], default, null, out QuicHandle? empty);
        Assert.Equal(QuicStatus.InvalidState, loopback.Api.SetParam(empty, QuicParam.ConfigurationTicketKeys, key));
        Assert.Equal(QuicStatus.InvalidParameter, loopback.Api.SetParam(loopback.ServerConfiguration, QuicParam.ConfigurationTicketKeys, new byte[10]));
        loopback.Api.ConfigurationClose(empty);
    }

    [Fact]
    public void Shared_ticket_keys_let_a_second_server_configuration_resume_the_firsts_sessions()
    {
        QuicSettings settings = Loopback.ServerDefaults();
        settings.ServerResumptionLevel = QuicServerResumptionLevel.ResumeOnly;
        using Loopback first = Loopback.Create(serverSettings: settings);
        using Loopback second = Loopback.Create(serverSettings: settings);
        var key = new QuicTicketKeyConfig(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(), new byte[48]);
        Assert.Equal(QuicStatus.Success, first.Api.SetParam(first.ServerConfiguration, QuicParam.ConfigurationTicketKeys, key));
        Assert.Equal(QuicStatus.Success, second.Api.SetParam(second.ServerConfiguration, QuicParam.ConfigurationTicketKeys, key));
        first.ConfigureServerConnection = s => s.React = (QuicHandle c, ref QuicConnectionEvent e) =>
        {
            if (e.Type == QuicConnectionEventType.Connected)
                first.Api.ConnectionSendResumptionTicket(c, QuicSendResumptionFlags.None, []);
            return QuicStatus.Success;
        };
        (ConnectionPeer client, _) = first.Connect();
        client.WaitFor(QuicConnectionEventType.ResumptionTicketReceived);

        ConnectionPeer resumed = second.OpenClient();
        Assert.Equal(QuicStatus.Success, second.Api.SetParam(resumed.Handle, QuicParam.ConnResumptionTicket, client.ResumptionTicket!));
        second.StartClient(resumed);
        Assert.True(resumed.WaitFor(QuicConnectionEventType.Connected).Connected.SessionResumed);
    }

    [Fact]
    public void SET_ALLOWED_CIPHER_SUITES_restricts_the_negotiated_suite()
    {
        using Loopback loopback = Loopback.Create(clientCredential: new QuicCredentialConfig
        {
            Flags = QuicCredentialFlags.Client | QuicCredentialFlags.NoCertificateValidation | QuicCredentialFlags.SetAllowedCipherSuites,
            AllowedCipherSuites = QuicAllowedCipherSuiteFlags.ChaCha20Poly1305Sha256,
        });
        (ConnectionPeer client, ConnectionPeer server) = loopback.Connect();
        Assert.Equal(QuicStatus.Success, loopback.Api.GetParam(server.Handle, QuicParam.TlsHandshakeInfo, out QuicHandshakeInfo info));
        Assert.Equal(QuicCipherSuite.TlsChaCha20Poly1305Sha256, info.CipherSuite);
        Assert.Equal(QuicCipherAlgorithm.ChaCha20, info.CipherAlgorithm);
    }
}
