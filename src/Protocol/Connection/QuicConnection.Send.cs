using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// The send path: PollTransmit assembles datagrams; each datagram coalesces one packet per packet
// number space that has something to say (Initial, Handshake, then 0-RTT or 1-RTT, RFC 9000 §12.2);
// each packet's content comes from QuicConnection.Packets.cs and its frame writers. Congestion
// control and pacing gate new data, the anti-amplification limit gates every byte before the
// peer's address is validated, and PTO probes bypass the window (RFC 9002 §7.5).
internal sealed partial class QuicConnection
{
    /// <summary>Below this much room a datagram is not started (header, a few frames, the tag).</summary>
    private const int MinimumDatagramRoom = 64;

    private long _pacingResumeTime = long.MaxValue;
    private bool _datagramNeedsFullSize;
    private bool _discardInitialAfterSend;

    /// <summary>
    /// Writes up to <paramref name="maxDatagrams"/> datagrams into <paramref name="buffer"/>, all but
    /// the last exactly <see cref="Transmit.SegmentSize"/> bytes (for UDP GSO). False when nothing
    /// can be sent now: no data, or blocked by the congestion window, pacing or the
    /// anti-amplification limit (<see cref="NextTimeout"/> says when to ask again).
    /// </summary>
    public bool PollTransmit(long now, Span<byte> buffer, int maxDatagrams, out Transmit transmit)
    {
        transmit = default;
        _lastEventTime = now;
        if (_state is ConnectionState.Created or ConnectionState.Draining or ConnectionState.Closed || maxDatagrams < 1)
            return false;
        if (_state == ConnectionState.Closing)
            return TrySendClose(now, buffer, out transmit);
        if (TrySendSpecialDatagram(now, buffer, out transmit))
            return true;
        MaybeUpdateKeys(now);
        EcnMarking ecn = _recovery.Ecn.ShouldMarkEct0 ? EcnMarking.Ect0 : EcnMarking.NotEct;
        int segment = _path.MaxDatagramSize;
        int written = 0, count = 0;
        _pacingResumeTime = long.MaxValue;
        while (count < maxDatagrams && _state is ConnectionState.Handshaking or ConnectionState.Established)
        {
            int room = Math.Min(segment, buffer.Length - written);
            if (room < MinimumDatagramRoom)
                break;
            int size = BuildDatagram(now, buffer.Slice(written, room), ecn);
            if (size == 0)
                break;
            written += size;
            count++;
            if (size < segment)
                break;
        }
        AfterSend(now);
        if (count == 0)
            return false;
        transmit = new Transmit(written, count > 1 ? segment : written, count, _path.Addresses, ecn);
        return true;
    }

    /// <summary>
    /// Builds one datagram: a packet per space with something to send, the last one padded when
    /// the datagram must reach 1200 bytes, then all sealed and registered with loss recovery.
    /// Returns its size, or 0 when nothing went in.
    /// </summary>
    private int BuildDatagram(long now, Span<byte> datagram, EcnMarking ecn)
    {
        long budget = _path.AmplificationBudget;
        int limit = (int)Math.Min(datagram.Length, budget);
        if (limit < MinimumDatagramRoom)
            return 0;
        long allowance = _recovery.GetSendAllowance(now, out long nextSendTime);
        int fullPacket = Math.Min(limit, _path.MaxDatagramSize);
        bool congestionAllows = allowance >= fullPacket;
        Span<PacketBuilder> packets = stackalloc PacketBuilder[PacketNumberSpaces.Count];
        _datagramNeedsFullSize = false;
        int packetCount = 0, used = 0;
        bool needsPadding = false;
        for (int id = 0; id < PacketNumberSpaces.Count && limit - used >= MinimumDatagramRoom; id++)
        {
            var space = (PacketNumberSpace)id;
            if (!TryBuildPacket(now, space, datagram, used, limit, congestionAllows, ref packets[packetCount]))
                continue;
            ref PacketBuilder built = ref packets[packetCount++];
            used = built.Position + PacketProtection.TagLength;
            needsPadding |= NeedsFullSizeDatagram(built);
        }
        if (packetCount == 0)
        {
            // Only the pacer sets a timer; a full window waits for acknowledgements instead.
            if (!congestionAllows && nextSendTime > now && nextSendTime != RecoveryConstants.Never
                && _recovery.Congestion.AvailableWindow >= fullPacket && HasCongestionControlledData())
                _pacingResumeTime = nextSendTime;
            return 0;
        }
        if (needsPadding && used < MinimumDatagramSize)
            packets[packetCount - 1].AddPadding(datagram, Math.Min(MinimumDatagramSize, limit) - used);
        return SealDatagram(now, datagram, packets[..packetCount], ecn);
    }

