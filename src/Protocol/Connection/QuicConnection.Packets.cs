using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// What goes into one packet of a space, in priority order: ACK; CRYPTO and HANDSHAKE_DONE;
// control frames (the stream layer's MAX_*/*_BLOCKED/RESET_STREAM/STOP_SENDING, connection IDs,
// NEW_TOKEN, path validation); DATAGRAM; STREAM data through the scheduler. Retransmissions need
// no slot of their own: lost data is back in its source and goes first there. A PTO probe with
// nothing new to say resends the oldest unacknowledged data, or a PING.
internal sealed partial class QuicConnection
{
    /// <summary>Ranges in our ACK above which an otherwise ACK-only packet asks for an acknowledgement.</summary>
    private const int AckOfAckRangeThreshold = 3;

    private long _lastAckElicitingSent = long.MinValue / 2;

    private bool TryBuildPacket(long now, PacketNumberSpace id, Span<byte> datagram, int start, int end,
        bool congestionAllows, ref PacketBuilder packet)
    {
        PacketSpace space = Space(id);
        if (!TryGetSendPacketType(id, out PacketType type))
            return false;
        bool probe = _recovery.ProbesPending(id) > 0;
        bool ackDue = type != PacketType.ZeroRtt && space.Acks.IsAckDue(now);
        bool sendData = (congestionAllows || probe) && HasDataToSend(id, type);
        if (!ackDue && !sendData && !probe)
            return false;
        if (!TryBeginPacket(type, space, datagram, start, end, out packet))
            return false;
        _sentFrames.BeginPacket();
        var writer = new PacketWriter(datagram, ref packet, _sentFrames);
        if (type != PacketType.ZeroRtt && (ackDue || space.Acks.HasNewPackets && (sendData || probe)))
            AckWriter.TryWrite(ref writer, space.Acks, now, _settings.AckDelayExponent);
        if (sendData || probe)
            WriteDataFrames(id, type, ref writer);
        if (probe && !writer.IsAckEliciting)
            WriteProbe(id, type, ref writer);
        else if (!writer.IsAckEliciting && ShouldElicitAckOfAck(now, space))
            SimpleFrameWriter.TryWritePing(ref writer);
        if (!writer.HasFrames)
        {
            _sentFrames.AbandonPacket();
            return false;
        }
        packet.EnsureSampleLength(datagram);
        packet.FramesToken = _sentFrames.EndPacket();
        space.TakePacketNumber();
        return true;
    }

    /// <summary>
    /// RFC 9000 §13.2.4: a receiver that only sends ACKs never learns which of them arrived, so
    /// its ranges are never pruned. Once an RTT, an ACK with several ranges carries a PING.
    /// </summary>
    private bool ShouldElicitAckOfAck(long now, PacketSpace space) =>
        space.Id == PacketNumberSpace.ApplicationData
        && space.Acks.Received.RangeCount >= AckOfAckRangeThreshold
        && now - _lastAckElicitingSent >= _recovery.Rtt.SmoothedRtt;

    private bool TryGetSendPacketType(PacketNumberSpace id, out PacketType type)
    {
        type = default;
        switch (id)
        {
            case PacketNumberSpace.Initial:
                type = PacketType.Initial;
                return InitialSpace.SendKey is not null;
            case PacketNumberSpace.Handshake:
                type = PacketType.Handshake;
                return HandshakeSpace.SendKey is not null;
            default:
                if (_appKeys.HasOneRttWrite)
                {
                    type = PacketType.OneRtt;
                    return true;
                }
                type = PacketType.ZeroRtt;
                return !IsServer && _appKeys.ZeroRttSend is not null;
        }
    }

    private bool TryBeginPacket(PacketType type, PacketSpace space, Span<byte> datagram, int start, int end, out PacketBuilder packet)
    {
        long number = space.NextPacketNumber;
        int pnLength = PacketNumberLength(space, number);
        if (type == PacketType.OneRtt)
            return PacketBuilder.TryBeginShort(datagram, start, end, _peerIds.Current.Span, number, pnLength, _appKeys.KeyPhase, out packet);
        ReadOnlySpan<byte> token = type == PacketType.Initial && !IsServer ? _initialToken : default;
        return PacketBuilder.TryBeginLong(datagram, start, end, space.Id, type, _version,
            _peerIds.Current.Span, _localIds.Initial.Span, token, number, pnLength, out packet);
    }

