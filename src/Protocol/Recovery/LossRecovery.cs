namespace QuicKestrel.Protocol.Recovery;

/// <summary>
/// One connection's loss recovery (RFC 9002 Appendix A): sent-packet tracking per packet number
/// space, ACK processing, RTT, packet- and time-threshold loss detection, the loss detection
/// timer with PTO, persistent congestion, ECN, and the congestion controller and pacer. The
/// connection drives it with sends, ACK frames and timer expiries; outcomes come back through
/// <see cref="ISentPacketListener"/> without allocating.
/// </summary>
internal sealed partial class LossRecovery
{
    private readonly ISentPacketListener _listener;
    private readonly PacketSpaceState[] _spaces;
    private readonly CongestionLossFilter _lossFilter;
    private readonly bool _isServer;
    private SentPacket[] _acked = new SentPacket[64];
    private int _ackedCount;
    private bool _clientReceivedHandshakeAck;

    public LossRecovery(RecoveryOptions options, ISentPacketListener listener, bool isServer, ICongestionController? congestion = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(listener);
        options.Validate();
        Options = options;
        _listener = listener;
        _isServer = isServer;
        _spaces = [new(PacketNumberSpace.Initial), new(PacketNumberSpace.Handshake), new(PacketNumberSpace.ApplicationData)];
        _lossFilter = new CongestionLossFilter(options.LossTolerance);
        Rtt = new RttEstimator(options.InitialRttMicros);
        Congestion = congestion ?? CreateController(options);
        Pacer = new Pacer(options.PacerBurstPackets, options.PacerQuantumMicros, options.PacingGainPercent,
            options.SlowStartPacingGainPercent, options.RecoveryPacingGainPercent);
        Ecn = new EcnValidator(options.EcnEnabled);
    }

    public RecoveryOptions Options { get; }

    public RttEstimator Rtt { get; }

    public ICongestionController Congestion { get; }

    public Pacer Pacer { get; }

    public EcnValidator Ecn { get; }

    public RecoveryStatistics Statistics { get; } = new();

    /// <summary>pto_count: consecutive PTO expirations without an acknowledgement (§6.2.1).</summary>
    public int PtoCount { get; private set; }

    /// <summary>When <see cref="OnLossDetectionTimeout"/> must be called; <see cref="RecoveryConstants.Never"/> when not armed.</summary>
    public long LossDetectionTimer { get; private set; } = RecoveryConstants.Never;

    /// <summary>The peer's max_ack_delay transport parameter (default 25 ms until known).</summary>
    public long PeerMaxAckDelayMicros { get; set; } = RecoveryConstants.DefaultMaxAckDelayMicros;

    /// <summary>Set by the connection: it had nothing to send while the window had room (§7.8).</summary>
    public bool IsApplicationLimited { get; set; }

    public bool HandshakeConfirmed { get; private set; }

    public bool HasHandshakeKeys { get; private set; }

    /// <summary>Server only: blocked by the 3× anti-amplification limit (RFC 9000 §8.1).</summary>
    public bool IsAmplificationBlocked { get; private set; }

    /// <summary>
    /// Whether the peer has validated our address (Appendix A.6): always for a server; for a client
    /// once a Handshake packet was acknowledged or the handshake is confirmed.
    /// </summary>
    public bool PeerCompletedAddressValidation => _isServer || _clientReceivedHandshakeAck || HandshakeConfirmed;

    /// <summary>Ack-eliciting packets in flight across all spaces.</summary>
    public int AckElicitingInFlight =>
        _spaces[0].AckElicitingInFlight + _spaces[1].AckElicitingInFlight + _spaces[2].AckElicitingInFlight;

    /// <summary>Probe packets still owed in <paramref name="space"/> after a PTO; send them regardless of cwnd and pacing.</summary>
    public int ProbesPending(PacketNumberSpace space) => _spaces[(int)space].ProbesPending;

    public long LargestAcked(PacketNumberSpace space) => _spaces[(int)space].LargestAcked;

    public long LossTime(PacketNumberSpace space) => _spaces[(int)space].LossTime;

    public int OutstandingPackets(PacketNumberSpace space) => _spaces[(int)space].Sent.OutstandingCount;

    public int AckElicitingInFlightIn(PacketNumberSpace space) => _spaces[(int)space].AckElicitingInFlight;

    public bool IsDiscarded(PacketNumberSpace space) => _spaces[(int)space].Discarded;

    /// <summary>The client now has Handshake keys: its anti-deadlock probe moves to the Handshake space.</summary>
    public void OnHandshakeKeysAvailable(long now)
    {
        HasHandshakeKeys = true;
        SetLossDetectionTimer(now);
    }

    /// <summary>The handshake is confirmed (RFC 9001 §4.1.2): max_ack_delay now caps ack delays and Application Data gets a PTO.</summary>
    public void OnHandshakeConfirmed(long now)
    {
        HandshakeConfirmed = true;
        HasHandshakeKeys = true;
        SetLossDetectionTimer(now);
    }