    /// <summary>RFC 9000 §14.1, §8.2.1: Initial datagrams (a server's when ack-eliciting) and path validation reach 1200 bytes.</summary>
    private bool NeedsFullSizeDatagram(in PacketBuilder packet) =>
        packet.Type == PacketType.Initial && (!IsServer || packet.IsAckEliciting) || _datagramNeedsFullSize;

    private int SealDatagram(long now, Span<byte> datagram, Span<PacketBuilder> packets, EcnMarking ecn)
    {
        int size = 0;
        for (int i = 0; i < packets.Length; i++)
        {
            ref PacketBuilder packet = ref packets[i];
            PacketProtection key = SendKeyFor(packet.Type)!;
            int length = packet.Seal(datagram, key);
            size = packet.Start + length;
            OnPacketSealed(now, ref packet, length, ecn);
        }
        CountDatagramSent(_path, size);
        return size;
    }

    /// <summary>Every datagram we build is counted once: on its path (the RFC 9000 §8.1 amplification budget) and in the statistics.</summary>
    private void CountDatagramSent(PathState path, int size)
    {
        path.OnDatagramSent(size);
        _stats.DatagramsSent++;
        _stats.BytesSent += size;
    }

    private void OnPacketSealed(long now, ref PacketBuilder packet, int length, EcnMarking ecn)
    {
        _stats.PacketsSent++;
        if (packet.Type == PacketType.OneRtt)
            _appKeys.OnPacketSealed(packet.PacketNumber, length, packet.AckLargest >= _appKeys.LowestReceivedInPhase);
        if (packet.Type == PacketType.Handshake && !IsServer)
            _discardInitialAfterSend = true; // RFC 9001 §4.9.1, once this datagram is done
        if (!packet.IsAckEliciting && !packet.HasPadding)
        {
            // ACK-only packets are not tracked: nothing in them is ever resent.
            _sentFrames.Release(packet.FramesToken);
            return;
        }
        var flags = SentPacketFlags.InFlight;
        if (packet.IsAckEliciting)
        {
            flags |= SentPacketFlags.AckEliciting;
            _lastAckElicitingSent = now;
            OnAckElicitingSent(now);
        }
        if (ecn == EcnMarking.Ect0)
            flags |= SentPacketFlags.Ect0;
        if (packet.Type == PacketType.ZeroRtt)
            flags |= SentPacketFlags.ZeroRtt;
        if (packet.IsMtuProbe)
            flags |= SentPacketFlags.MtuProbe;
        _recovery.OnPacketSent(packet.Space, new SentPacket(packet.PacketNumber, now, length, flags, packet.FramesToken));
        Space(packet.Space).LargestTrackedPacketNumber = packet.PacketNumber;
    }

    private PacketProtection? SendKeyFor(PacketType type) => type switch
    {
        PacketType.Initial => InitialSpace.SendKey,
        PacketType.Handshake => HandshakeSpace.SendKey,
        PacketType.ZeroRtt => _appKeys.ZeroRttSend,
        _ => _appKeys.Write,
    };

    /// <summary>Work that waits until a datagram is complete: key discards, amplification state.</summary>
    private void AfterSend(long now)
    {
        if (_discardInitialAfterSend)
        {
            _discardInitialAfterSend = false;
            DiscardSpace(PacketNumberSpace.Initial, now);
        }
        UpdateAmplificationState(now);
        DrainStreamEvents(zeroRtt: false);
        // RFC 9002 §7.8: a window we are not filling (nothing to send, or flow control holds the
        // data back) must not keep growing.
        _recovery.IsApplicationLimited = _recovery.Congestion.AvailableWindow >= _path.MaxDatagramSize && !HasCongestionControlledData();
    }

    /// <summary>Packet number length from the largest acknowledged (RFC 9000 §17.1), never less than 2 bytes for 1-RTT.</summary>
    private static int PacketNumberLength(PacketSpace space, long packetNumber)
    {
        int length = PacketNumber.GetEncodedLength(packetNumber, space.LargestAckedSent);
        return space.Id == PacketNumberSpace.ApplicationData ? Math.Max(2, length) : length;
    }
}
