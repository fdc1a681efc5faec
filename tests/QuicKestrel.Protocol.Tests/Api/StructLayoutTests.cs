using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api;

/// <summary>
/// The unmanaged structures travel as raw bytes through SetParam/GetParam, so their layout must
/// be MsQuic's. Sizes, offsets and widths below were printed by a C program compiled against
/// msquic.h (Linux, x64).
/// </summary>
public class StructLayoutTests
{
    public delegate void Mutation<T>(ref T value);

    [Fact]
    public void Sizes_equal_sizeof_in_msquic_h()
    {
        Assert.Equal(144, Unsafe.SizeOf<QuicSettings>());
        Assert.Equal(16, Unsafe.SizeOf<QuicGlobalSettings>());
        Assert.Equal(200, Unsafe.SizeOf<QuicStatistics>());
        Assert.Equal(232, Unsafe.SizeOf<QuicStatisticsV2>());
        Assert.Equal(48, Unsafe.SizeOf<QuicNetworkStatistics>());
        Assert.Equal(24, Unsafe.SizeOf<QuicListenerStatistics>());
        Assert.Equal(64, Unsafe.SizeOf<QuicStreamStatistics>());
        Assert.Equal(36, Unsafe.SizeOf<QuicHandshakeInfo>());
        Assert.Equal(28, Unsafe.SizeOf<QuicAddress>());
        Assert.Equal(81, Unsafe.SizeOf<QuicTicketKeyConfig>());
        Assert.Equal(354, Unsafe.SizeOf<QuicTlsSecrets>());
    }

