using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// Datagrams sent on their own: CONNECTION_CLOSE in the closing state (RFC 9000 §10.2.1), a
// PATH_RESPONSE on a path that is not ours yet (§8.2.2), and DPLPMTUD probes (RFC 9000 §14.3).
internal sealed partial class QuicConnection
{
    private PathState? _probePath;

    private bool TrySendSpecialDatagram(long now, Span<byte> buffer, out Transmit transmit)
    {
        transmit = default;
        if (_probePath is { ResponsePending: true } probe)
            return TrySendProbePathResponse(now, probe, buffer, out transmit);
        if (_mtuProbePending && _handshakeConfirmed)
            return TrySendMtuProbe(now, buffer, out transmit);
        return false;
    }

    /// <summary>
    /// CONNECTION_CLOSE in every level the peer may be reading (RFC 9000 §10.2.3): Initial and
    /// Handshake while their keys exist, and 1-RTT. Not tracked by loss recovery; the closing
    /// state answers later packets instead.
    /// </summary>
    private bool TrySendClose(long now, Span<byte> buffer, out Transmit transmit)
    {
        transmit = default;
        if (!_closeSendPending)
            return false;
        _closeSendPending = false;
        int limit = (int)Math.Min(Math.Min(buffer.Length, _path.MaxDatagramSize), _path.AmplificationBudget);
        Span<byte> datagram = buffer[..Math.Max(0, limit)];
        Span<PacketBuilder> packets = stackalloc PacketBuilder[PacketNumberSpaces.Count];
        int count = 0, used = 0;
        bool hasInitial = false;
        for (int id = 0; id < PacketNumberSpaces.Count && limit - used >= MinimumDatagramRoom; id++)
        {
            if (!TryGetSendPacketType((PacketNumberSpace)id, out PacketType type) || type == PacketType.ZeroRtt)
                continue;
            if (!TryBeginPacket(type, Space((PacketNumberSpace)id), datagram, used, limit, out packets[count]))
                continue;
            ref PacketBuilder packet = ref packets[count++];
            _sentFrames.BeginPacket();
            var writer = new PacketWriter(datagram, ref packet, _sentFrames);
            CloseWriter.TryWrite(ref writer, _closeReason);
            _sentFrames.AbandonPacket();
            packet.EnsureSampleLength(datagram);
            Space((PacketNumberSpace)id).TakePacketNumber();
            used = packet.Position + PacketProtection.TagLength;
            hasInitial |= type == PacketType.Initial;
        }
        if (count == 0)
            return false;
        if (hasInitial && !IsServer && used < MinimumDatagramSize)
            packets[count - 1].AddPadding(datagram, Math.Min(MinimumDatagramSize, limit) - used);
        int size = 0;
        for (int i = 0; i < count; i++)
            size = packets[i].Start + packets[i].Seal(datagram, SendKeyFor(packets[i].Type)!);
        CountDatagramSent(_path, size);
        transmit = new Transmit(size, size, 1, _path.Addresses, EcnMarking.NotEct);
        return true;
    }

    /// <summary>A PATH_RESPONSE on the path the challenge came from, padded to 1200 bytes within that path's amplification limit.</summary>
    private bool TrySendProbePathResponse(long now, PathState probe, Span<byte> buffer, out Transmit transmit)
    {
        transmit = default;
        probe.ResponsePending = false;
        int limit = (int)Math.Min(Math.Min(buffer.Length, MinimumDatagramSize), probe.AmplificationBudget);
        if (!_appKeys.HasOneRttWrite || limit < MinimumDatagramRoom)
            return false;
        Span<byte> datagram = buffer[..limit];
        if (!TryBeginPacket(PacketType.OneRtt, ApplicationSpace, datagram, 0, limit, out PacketBuilder packet))
            return false;
        _sentFrames.BeginPacket();
        var writer = new PacketWriter(datagram, ref packet, _sentFrames);
        SimpleFrameWriter.TryWritePathResponse(ref writer, probe.ResponseData);
        writer.AddPadding(writer.Remaining);
        packet.FramesToken = _sentFrames.EndPacket();
        ApplicationSpace.TakePacketNumber();
        int size = packet.Seal(datagram, _appKeys.Write!);
        OnPacketSealed(now, ref packet, size, EcnMarking.NotEct);
        CountDatagramSent(probe, size);
        transmit = new Transmit(size, size, 1, probe.Addresses, EcnMarking.NotEct);
        return true;
    }
}
