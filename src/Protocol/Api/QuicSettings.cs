using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Transport settings: MsQuic's <c>QUIC_SETTINGS</c>, byte for byte (144 bytes, same field
/// order, bit fields and "is set" bits), so it can be passed as raw bytes to
/// <c>SetParam</c>/<c>GetParam</c> (<see cref="QuicParam.GlobalSettings"/>,
/// <see cref="QuicParam.ConfigurationSettings"/>, <see cref="QuicParam.ConnSettings"/>) and to
/// <c>ConfigurationOpen</c>.
/// <para>
/// Assigning a member also sets its "is set" bit (<see cref="IsSet"/>, <see cref="IsSetFlags"/>);
/// only set members take effect, the others are inherited: a connection starts from the
/// global settings, which start from <see cref="Defaults"/>, then its configuration's and its
/// own set members override in that order. <c>default(QuicSettings)</c> sets nothing.
/// </para>
/// <para>
/// Invalid values are refused with <see cref="QuicStatus.InvalidParameter"/> where the settings
/// are applied, with MsQuic's rules: <see cref="InitialRttMs"/> and
/// <see cref="MaxOperationsPerDrain"/> not 0; <see cref="MaxAckDelayMs"/> ≤ 16383;
/// <see cref="DisconnectTimeoutMs"/> 1–600000; <see cref="IdleTimeoutMs"/> and
/// <see cref="HandshakeIdleTimeoutMs"/> ≤ 2^62 − 1; the stream receive windows powers of two;
/// <see cref="StreamRecvBufferDefault"/> ≥ 4096; <see cref="MaxBytesPerKey"/> ≤ its default;
/// <see cref="ServerResumptionLevel"/> and <see cref="CongestionControlAlgorithm"/> known values;
/// the MTU bounds are clamped to 1248–1500 and must not cross.
/// </para>
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public partial struct QuicSettings
{
    // Field order and types are QUIC_SETTINGS's; the offsets are checked by the tests.
    private QuicSettingsFields _isSetFlags;
    private ulong _maxBytesPerKey;
    private ulong _handshakeIdleTimeoutMs;
    private ulong _idleTimeoutMs;
    private ulong _mtuDiscoverySearchCompleteTimeoutUs;
    private uint _tlsClientMaxSendBuffer;
    private uint _tlsServerMaxSendBuffer;
    private uint _streamRecvWindowDefault;
    private uint _streamRecvBufferDefault;
    private uint _connFlowControlWindow;
    private uint _maxWorkerQueueDelayUs;
    private uint _maxStatelessOperations;
    private uint _initialWindowPackets;
    private uint _sendIdleTimeoutMs;
    private uint _initialRttMs;
    private uint _maxAckDelayMs;
    private uint _disconnectTimeoutMs;
    private uint _keepAliveIntervalMs;
    private QuicCongestionControlAlgorithm _congestionControlAlgorithm;
    private ushort _peerBidiStreamCount;
    private ushort _peerUnidiStreamCount;
    private ushort _maxBindingStatelessOperations;
    private ushort _statelessOperationExpirationMs;
    private ushort _minimumMtu;
    private ushort _maximumMtu;
    private byte _bitFields; // SendBuffering:1, Pacing:1, Migration:1, DatagramReceive:1, ServerResumptionLevel:2, GreaseQuicBit:1, Ecn:1
    private byte _maxOperationsPerDrain;
    private byte _mtuDiscoveryMissingProbeCount;
    private uint _destCidUpdateIdleTimeoutMs;
    private ulong _flags; // HyStartEnabled:1, then MsQuic preview flags
    private uint _streamRecvWindowBidiLocalDefault;
    private uint _streamRecvWindowBidiRemoteDefault;
    private uint _streamRecvWindowUnidiDefault;

    private const int SendBufferingBit = 0;
    private const int PacingBit = 1;
    private const int MigrationBit = 2;
    private const int DatagramReceiveBit = 3;
    private const int ServerResumptionLevelShift = 4;
    private const int GreaseQuicBitBit = 6;
    private const int EcnBit = 7;
    private const byte ServerResumptionLevelMask = 0b11 << ServerResumptionLevelShift;
    private const ulong HyStartFlag = 1;

    /// <summary>
    /// Which members are set (MsQuic's <c>IsSetFlags</c>). Writable, e.g. to clear bits; members
    /// whose bit is clear are ignored when the settings are applied.
    /// </summary>
    public QuicSettingsFields IsSetFlags
    {
        readonly get => _isSetFlags;
        set => _isSetFlags = value;
    }

    /// <summary>True when every member named in <paramref name="fields"/> is set (MsQuic's <c>Settings.IsSet.Member</c>).</summary>
    /// <param name="fields">One member, or several ORed together.</param>
    /// <returns>Whether all of them are set.</returns>
    public readonly bool IsSet(QuicSettingsFields fields) => (_isSetFlags & fields) == fields;

    private void MarkSet(QuicSettingsFields field) => _isSetFlags |= field;

    private readonly bool GetBit(int bit) => (_bitFields & (1 << bit)) != 0;

    private void SetBit(int bit, bool value, QuicSettingsFields field)
    {
        _bitFields = value ? (byte)(_bitFields | (1 << bit)) : (byte)(_bitFields & ~(1 << bit));
        MarkSet(field);
    }
}
