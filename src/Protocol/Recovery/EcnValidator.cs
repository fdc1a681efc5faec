using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Recovery;

/// <summary>Where ECN validation of the current path stands (RFC 9000 §13.4.2, Appendix A.4).</summary>
internal enum EcnValidationState : byte
{
    /// <summary>ECN is off by configuration.</summary>
    Disabled,

    /// <summary>Marking the first packets to see whether the path and peer handle ECN.</summary>
    Testing,

    /// <summary>Testing packets sent, no verdict yet: not marking.</summary>
    Unknown,

    /// <summary>Validated: marking every packet.</summary>
    Capable,

    /// <summary>Validation failed: not marking, counts ignored.</summary>
    Failed,
}

/// <summary>
/// ECN validation (RFC 9000 §13.4.2.1) and the congestion signal from rising ECN-CE counts
/// (RFC 9002 §7.1). Counts are tracked per packet number space.
/// </summary>
internal sealed class EcnValidator
{
    /// <summary>Packets marked ECT(0) while testing the path (RFC 9000 §13.4.2).</summary>
    public const int TestingPackets = 10;

    private readonly bool _enabled;
    private readonly long[] _ect0Sent = new long[PacketNumberSpaces.Count];
    private readonly EcnCounts[] _peerCounts = new EcnCounts[PacketNumberSpaces.Count];
    private int _testingSent;
    private int _testingLost;

    public EcnValidator(bool enabled)
    {
        _enabled = enabled;
        Reset();
    }

    public EcnValidationState State { get; private set; }

    /// <summary>Whether the next packet should carry ECT(0).</summary>
    public bool ShouldMarkEct0 => State is EcnValidationState.Testing or EcnValidationState.Capable;

    /// <summary>The counts last accepted from the peer for <paramref name="space"/>.</summary>
    public EcnCounts PeerCounts(PacketNumberSpace space) => _peerCounts[(int)space];

    /// <summary>Starts over: a new path must be validated again.</summary>
    public void Reset()
    {
        State = _enabled ? EcnValidationState.Testing : EcnValidationState.Disabled;
        Array.Clear(_ect0Sent);
        Array.Clear(_peerCounts);
        _testingSent = 0;
        _testingLost = 0;
    }

    public void OnEct0PacketSent(PacketNumberSpace space)
    {
        _ect0Sent[(int)space]++;
        if (State == EcnValidationState.Testing && ++_testingSent >= TestingPackets)
            State = EcnValidationState.Unknown;
    }

    /// <summary>An ECT(0) packet was declared lost; losing every testing packet fails validation.</summary>
    public void OnEct0PacketLost()
    {
        if (State is not (EcnValidationState.Testing or EcnValidationState.Unknown))
            return;
        _testingLost++;
        if (State == EcnValidationState.Unknown && _testingLost >= _testingSent)
            State = EcnValidationState.Failed;
    }

    /// <summary>
    /// Validates the counts of an ACK frame that newly acknowledged <paramref name="newlyAckedEct0"/>
    /// ECT(0) packets, and returns true when the CE count rose (a congestion signal).
    /// </summary>
    public bool OnAck(PacketNumberSpace space, bool hasCounts, in EcnCounts counts, int newlyAckedEct0, bool largestAckedIncreased)
    {
        if (State is EcnValidationState.Disabled or EcnValidationState.Failed)
            return false;
        // §13.4.2.1: counts from an ACK that does not raise the largest acknowledged may be stale.
        if (!largestAckedIncreased)
            return false;
        if (!hasCounts)
        {
            if (newlyAckedEct0 > 0)
                State = EcnValidationState.Failed;
            return false;
        }

        EcnCounts previous = _peerCounts[(int)space];
        if (!CountsAreValid(space, counts, previous, newlyAckedEct0))
        {
            State = EcnValidationState.Failed;
            return false;
        }

        _peerCounts[(int)space] = counts;
        if (newlyAckedEct0 > 0 && State is EcnValidationState.Testing or EcnValidationState.Unknown)
            State = EcnValidationState.Capable;
        return counts.Ce > previous.Ce;
    }

    private bool CountsAreValid(PacketNumberSpace space, in EcnCounts counts, in EcnCounts previous, int newlyAckedEct0)
    {
        if (counts.Ect0 < previous.Ect0 || counts.Ect1 < previous.Ect1 || counts.Ce < previous.Ce)
            return false;
        // We never send ECT(1), and cannot have more ECT(0) reported than we sent.
        if (counts.Ect1 > 0 || counts.Ect0 > (ulong)_ect0Sent[(int)space])
            return false;
        // Every newly acknowledged ECT(0) packet must show up as ECT(0) or CE.
        return (counts.Ect0 - previous.Ect0) + (counts.Ce - previous.Ce) >= (ulong)newlyAckedEct0;
    }
}
