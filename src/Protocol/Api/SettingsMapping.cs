using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Recovery;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// MsQuic's <see cref="QuicSettings"/> (milliseconds, MsQuic's names) as the engine's
/// <see cref="ConnectionSettings"/> (microseconds). Members the engine has no knob for (send idle
/// timeout, CID update idle timeout, TLS buffer sizes, worker queue delay, stateless operation
/// limits) are accepted and ignored; BBR is not implemented, so it runs CUBIC.
/// </summary>
internal static class SettingsMapping
{
    private const long MicrosPerMilli = 1000;

    public static ConnectionSettings ToConnectionSettings(in QuicSettings s, bool? datagramReceiveEnabled = null) => new()
    {
        HandshakeIdleTimeoutMicros = (long)Math.Min(s.HandshakeIdleTimeoutMs, long.MaxValue / MicrosPerMilli) * MicrosPerMilli,
        IdleTimeoutMicros = (long)Math.Min(s.IdleTimeoutMs, long.MaxValue / MicrosPerMilli) * MicrosPerMilli,
        DisconnectTimeoutMicros = s.DisconnectTimeoutMs * MicrosPerMilli,
        KeepAliveIntervalMicros = s.KeepAliveIntervalMs * MicrosPerMilli,
        PeerBidiStreamCount = s.PeerBidiStreamCount,
        PeerUnidiStreamCount = s.PeerUnidiStreamCount,
        StreamReceiveWindow = s.StreamRecvWindowDefault,
        StreamReceiveWindowBidiLocal = s.StreamRecvWindowBidiLocalDefault,
        StreamReceiveWindowBidiRemote = s.StreamRecvWindowBidiRemoteDefault,
        StreamReceiveWindowUni = s.StreamRecvWindowUnidiDefault,
        ConnectionReceiveWindow = s.ConnFlowControlWindow,
        InitialWindowPackets = (int)Math.Max(2, s.InitialWindowPackets),
        InitialRttMicros = s.InitialRttMs * MicrosPerMilli,
        MaxAckDelayMicros = s.MaxAckDelayMs * MicrosPerMilli,
        CongestionControl = CongestionControlAlgorithm.Cubic,
        PacingEnabled = s.PacingEnabled,
        HyStartEnabled = s.HyStartEnabled,
        EcnEnabled = s.EcnEnabled,
        MigrationEnabled = s.MigrationEnabled,
        DatagramReceiveEnabled = datagramReceiveEnabled ?? s.DatagramReceiveEnabled,
        MinimumMtu = s.MinimumMtu,
        MaximumMtu = s.MaximumMtu,
        MaxBytesPerKey = (long)Math.Min(s.MaxBytesPerKey, long.MaxValue),
    };
}
