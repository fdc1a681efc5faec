using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// The frame loop of one authenticated packet: the codec enforces §12.4's packet-type table and
// the field rules; each frame kind's handling lives with its concern (ACK, CRYPTO, streams,
// connection IDs, paths, close). The first error closes the connection.
internal sealed partial class QuicConnection
{
    private bool ProcessFrames(long now, PacketType type, PacketSpace space, ReadOnlySpan<byte> payload,
        ReadOnlySpan<byte> destination, out bool ackEliciting, out bool probingOnly)
    {
        var reader = new FrameReader(payload, type);
        QuicError error = default;
        while (reader.TryReadFrame(out Frame frame, out error))
        {
            error = HandleFrame(now, type, space, frame, destination);
            if (error.IsError || _state is not (ConnectionState.Handshaking or ConnectionState.Established))
                break;
        }
        ackEliciting = reader.IsAckEliciting;
        probingOnly = reader.IsProbingOnly;
        if (error.IsError)
        {
            CloseWithError(error, now);
            return false;
        }
        // A CONNECTION_CLOSE moved us to draining: the packet needs no acknowledgement.
        return _state is ConnectionState.Handshaking or ConnectionState.Established;
    }

    private QuicError HandleFrame(long now, PacketType type, PacketSpace space, in Frame frame, ReadOnlySpan<byte> destination)
    {
        // RFC 9000 §19.7, §19.20: NEW_TOKEN and HANDSHAKE_DONE only ever come from a server.
        if (IsServer && FrameRules.IsServerOnly(frame.Type))
            return QuicError.ProtocolViolation(frame.RawType, "a client sent a server-only frame");
        switch (frame.Type)
        {
            case FrameType.Padding:
            case FrameType.Ping:
                return QuicError.None;
            case FrameType.Ack:
                return OnAckFrame(now, space, frame.Ack);
            case FrameType.Crypto:
                return OnCryptoFrame(now, space, frame.Crypto);
            case FrameType.HandshakeDone:
                return OnHandshakeDone(now);
            case FrameType.NewToken:
                return OnNewToken(frame.NewToken.Token);
            case FrameType.ConnectionClose:
            case FrameType.ApplicationClose:
                OnConnectionClose(now, frame.ConnectionClose);
                return QuicError.None;
            case FrameType.NewConnectionId:
                return OnNewConnectionId(frame.NewConnectionId);
            case FrameType.RetireConnectionId:
                return OnRetireConnectionId(now, frame.RetireConnectionId, destination);
            case FrameType.PathChallenge:
                return OnPathChallenge(frame.PathChallenge.Data);
            case FrameType.PathResponse:
                return OnPathResponse(now, frame.PathResponse.Data);
            case FrameType.Datagram:
                return OnDatagramFrame(frame.Datagram, frame.RawType, type == PacketType.ZeroRtt);
            default:
                return HandleStreamFrame(frame);
        }
    }
}