    public static TheoryData<string, Func<(int Offset, int Width)>, int, int> Fields()
    {
        var rows = new TheoryData<string, Func<(int Offset, int Width)>, int, int>();
        Add(rows, "QUIC_SETTINGS.MaxBytesPerKey", (ref QuicSettings s) => { s.MaxBytesPerKey = ulong.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 8, 8);
        Add(rows, "QUIC_SETTINGS.HandshakeIdleTimeoutMs", (ref QuicSettings s) => { s.HandshakeIdleTimeoutMs = ulong.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 16, 8);
        Add(rows, "QUIC_SETTINGS.IdleTimeoutMs", (ref QuicSettings s) => { s.IdleTimeoutMs = ulong.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 24, 8);
        Add(rows, "QUIC_SETTINGS.MtuDiscoverySearchCompleteTimeoutUs", (ref QuicSettings s) => { s.MtuDiscoverySearchCompleteTimeoutUs = ulong.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 32, 8);
        Add(rows, "QUIC_SETTINGS.TlsClientMaxSendBuffer", (ref QuicSettings s) => { s.TlsClientMaxSendBuffer = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 40, 4);
        Add(rows, "QUIC_SETTINGS.TlsServerMaxSendBuffer", (ref QuicSettings s) => { s.TlsServerMaxSendBuffer = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 44, 4);
        Add(rows, "QUIC_SETTINGS.StreamRecvWindowDefault", (ref QuicSettings s) => { s.StreamRecvWindowDefault = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 48, 4);
        Add(rows, "QUIC_SETTINGS.StreamRecvBufferDefault", (ref QuicSettings s) => { s.StreamRecvBufferDefault = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 52, 4);
        Add(rows, "QUIC_SETTINGS.ConnFlowControlWindow", (ref QuicSettings s) => { s.ConnFlowControlWindow = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 56, 4);
        Add(rows, "QUIC_SETTINGS.MaxWorkerQueueDelayUs", (ref QuicSettings s) => { s.MaxWorkerQueueDelayUs = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 60, 4);
        Add(rows, "QUIC_SETTINGS.MaxStatelessOperations", (ref QuicSettings s) => { s.MaxStatelessOperations = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 64, 4);
        Add(rows, "QUIC_SETTINGS.InitialWindowPackets", (ref QuicSettings s) => { s.InitialWindowPackets = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 68, 4);
        Add(rows, "QUIC_SETTINGS.SendIdleTimeoutMs", (ref QuicSettings s) => { s.SendIdleTimeoutMs = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 72, 4);
        Add(rows, "QUIC_SETTINGS.InitialRttMs", (ref QuicSettings s) => { s.InitialRttMs = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 76, 4);
        Add(rows, "QUIC_SETTINGS.MaxAckDelayMs", (ref QuicSettings s) => { s.MaxAckDelayMs = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 80, 4);
        Add(rows, "QUIC_SETTINGS.DisconnectTimeoutMs", (ref QuicSettings s) => { s.DisconnectTimeoutMs = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 84, 4);
        Add(rows, "QUIC_SETTINGS.KeepAliveIntervalMs", (ref QuicSettings s) => { s.KeepAliveIntervalMs = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 88, 4);
        Add(rows, "QUIC_SETTINGS.CongestionControlAlgorithm", (ref QuicSettings s) => { s.CongestionControlAlgorithm = (QuicCongestionControlAlgorithm)ushort.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 92, 2);
        Add(rows, "QUIC_SETTINGS.PeerBidiStreamCount", (ref QuicSettings s) => { s.PeerBidiStreamCount = ushort.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 94, 2);
        Add(rows, "QUIC_SETTINGS.PeerUnidiStreamCount", (ref QuicSettings s) => { s.PeerUnidiStreamCount = ushort.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 96, 2);
        Add(rows, "QUIC_SETTINGS.MaxBindingStatelessOperations", (ref QuicSettings s) => { s.MaxBindingStatelessOperations = ushort.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 98, 2);
        Add(rows, "QUIC_SETTINGS.StatelessOperationExpirationMs", (ref QuicSettings s) => { s.StatelessOperationExpirationMs = ushort.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 100, 2);
        Add(rows, "QUIC_SETTINGS.MinimumMtu", (ref QuicSettings s) => { s.MinimumMtu = ushort.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 102, 2);
        Add(rows, "QUIC_SETTINGS.MaximumMtu", (ref QuicSettings s) => { s.MaximumMtu = ushort.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 104, 2);
        Add(rows, "QUIC_SETTINGS.MaxOperationsPerDrain", (ref QuicSettings s) => { s.MaxOperationsPerDrain = byte.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 107, 1);
        Add(rows, "QUIC_SETTINGS.MtuDiscoveryMissingProbeCount", (ref QuicSettings s) => { s.MtuDiscoveryMissingProbeCount = byte.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 108, 1);
        Add(rows, "QUIC_SETTINGS.DestCidUpdateIdleTimeoutMs", (ref QuicSettings s) => { s.DestCidUpdateIdleTimeoutMs = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 112, 4);
        Add(rows, "QUIC_SETTINGS.StreamRecvWindowBidiLocalDefault", (ref QuicSettings s) => { s.StreamRecvWindowBidiLocalDefault = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 128, 4);
        Add(rows, "QUIC_SETTINGS.StreamRecvWindowBidiRemoteDefault", (ref QuicSettings s) => { s.StreamRecvWindowBidiRemoteDefault = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 132, 4);
        Add(rows, "QUIC_SETTINGS.StreamRecvWindowUnidiDefault", (ref QuicSettings s) => { s.StreamRecvWindowUnidiDefault = uint.MaxValue; s.IsSetFlags = QuicSettingsFields.None; }, 136, 4);
        Add(rows, "QUIC_STATISTICS_V2.CorrelationId", (ref QuicStatisticsV2 s) => s.CorrelationId = ulong.MaxValue, 0, 8);
        Add(rows, "QUIC_STATISTICS_V2.Rtt", (ref QuicStatisticsV2 s) => s.Rtt = uint.MaxValue, 12, 4);
        Add(rows, "QUIC_STATISTICS_V2.MinRtt", (ref QuicStatisticsV2 s) => s.MinRtt = uint.MaxValue, 16, 4);
        Add(rows, "QUIC_STATISTICS_V2.MaxRtt", (ref QuicStatisticsV2 s) => s.MaxRtt = uint.MaxValue, 20, 4);
        Add(rows, "QUIC_STATISTICS_V2.TimingStart", (ref QuicStatisticsV2 s) => s.TimingStart = ulong.MaxValue, 24, 8);
        Add(rows, "QUIC_STATISTICS_V2.TimingInitialFlightEnd", (ref QuicStatisticsV2 s) => s.TimingInitialFlightEnd = ulong.MaxValue, 32, 8);
        Add(rows, "QUIC_STATISTICS_V2.TimingHandshakeFlightEnd", (ref QuicStatisticsV2 s) => s.TimingHandshakeFlightEnd = ulong.MaxValue, 40, 8);
        Add(rows, "QUIC_STATISTICS_V2.HandshakeClientFlight1Bytes", (ref QuicStatisticsV2 s) => s.HandshakeClientFlight1Bytes = uint.MaxValue, 48, 4);
        Add(rows, "QUIC_STATISTICS_V2.HandshakeServerFlight1Bytes", (ref QuicStatisticsV2 s) => s.HandshakeServerFlight1Bytes = uint.MaxValue, 52, 4);
        Add(rows, "QUIC_STATISTICS_V2.HandshakeClientFlight2Bytes", (ref QuicStatisticsV2 s) => s.HandshakeClientFlight2Bytes = uint.MaxValue, 56, 4);
        Add(rows, "QUIC_STATISTICS_V2.SendPathMtu", (ref QuicStatisticsV2 s) => s.SendPathMtu = ushort.MaxValue, 60, 2);
        Add(rows, "QUIC_STATISTICS_V2.SendTotalPackets", (ref QuicStatisticsV2 s) => s.SendTotalPackets = ulong.MaxValue, 64, 8);
        Add(rows, "QUIC_STATISTICS_V2.SendRetransmittablePackets", (ref QuicStatisticsV2 s) => s.SendRetransmittablePackets = ulong.MaxValue, 72, 8);
        Add(rows, "QUIC_STATISTICS_V2.SendSuspectedLostPackets", (ref QuicStatisticsV2 s) => s.SendSuspectedLostPackets = ulong.MaxValue, 80, 8);
        Add(rows, "QUIC_STATISTICS_V2.SendSpuriousLostPackets", (ref QuicStatisticsV2 s) => s.SendSpuriousLostPackets = ulong.MaxValue, 88, 8);
        Add(rows, "QUIC_STATISTICS_V2.SendTotalBytes", (ref QuicStatisticsV2 s) => s.SendTotalBytes = ulong.MaxValue, 96, 8);
        Add(rows, "QUIC_STATISTICS_V2.SendTotalStreamBytes", (ref QuicStatisticsV2 s) => s.SendTotalStreamBytes = ulong.MaxValue, 104, 8);
        Add(rows, "QUIC_STATISTICS_V2.SendCongestionCount", (ref QuicStatisticsV2 s) => s.SendCongestionCount = uint.MaxValue, 112, 4);
        Add(rows, "QUIC_STATISTICS_V2.SendPersistentCongestionCount", (ref QuicStatisticsV2 s) => s.SendPersistentCongestionCount = uint.MaxValue, 116, 4);
        Add(rows, "QUIC_STATISTICS_V2.RecvTotalPackets", (ref QuicStatisticsV2 s) => s.RecvTotalPackets = ulong.MaxValue, 120, 8);
        Add(rows, "QUIC_STATISTICS_V2.RecvReorderedPackets", (ref QuicStatisticsV2 s) => s.RecvReorderedPackets = ulong.MaxValue, 128, 8);
        Add(rows, "QUIC_STATISTICS_V2.RecvDroppedPackets", (ref QuicStatisticsV2 s) => s.RecvDroppedPackets = ulong.MaxValue, 136, 8);
        Add(rows, "QUIC_STATISTICS_V2.RecvDuplicatePackets", (ref QuicStatisticsV2 s) => s.RecvDuplicatePackets = ulong.MaxValue, 144, 8);
        Add(rows, "QUIC_STATISTICS_V2.RecvTotalBytes", (ref QuicStatisticsV2 s) => s.RecvTotalBytes = ulong.MaxValue, 152, 8);
        Add(rows, "QUIC_STATISTICS_V2.RecvTotalStreamBytes", (ref QuicStatisticsV2 s) => s.RecvTotalStreamBytes = ulong.MaxValue, 160, 8);
        Add(rows, "QUIC_STATISTICS_V2.RecvDecryptionFailures", (ref QuicStatisticsV2 s) => s.RecvDecryptionFailures = ulong.MaxValue, 168, 8);
        Add(rows, "QUIC_STATISTICS_V2.RecvValidAckFrames", (ref QuicStatisticsV2 s) => s.RecvValidAckFrames = ulong.MaxValue, 176, 8);
        Add(rows, "QUIC_STATISTICS_V2.KeyUpdateCount", (ref QuicStatisticsV2 s) => s.KeyUpdateCount = uint.MaxValue, 184, 4);
        Add(rows, "QUIC_STATISTICS_V2.SendCongestionWindow", (ref QuicStatisticsV2 s) => s.SendCongestionWindow = uint.MaxValue, 188, 4);
        Add(rows, "QUIC_STATISTICS_V2.DestCidUpdateCount", (ref QuicStatisticsV2 s) => s.DestCidUpdateCount = uint.MaxValue, 192, 4);
        Add(rows, "QUIC_STATISTICS_V2.SendEcnCongestionCount", (ref QuicStatisticsV2 s) => s.SendEcnCongestionCount = uint.MaxValue, 196, 4);
        Add(rows, "QUIC_STATISTICS_V2.HandshakeHopLimitTTL", (ref QuicStatisticsV2 s) => s.HandshakeHopLimitTTL = byte.MaxValue, 200, 1);
        Add(rows, "QUIC_STATISTICS_V2.RttVariance", (ref QuicStatisticsV2 s) => s.RttVariance = uint.MaxValue, 204, 4);
        Add(rows, "QUIC_STATISTICS_V2.ConnectionQueueDelayAvgUs", (ref QuicStatisticsV2 s) => s.ConnectionQueueDelayAvgUs = uint.MaxValue, 208, 4);
        Add(rows, "QUIC_STATISTICS_V2.ConnectionQueueDelayMaxUs", (ref QuicStatisticsV2 s) => s.ConnectionQueueDelayMaxUs = uint.MaxValue, 212, 4);
        Add(rows, "QUIC_STATISTICS_V2.SendQueueDelayAvgUs", (ref QuicStatisticsV2 s) => s.SendQueueDelayAvgUs = uint.MaxValue, 216, 4);
        Add(rows, "QUIC_STATISTICS_V2.SendQueueDelayMaxUs", (ref QuicStatisticsV2 s) => s.SendQueueDelayMaxUs = uint.MaxValue, 220, 4);
        Add(rows, "QUIC_STATISTICS_V2.ReceiveQueueDelayAvgUs", (ref QuicStatisticsV2 s) => s.ReceiveQueueDelayAvgUs = uint.MaxValue, 224, 4);
        Add(rows, "QUIC_STATISTICS_V2.ReceiveQueueDelayMaxUs", (ref QuicStatisticsV2 s) => s.ReceiveQueueDelayMaxUs = uint.MaxValue, 228, 4);
        Add(rows, "QUIC_STATISTICS.CorrelationId", (ref QuicStatistics s) => s.CorrelationId = ulong.MaxValue, 0, 8);
        Add(rows, "QUIC_STATISTICS.Rtt", (ref QuicStatistics s) => s.Rtt = uint.MaxValue, 12, 4);
        Add(rows, "QUIC_STATISTICS.MinRtt", (ref QuicStatistics s) => s.MinRtt = uint.MaxValue, 16, 4);
        Add(rows, "QUIC_STATISTICS.MaxRtt", (ref QuicStatistics s) => s.MaxRtt = uint.MaxValue, 20, 4);
        Add(rows, "QUIC_STATISTICS.Timing.Start", (ref QuicStatistics s) => s.Timing = new QuicStatistics.TimingStats { Start = ulong.MaxValue }, 24, 8);
        Add(rows, "QUIC_STATISTICS.Timing.InitialFlightEnd", (ref QuicStatistics s) => s.Timing = new QuicStatistics.TimingStats { InitialFlightEnd = ulong.MaxValue }, 32, 8);
        Add(rows, "QUIC_STATISTICS.Timing.HandshakeFlightEnd", (ref QuicStatistics s) => s.Timing = new QuicStatistics.TimingStats { HandshakeFlightEnd = ulong.MaxValue }, 40, 8);
        Add(rows, "QUIC_STATISTICS.Handshake.ClientFlight1Bytes", (ref QuicStatistics s) => s.Handshake = new QuicStatistics.HandshakeStats { ClientFlight1Bytes = uint.MaxValue }, 48, 4);
        Add(rows, "QUIC_STATISTICS.Handshake.ServerFlight1Bytes", (ref QuicStatistics s) => s.Handshake = new QuicStatistics.HandshakeStats { ServerFlight1Bytes = uint.MaxValue }, 52, 4);
        Add(rows, "QUIC_STATISTICS.Handshake.ClientFlight2Bytes", (ref QuicStatistics s) => s.Handshake = new QuicStatistics.HandshakeStats { ClientFlight2Bytes = uint.MaxValue }, 56, 4);
        Add(rows, "QUIC_STATISTICS.Send.PathMtu", (ref QuicStatistics s) => s.Send = new QuicStatistics.SendStats { PathMtu = ushort.MaxValue }, 64, 2);
        Add(rows, "QUIC_STATISTICS.Send.TotalPackets", (ref QuicStatistics s) => s.Send = new QuicStatistics.SendStats { TotalPackets = ulong.MaxValue }, 72, 8);
        Add(rows, "QUIC_STATISTICS.Send.RetransmittablePackets", (ref QuicStatistics s) => s.Send = new QuicStatistics.SendStats { RetransmittablePackets = ulong.MaxValue }, 80, 8);
        Add(rows, "QUIC_STATISTICS.Send.SuspectedLostPackets", (ref QuicStatistics s) => s.Send = new QuicStatistics.SendStats { SuspectedLostPackets = ulong.MaxValue }, 88, 8);
        Add(rows, "QUIC_STATISTICS.Send.SpuriousLostPackets", (ref QuicStatistics s) => s.Send = new QuicStatistics.SendStats { SpuriousLostPackets = ulong.MaxValue }, 96, 8);
        Add(rows, "QUIC_STATISTICS.Send.TotalBytes", (ref QuicStatistics s) => s.Send = new QuicStatistics.SendStats { TotalBytes = ulong.MaxValue }, 104, 8);
        Add(rows, "QUIC_STATISTICS.Send.TotalStreamBytes", (ref QuicStatistics s) => s.Send = new QuicStatistics.SendStats { TotalStreamBytes = ulong.MaxValue }, 112, 8);
        Add(rows, "QUIC_STATISTICS.Send.CongestionCount", (ref QuicStatistics s) => s.Send = new QuicStatistics.SendStats { CongestionCount = uint.MaxValue }, 120, 4);
        Add(rows, "QUIC_STATISTICS.Send.PersistentCongestionCount", (ref QuicStatistics s) => s.Send = new QuicStatistics.SendStats { PersistentCongestionCount = uint.MaxValue }, 124, 4);
        Add(rows, "QUIC_STATISTICS.Recv.TotalPackets", (ref QuicStatistics s) => s.Recv = new QuicStatistics.RecvStats { TotalPackets = ulong.MaxValue }, 128, 8);
        Add(rows, "QUIC_STATISTICS.Recv.ReorderedPackets", (ref QuicStatistics s) => s.Recv = new QuicStatistics.RecvStats { ReorderedPackets = ulong.MaxValue }, 136, 8);
        Add(rows, "QUIC_STATISTICS.Recv.DroppedPackets", (ref QuicStatistics s) => s.Recv = new QuicStatistics.RecvStats { DroppedPackets = ulong.MaxValue }, 144, 8);
        Add(rows, "QUIC_STATISTICS.Recv.DuplicatePackets", (ref QuicStatistics s) => s.Recv = new QuicStatistics.RecvStats { DuplicatePackets = ulong.MaxValue }, 152, 8);
        Add(rows, "QUIC_STATISTICS.Recv.TotalBytes", (ref QuicStatistics s) => s.Recv = new QuicStatistics.RecvStats { TotalBytes = ulong.MaxValue }, 160, 8);
        Add(rows, "QUIC_STATISTICS.Recv.TotalStreamBytes", (ref QuicStatistics s) => s.Recv = new QuicStatistics.RecvStats { TotalStreamBytes = ulong.MaxValue }, 168, 8);
        Add(rows, "QUIC_STATISTICS.Recv.DecryptionFailures", (ref QuicStatistics s) => s.Recv = new QuicStatistics.RecvStats { DecryptionFailures = ulong.MaxValue }, 176, 8);
        Add(rows, "QUIC_STATISTICS.Recv.ValidAckFrames", (ref QuicStatistics s) => s.Recv = new QuicStatistics.RecvStats { ValidAckFrames = ulong.MaxValue }, 184, 8);
        Add(rows, "QUIC_STATISTICS.Misc.KeyUpdateCount", (ref QuicStatistics s) => s.Misc = new QuicStatistics.MiscStats { KeyUpdateCount = uint.MaxValue }, 192, 4);
        Add(rows, "QUIC_NETWORK_STATISTICS.BytesInFlight", (ref QuicNetworkStatistics s) => s.BytesInFlight = uint.MaxValue, 0, 4);
        Add(rows, "QUIC_NETWORK_STATISTICS.PostedBytes", (ref QuicNetworkStatistics s) => s.PostedBytes = ulong.MaxValue, 8, 8);
        Add(rows, "QUIC_NETWORK_STATISTICS.IdealBytes", (ref QuicNetworkStatistics s) => s.IdealBytes = ulong.MaxValue, 16, 8);
        Add(rows, "QUIC_NETWORK_STATISTICS.SmoothedRTT", (ref QuicNetworkStatistics s) => s.SmoothedRtt = ulong.MaxValue, 24, 8);
        Add(rows, "QUIC_NETWORK_STATISTICS.CongestionWindow", (ref QuicNetworkStatistics s) => s.CongestionWindow = uint.MaxValue, 32, 4);
        Add(rows, "QUIC_NETWORK_STATISTICS.Bandwidth", (ref QuicNetworkStatistics s) => s.Bandwidth = ulong.MaxValue, 40, 8);
        Add(rows, "QUIC_LISTENER_STATISTICS.TotalAcceptedConnections", (ref QuicListenerStatistics s) => s.TotalAcceptedConnections = ulong.MaxValue, 0, 8);
        Add(rows, "QUIC_LISTENER_STATISTICS.TotalRejectedConnections", (ref QuicListenerStatistics s) => s.TotalRejectedConnections = ulong.MaxValue, 8, 8);
        Add(rows, "QUIC_LISTENER_STATISTICS.BindingRecvDroppedPackets", (ref QuicListenerStatistics s) => s.BindingRecvDroppedPackets = ulong.MaxValue, 16, 8);
        Add(rows, "QUIC_STREAM_STATISTICS.ConnBlockedBySchedulingUs", (ref QuicStreamStatistics s) => s.ConnBlockedBySchedulingUs = ulong.MaxValue, 0, 8);
        Add(rows, "QUIC_STREAM_STATISTICS.ConnBlockedByPacingUs", (ref QuicStreamStatistics s) => s.ConnBlockedByPacingUs = ulong.MaxValue, 8, 8);
        Add(rows, "QUIC_STREAM_STATISTICS.ConnBlockedByAmplificationProtUs", (ref QuicStreamStatistics s) => s.ConnBlockedByAmplificationProtUs = ulong.MaxValue, 16, 8);
        Add(rows, "QUIC_STREAM_STATISTICS.ConnBlockedByCongestionControlUs", (ref QuicStreamStatistics s) => s.ConnBlockedByCongestionControlUs = ulong.MaxValue, 24, 8);
        Add(rows, "QUIC_STREAM_STATISTICS.ConnBlockedByFlowControlUs", (ref QuicStreamStatistics s) => s.ConnBlockedByFlowControlUs = ulong.MaxValue, 32, 8);
        Add(rows, "QUIC_STREAM_STATISTICS.StreamBlockedByIdFlowControlUs", (ref QuicStreamStatistics s) => s.StreamBlockedByIdFlowControlUs = ulong.MaxValue, 40, 8);
        Add(rows, "QUIC_STREAM_STATISTICS.StreamBlockedByFlowControlUs", (ref QuicStreamStatistics s) => s.StreamBlockedByFlowControlUs = ulong.MaxValue, 48, 8);
        Add(rows, "QUIC_STREAM_STATISTICS.StreamBlockedByAppUs", (ref QuicStreamStatistics s) => s.StreamBlockedByAppUs = ulong.MaxValue, 56, 8);
        Add(rows, "QUIC_HANDSHAKE_INFO.TlsProtocolVersion", (ref QuicHandshakeInfo s) => s.TlsProtocolVersion = (QuicTlsProtocolVersion)(-1), 0, 4);
        Add(rows, "QUIC_HANDSHAKE_INFO.CipherAlgorithm", (ref QuicHandshakeInfo s) => s.CipherAlgorithm = (QuicCipherAlgorithm)(-1), 4, 4);
        Add(rows, "QUIC_HANDSHAKE_INFO.CipherStrength", (ref QuicHandshakeInfo s) => s.CipherStrength = -1, 8, 4);
        Add(rows, "QUIC_HANDSHAKE_INFO.Hash", (ref QuicHandshakeInfo s) => s.Hash = (QuicHashAlgorithm)(-1), 12, 4);
        Add(rows, "QUIC_HANDSHAKE_INFO.HashStrength", (ref QuicHandshakeInfo s) => s.HashStrength = -1, 16, 4);
        Add(rows, "QUIC_HANDSHAKE_INFO.KeyExchangeAlgorithm", (ref QuicHandshakeInfo s) => s.KeyExchangeAlgorithm = (QuicKeyExchangeAlgorithm)(-1), 20, 4);
        Add(rows, "QUIC_HANDSHAKE_INFO.KeyExchangeStrength", (ref QuicHandshakeInfo s) => s.KeyExchangeStrength = -1, 24, 4);
        Add(rows, "QUIC_HANDSHAKE_INFO.CipherSuite", (ref QuicHandshakeInfo s) => s.CipherSuite = (QuicCipherSuite)(-1), 28, 4);
        Add(rows, "QUIC_HANDSHAKE_INFO.TlsGroup", (ref QuicHandshakeInfo s) => s.TlsGroup = (QuicTlsGroup)(-1), 32, 4);
        Add(rows, "QUIC_GLOBAL_SETTINGS.RetryMemoryLimit", (ref QuicGlobalSettings s) => { s.RetryMemoryLimit = ushort.MaxValue; s.IsSetFlags = QuicGlobalSettingsFields.None; }, 8, 2);
        Add(rows, "QUIC_GLOBAL_SETTINGS.LoadBalancingMode", (ref QuicGlobalSettings s) => { s.LoadBalancingMode = (QuicLoadBalancingMode)ushort.MaxValue; s.IsSetFlags = QuicGlobalSettingsFields.None; }, 10, 2);
        Add(rows, "QUIC_GLOBAL_SETTINGS.FixedServerID", (ref QuicGlobalSettings s) => { s.FixedServerId = uint.MaxValue; s.IsSetFlags = QuicGlobalSettingsFields.None; }, 12, 4);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Field_sits_at_its_msquic_h_offset(string field, Func<(int Offset, int Width)> measure, int offset, int width)
    {
        (int actualOffset, int actualWidth) = measure();
        Assert.True(offset == actualOffset && width == actualWidth,
            $"{field}: offset {actualOffset} width {actualWidth}, header says {offset} / {width}");
    }

    [Theory]
    [InlineData(nameof(QuicSettings.SendBufferingEnabled), 0x01)]
    [InlineData(nameof(QuicSettings.PacingEnabled), 0x02)]
    [InlineData(nameof(QuicSettings.MigrationEnabled), 0x04)]
    [InlineData(nameof(QuicSettings.DatagramReceiveEnabled), 0x08)]
    [InlineData(nameof(QuicSettings.GreaseQuicBitEnabled), 0x40)]
    [InlineData(nameof(QuicSettings.EcnEnabled), 0x80)]
    public void Boolean_settings_are_the_bits_of_byte_106(string member, byte mask)
    {
        object boxed = new QuicSettings(); // reflection sets the property on the boxed copy
        typeof(QuicSettings).GetProperty(member)!.SetValue(boxed, true);
        byte[] bytes = BytesOf((QuicSettings)boxed);
        Assert.Equal(mask, bytes[106]);
        Assert.Equal(1, bytes.Skip(8).Count(b => b != 0)); // nothing else but the IsSet word changed
    }

    [Fact]
    public void Server_resumption_level_is_bits_4_and_5_of_byte_106_and_HyStart_bit_0_of_Flags()
    {
        var settings = new QuicSettings { ServerResumptionLevel = QuicServerResumptionLevel.ResumeAndZeroRtt, HyStartEnabled = true };
        byte[] bytes = BytesOf(settings);
        Assert.Equal(0x20, bytes[106]);
        Assert.Equal(1UL, BitConverter.ToUInt64(bytes, 120));
        Assert.Equal((ulong)(QuicSettingsFields.ServerResumptionLevel | QuicSettingsFields.HyStartEnabled), BitConverter.ToUInt64(bytes, 0));
    }

    [Fact]
    public void Statistics_flags_are_the_bits_of_the_word_at_offset_8()
    {
        var v2 = new QuicStatisticsV2 { EcnCapable = true, StatelessRetry = true };
        Assert.Equal(0x22u, BitConverter.ToUInt32(BytesOf(v2), 8));
        var v1 = new QuicStatistics { ResumptionSucceeded = true };
        Assert.Equal(0x08u, BitConverter.ToUInt32(BytesOf(v1), 8));
    }

    [Fact]
    public void Ticket_key_is_id_then_material_then_its_length()
    {
        byte[] id = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        byte[] material = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        byte[] bytes = BytesOf(new QuicTicketKeyConfig(id, material));
        Assert.Equal(id, bytes[..16]);
        Assert.Equal(material, bytes[16..48]);
        Assert.All(bytes[48..80], b => Assert.Equal(0, b));
        Assert.Equal(32, bytes[80]);
    }

    [Fact]
    public void Tls_secrets_are_length_flags_random_then_five_64_byte_secrets()
    {
        var secrets = new QuicTlsSecrets();
        secrets.Set(QuicTlsSecretsFields.ClientRandom, Enumerable.Repeat((byte)0xAA, 32).ToArray());
        secrets.Set(QuicTlsSecretsFields.ServerTrafficSecret0, Enumerable.Repeat((byte)0xBB, 48).ToArray());
        byte[] bytes = BytesOf(secrets);
        Assert.Equal(48, bytes[0]);
        Assert.Equal(0x21, bytes[1]);
        Assert.All(bytes[2..34], b => Assert.Equal(0xAA, b));
        Assert.All(bytes[290..338], b => Assert.Equal(0xBB, b));
        Assert.All(bytes[338..354], b => Assert.Equal(0, b));
    }

    private static void Add<T>(TheoryData<string, Func<(int Offset, int Width)>, int, int> rows, string field, Mutation<T> mutate, int offset, int width)
        where T : unmanaged =>
        rows.Add(field, () => Footprint(mutate), offset, width);

    /// <summary>Where a write of all-ones lands in an otherwise zero structure.</summary>
    private static (int Offset, int Width) Footprint<T>(Mutation<T> mutate)
        where T : unmanaged
    {
        T value = default;
        mutate(ref value);
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value));
        int first = bytes.IndexOfAnyExcept((byte)0);
        int last = bytes.LastIndexOfAnyExcept((byte)0);
        return (first, last - first + 1);
    }

    private static byte[] BytesOf<T>(T value)
        where T : unmanaged =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();
}