    private bool HasDataToSend(PacketNumberSpace id, PacketType type)
    {
        if (id != PacketNumberSpace.ApplicationData)
            return Space(id).CryptoSend.HasPendingData;
        if (_datagrams.Count > 0 || _streams.HasPendingFrames)
            return true;
        if (type == PacketType.ZeroRtt)
            return false;
        return _handshakeDonePending && _handshakeComplete
            || ApplicationSpace.CryptoSend.HasPendingData
            || _localIds.TryPeekPending(out _, out _, out _, out _)
            || _peerIds.TryPeekRetirement(out _)
            || HasNewTokenPending
            || _path.ChallengePending || _path.ResponsePending
            || _keepAlivePending;
    }

    private void WriteDataFrames(PacketNumberSpace id, PacketType type, ref PacketWriter writer)
    {
        if (id != PacketNumberSpace.ApplicationData)
        {
            CryptoWriter.TryWrite(ref writer, Space(id).CryptoSend);
            return;
        }
        if (type == PacketType.OneRtt)
            WriteOneRttControlFrames(ref writer);
        StreamControlWriter.TryWrite(ref writer, _streams);
        DatagramWriter.TryWrite(ref writer, _datagrams);
        StreamDataWriter.TryWrite(ref writer, _streams);
    }

    private void WriteOneRttControlFrames(ref PacketWriter writer)
    {
        if (_handshakeDonePending && _handshakeComplete && SimpleFrameWriter.TryWriteHandshakeDone(ref writer))
            _handshakeDonePending = false;
        CryptoWriter.TryWrite(ref writer, ApplicationSpace.CryptoSend);
        ConnectionIdWriter.TryWriteNew(ref writer, _localIds);
        ConnectionIdWriter.TryWriteRetire(ref writer, _peerIds);
        WriteNewTokens(ref writer);
        WritePathFrames(ref writer, _path);
        if (_keepAlivePending && SimpleFrameWriter.TryWritePing(ref writer))
            _keepAlivePending = false;
    }

    /// <summary>
    /// A PTO probe (RFC 9002 §6.2.4) found nothing new to send: resend what is oldest in flight
    /// (CRYPTO data for the handshake spaces; STREAM data, HANDSHAKE_DONE and control frames for the
    /// application space), else send a PING.
    /// </summary>
    private void WriteProbe(PacketNumberSpace id, PacketType type, ref PacketWriter writer)
    {
        if (id != PacketNumberSpace.ApplicationData)
        {
            // Each probe datagram carries the whole unacknowledged handshake flight (this space's
            // CRYPTO here, the other handshake space's in the packet coalesced after it), so any
            // one probe that arrives completes the flight.
            RequeueHandshakeCrypto(long.MaxValue / 2, force: true);
            CryptoWriter.TryWrite(ref writer, Space(id).CryptoSend);
        }
        else if (RequeueOldestApplicationData(2 * _path.MaxDatagramSize) > 0)
        {
            WriteDataFrames(id, type, ref writer);
        }
        if (!writer.IsAckEliciting)
            SimpleFrameWriter.TryWritePing(ref writer);
    }

    /// <summary>
    /// Queues the oldest application data still in flight again, up to about
    /// <paramref name="byteBudget"/> bytes, without resolving its packets (their ACKs may still
    /// come). Only kinds whose sources tolerate a duplicate report are touched: byte ranges and
    /// current-value frames. Returns how many frames were queued.
    /// </summary>
    private int RequeueOldestApplicationData(int byteBudget)
    {
        int queued = 0;
        for (long i = _sentFrames.Head; i < _sentFrames.Tail && byteBudget > 0; i++)
        {
            SentFrame frame = _sentFrames[i];
            if (frame.Space != PacketNumberSpace.ApplicationData
                || frame.Kind is not (SentFrameKind.Crypto or SentFrameKind.Stream or SentFrameKind.StreamControl or SentFrameKind.HandshakeDone))
                continue;
            OnFrameLost(PacketNumberSpace.ApplicationData, frame);
            byteBudget -= Math.Max(frame.Length, 16);
            queued++;
        }
        return queued;
    }

    /// <summary>Data that waits only for the congestion window or pacer (for the pacing timer).</summary>
    private bool HasCongestionControlledData()
    {
        for (int id = 0; id < PacketNumberSpaces.Count; id++)
        {
            var space = (PacketNumberSpace)id;
            if (TryGetSendPacketType(space, out PacketType type) && HasDataToSend(space, type))
                return true;
        }
        return false;
    }
}