    /// <summary>Server: entered or left the anti-amplification limit. Re-arms the timer (§6.2.2.1).</summary>
    public void SetAmplificationBlocked(bool blocked, long now)
    {
        IsAmplificationBlocked = blocked;
        SetLossDetectionTimer(now);
    }

    /// <summary>Records a sent packet (Appendix A.5). Packet numbers must increase within a space.</summary>
    public void OnPacketSent(PacketNumberSpace space, in SentPacket packet)
    {
        PacketSpaceState state = _spaces[(int)space];
        if (state.Discarded)
            throw new InvalidOperationException("The packet number space was discarded.");
        if (packet.IsAckEliciting && !packet.IsInFlight)
            throw new ArgumentException("Ack-eliciting packets are in flight.", nameof(packet));
        if (packet.Bytes <= 0)
            throw new ArgumentOutOfRangeException(nameof(packet));

        state.Sent.Add(packet);
        Statistics.PacketsSent++;
        Statistics.BytesSent += packet.Bytes;
        if (packet.IsEct0)
            Ecn.OnEct0PacketSent(space);
        if (!packet.IsInFlight)
            return;

        if (packet.IsAckEliciting)
        {
            state.TimeOfLastAckEliciting = packet.TimeSent;
            state.AckElicitingInFlight++;
            if (state.ProbesPending > 0)
                state.ProbesPending--;
        }
        Congestion.OnPacketSent(packet.TimeSent, packet.Bytes);
        if (Options.PacingEnabled)
        {
            ConfigurePacer();
            Pacer.OnPacketSent(packet.TimeSent, packet.Bytes);
        }
        SetLossDetectionTimer(packet.TimeSent);
    }

    /// <summary>
    /// How many bytes of congestion-controlled packets may be sent now (window room, then pacing).
    /// <paramref name="nextSendTime"/> is when a full-sized packet may go: <paramref name="now"/>
    /// if it may already, the pacer's wake-up time if pacing holds it back, or
    /// <see cref="RecoveryConstants.Never"/> when the window is the limit (wait for an ACK or the
    /// loss detection timer). Probes, ACK-only and CONNECTION_CLOSE packets do not ask.
    /// </summary>
    public long GetSendAllowance(long now, out long nextSendTime)
    {
        long room = Congestion.AvailableWindow;
        int fullPacket = Congestion.MaxDatagramSize;
        if (room < fullPacket)
        {
            nextSendTime = RecoveryConstants.Never;
            return room;
        }
        if (!Options.PacingEnabled)
        {
            nextSendTime = now;
            return room;
        }
        ConfigurePacer();
        long paced = Pacer.Allowance(now);
        nextSendTime = paced >= fullPacket ? now : Pacer.NextSendTime(now, fullPacket);
        return Math.Min(room, paced);
    }

    /// <summary>The oldest outstanding ack-eliciting packet of a space, whose frames a probe may resend.</summary>
    public bool TryGetOldestOutstanding(PacketNumberSpace space, out SentPacket packet)
    {
        SentPacketStore store = _spaces[(int)space].Sent;
        for (int i = 0; i < store.Count; i++)
        {
            ref SentPacket candidate = ref store[i];
            if (candidate.IsOutstanding && candidate.IsAckEliciting)
            {
                packet = candidate;
                return true;
            }
        }
        packet = default;
        return false;
    }

    /// <summary>The path MTU changed (DPLPMTUD): the controller and pacer use the new size.</summary>
    public void OnMaxDatagramSizeChanged(int maxDatagramSize) => Congestion.OnMaxDatagramSizeChanged(maxDatagramSize);

    /// <summary>
    /// The connection moved to a new path (RFC 9000 §9.4): congestion controller, RTT, pacer and
    /// ECN start over. Packets still in flight keep counting until acknowledged or lost.
    /// </summary>
    public void OnPathChanged(long now)
    {
        Congestion.Reset();
        Rtt.Reset();
        Pacer.Reset();
        Ecn.Reset();
        _lossFilter.Reset();
        SetLossDetectionTimer(now);
    }

    private void ConfigurePacer() =>
        Pacer.Configure(Congestion.CongestionWindow, Rtt.SmoothedRtt, Congestion.MaxDatagramSize, Congestion.InSlowStart, Congestion.InRecovery);

    private static ICongestionController CreateController(RecoveryOptions options) => options.Algorithm switch
    {
        CongestionControlAlgorithm.NewReno => new NewRenoCongestionController(options.MaxDatagramSize, options.InitialWindowPackets, options.HyStartEnabled, options.PacingEnabled),
        _ => new CubicCongestionController(options.MaxDatagramSize, options.InitialWindowPackets, options.HyStartEnabled, options.PacingEnabled),
    };
}
