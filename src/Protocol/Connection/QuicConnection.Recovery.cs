using QuicKestrel.Protocol.Recovery;

namespace QuicKestrel.Protocol.Connection;

// Retransmission is data (DESIGN.md): each sent packet's frames are records in the SentFrameLog;
// loss recovery reports each packet's fate and the records say what that means. Lost frames are
// not copied into new packets: their source is told to send its current state again (lost CRYPTO
// and STREAM ranges, the current MAX_DATA, ...). ACK, PATH_RESPONSE and DATAGRAM are never resent.
internal sealed partial class QuicConnection : ISentPacketListener
{
    void ISentPacketListener.OnPacketAcked(PacketNumberSpace space, in SentPacket packet)
    {
        if (space == PacketNumberSpace.ApplicationData)
            _appKeys.OnPacketAcked(packet.PacketNumber);
        SentFrameLog.Decode(packet.FramesToken, out long start, out int count);
        for (long i = start; i < start + count; i++)
            OnFrameAcked(space, _sentFrames[i]);
        _sentFrames.Release(packet.FramesToken);
    }

    void ISentPacketListener.OnPacketLost(PacketNumberSpace space, in SentPacket packet)
    {
        SentFrameLog.Decode(packet.FramesToken, out long start, out int count);
        for (long i = start; i < start + count; i++)
            OnFrameLost(space, _sentFrames[i]);
        _sentFrames.Release(packet.FramesToken);
    }

    void ISentPacketListener.OnPacketDiscarded(PacketNumberSpace space, in SentPacket packet)
    {
        SentFrameLog.Decode(packet.FramesToken, out long start, out int count);
        for (long i = start; i < start + count; i++)
        {
            SentFrame frame = _sentFrames[i];
            if (frame.Kind == SentFrameKind.Datagram)
                _datagrams.OnLossConfirmed(frame.A);
        }
        _sentFrames.Release(packet.FramesToken);
    }

    private void OnFrameAcked(PacketNumberSpace space, in SentFrame frame)
    {
        switch (frame.Kind)
        {
            case SentFrameKind.Ack:
                Space(space).Acks.OnAckAcknowledged(frame.A);
                break;
            case SentFrameKind.Crypto:
                Space(space).CryptoSend.OnAcked(frame.A, frame.Length);
                break;
            case SentFrameKind.Stream:
                _streams.OnStreamFrameAcked(frame.ToChunk());
                break;
            case SentFrameKind.StreamControl:
                _streams.OnControlFrameAcked(frame.ToControlFrame());
                break;
            case SentFrameKind.RetireConnectionId:
                _peerIds.OnRetirementAcked();
                break;
            case SentFrameKind.Datagram:
                _datagrams.OnAcked(frame.A);
                break;
            case SentFrameKind.MtuProbe:
                OnMtuProbeAcked(frame.Length);
                break;
        }
    }

    private void OnFrameLost(PacketNumberSpace space, in SentFrame frame)
    {
        switch (frame.Kind)
        {
            case SentFrameKind.Crypto:
                Space(space).CryptoSend.OnLost(frame.A, frame.Length);
                break;
            case SentFrameKind.Stream:
                _streams.OnStreamFrameLost(frame.ToChunk());
                break;
            case SentFrameKind.StreamControl:
                _streams.OnControlFrameLost(frame.ToControlFrame());
                break;
            case SentFrameKind.HandshakeDone:
                _handshakeDonePending = true;
                break;
            case SentFrameKind.NewConnectionId:
                _localIds.OnFrameLost(frame.A);
                break;
            case SentFrameKind.RetireConnectionId:
                _peerIds.OnRetirementLost(frame.A);
                break;
            case SentFrameKind.NewToken:
                OnNewTokenLost((int)frame.A);
                break;
            case SentFrameKind.PathChallenge:
                OnPathChallengeLost(frame.C);
                break;
            case SentFrameKind.Datagram:
                _datagrams.OnLost(frame.A);
                _datagrams.OnLossConfirmed(frame.A);
                break;
            case SentFrameKind.MtuProbe:
                OnMtuProbeLost(frame.Length);
                break;
        }
    }
}
