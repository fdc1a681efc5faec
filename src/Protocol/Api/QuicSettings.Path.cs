namespace QuicKestrel.Protocol.Api;

public partial struct QuicSettings
{
    /// <summary>
    /// The smallest IP MTU, in bytes, a connection uses; its starting MTU. Default 1288;
    /// clamped to 1248–1500 and at most <see cref="MaximumMtu"/>. Only before a connection starts.
    /// </summary>
    public ushort MinimumMtu
    {
        readonly get => _minimumMtu;
        set { _minimumMtu = value; MarkSet(QuicSettingsFields.MinimumMtu); }
    }

    /// <summary>
    /// The largest IP MTU, in bytes, path MTU discovery probes for. Default 1500; clamped to
    /// 1248–1500 and at least <see cref="MinimumMtu"/>. Only before a connection starts.
    /// </summary>
    public ushort MaximumMtu
    {
        readonly get => _maximumMtu;
        set { _maximumMtu = value; MarkSet(QuicSettingsFields.MaximumMtu); }
    }

    /// <summary>How long, in microseconds, to wait before probing for a larger MTU again when discovery stopped short of the maximum. Default 600000000 (10 minutes).</summary>
    public ulong MtuDiscoverySearchCompleteTimeoutUs
    {
        readonly get => _mtuDiscoverySearchCompleteTimeoutUs;
        set { _mtuDiscoverySearchCompleteTimeoutUs = value; MarkSet(QuicSettingsFields.MtuDiscoverySearchCompleteTimeoutUs); }
    }

    /// <summary>How many unanswered probes of one size end MTU discovery at the size before it. Default 3.</summary>
    public byte MtuDiscoveryMissingProbeCount
    {
        readonly get => _mtuDiscoveryMissingProbeCount;
        set { _mtuDiscoveryMissingProbeCount = value; MarkSet(QuicSettingsFields.MtuDiscoveryMissingProbeCount); }
    }

    /// <summary>The congestion controller. Default <see cref="QuicCongestionControlAlgorithm.Cubic"/>.</summary>
    public QuicCongestionControlAlgorithm CongestionControlAlgorithm
    {
        readonly get => _congestionControlAlgorithm;
        set { _congestionControlAlgorithm = value; MarkSet(QuicSettingsFields.CongestionControlAlgorithm); }
    }

    /// <summary>The initial congestion window, in packets (RFC 9002 §7.2). Default 10.</summary>
    public uint InitialWindowPackets
    {
        readonly get => _initialWindowPackets;
        set { _initialWindowPackets = value; MarkSet(QuicSettingsFields.InitialWindowPackets); }
    }

    /// <summary>Spread sends over the RTT instead of bursting the congestion window (RFC 9002 §7.7). Default true.</summary>
    public bool PacingEnabled
    {
        readonly get => GetBit(PacingBit);
        set => SetBit(PacingBit, value, QuicSettingsFields.PacingEnabled);
    }

    /// <summary>Use HyStart++ (RFC 9406) to leave slow start before losses. Default false.</summary>
    public bool HyStartEnabled
    {
        readonly get => (_flags & HyStartFlag) != 0;
        set
        {
            _flags = value ? _flags | HyStartFlag : _flags & ~HyStartFlag;
            MarkSet(QuicSettingsFields.HyStartEnabled);
        }
    }

    /// <summary>Mark sent packets ECN-capable and react to congestion marks (RFC 9000 §13.4). Default false. Only before a connection starts.</summary>
    public bool EcnEnabled
    {
        readonly get => GetBit(EcnBit);
        set => SetBit(EcnBit, value, QuicSettingsFields.EcnEnabled);
    }

    /// <summary>Let clients migrate to a new address or port (RFC 9000 §9); a server clears it to advertise disable_active_migration. Default true.</summary>
    public bool MigrationEnabled
    {
        readonly get => GetBit(MigrationBit);
        set => SetBit(MigrationBit, value, QuicSettingsFields.MigrationEnabled);
    }

    /// <summary>Advertise grease_quic_bit (RFC 9287), letting the peer vary the fixed bit. Default false.</summary>
    public bool GreaseQuicBitEnabled
    {
        readonly get => GetBit(GreaseQuicBitBit);
        set => SetBit(GreaseQuicBitBit, value, QuicSettingsFields.GreaseQuicBitEnabled);
    }
}
