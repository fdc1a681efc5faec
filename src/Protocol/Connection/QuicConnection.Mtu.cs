using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// DPLPMTUD (RFC 9000 §14.3, RFC 8899), kept simple: once the handshake is confirmed, probe the
// largest size the settings (MsQuic MaximumMtu) and the peer's max_udp_payload_size allow with a
// PING padded to that size. An acknowledged probe raises the path's datagram size; three lost
// probes halve the distance to the size in use and try again, until the gap is small.
internal sealed partial class QuicConnection
{
    private const int MaxProbeAttempts = 3;
    private const int MinimumProbeStep = 32;

    private bool _mtuProbePending;
    private bool _mtuProbeInFlight;
    private int _mtuProbeSize;
    private int _mtuProbeFailures;

    private void StartPathMtuDiscovery()
    {
        int target = Math.Min(_path.Addresses.Remote.PayloadSizeForMtu(_settings.MaximumMtu), _peerMaxUdpPayload);
        if (_path.Addresses.Remote.IsNone)
            target = Math.Min(_settings.MaximumMtu - 48, _peerMaxUdpPayload);
        if (target <= _path.MaxDatagramSize)
            return;
        _mtuProbeSize = target;
        _mtuProbeFailures = 0;
        _mtuProbePending = true;
    }

    private bool TrySendMtuProbe(long now, Span<byte> buffer, out Transmit transmit)
    {
        transmit = default;
        int size = _mtuProbeSize;
        if (_mtuProbeInFlight || buffer.Length < size || _path.AmplificationBudget < size || !_appKeys.HasOneRttWrite
            || _recovery.GetSendAllowance(now, out _) < size)
            return false;
        Span<byte> datagram = buffer[..size];
        if (!TryBeginPacket(PacketType.OneRtt, ApplicationSpace, datagram, 0, size, out PacketBuilder packet))
            return false;
        _mtuProbePending = false;
        _mtuProbeInFlight = true;
        packet.IsMtuProbe = true;
        _sentFrames.BeginPacket();
        var writer = new PacketWriter(datagram, ref packet, _sentFrames);
        SimpleFrameWriter.TryWritePing(ref writer);
        writer.Record(new SentFrame { Kind = SentFrameKind.MtuProbe, Length = size });
        writer.AddPadding(writer.Remaining);
        packet.FramesToken = _sentFrames.EndPacket();
        ApplicationSpace.TakePacketNumber();
        int length = packet.Seal(datagram, _appKeys.Write!);
        OnPacketSealed(now, ref packet, length, EcnMarking.NotEct);
        CountDatagramSent(_path, length);
        transmit = new Transmit(length, length, 1, _path.Addresses, EcnMarking.NotEct);
        return true;
    }

    private void OnMtuProbeAcked(int size)
    {
        _mtuProbeInFlight = false;
        if (size <= _path.MaxDatagramSize)
            return;
        _path.MaxDatagramSize = size;
        _stats.PathMtuPayload = size;
        _recovery.OnMaxDatagramSizeChanged(size);
        UpdateDatagramPathLimit();
    }

    private void OnMtuProbeLost(int size)
    {
        _mtuProbeInFlight = false;
        if (size != _mtuProbeSize)
            return;
        if (++_mtuProbeFailures < MaxProbeAttempts)
        {
            _mtuProbePending = true;
            return;
        }
        int smaller = (_path.MaxDatagramSize + size) / 2;
        if (smaller - _path.MaxDatagramSize < MinimumProbeStep)
            return;
        _mtuProbeSize = smaller;
        _mtuProbeFailures = 0;
        _mtuProbePending = true;
    }

    /// <summary>The largest DATAGRAM frame a 1-RTT packet on this path can carry.</summary>
    private void UpdateDatagramPathLimit()
    {
        int overhead = 1 + _peerIds.Current.Length + 4 + PacketProtection.TagLength;
        _datagrams.SetPathMaxFrameSize(_path.MaxDatagramSize - overhead);
    }
}
