using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// NEW_CONNECTION_ID and RETIRE_CONNECTION_ID received (RFC 9000 §19.15, §19.16); the ID sets
// themselves are LocalConnectionIds and PeerConnectionIds.
internal sealed partial class QuicConnection
{
    /// <summary>The connection IDs we issued and the ones the peer gave us (tests and diagnostics).</summary>
    internal LocalConnectionIds LocalIds => _localIds;

    internal PeerConnectionIds PeerIds => _peerIds;

    private QuicError OnNewConnectionId(in NewConnectionIdFrame frame)
    {
        if (frame.SequenceNumber > long.MaxValue || frame.RetirePriorTo > long.MaxValue)
            return QuicError.FrameEncoding((ulong)FrameType.NewConnectionId, "sequence number out of range");
        QuicError error = _peerIds.OnNewConnectionId((long)frame.SequenceNumber, (long)frame.RetirePriorTo, frame.ConnectionId, frame.StatelessResetToken);
        UpdateDatagramPathLimit();
        return error;
    }

    private QuicError OnRetireConnectionId(long now, in RetireConnectionIdFrame frame, ReadOnlySpan<byte> packetDestination)
    {
        if (frame.SequenceNumber > long.MaxValue)
            return QuicError.ProtocolViolation((ulong)FrameType.RetireConnectionId, "retiring a connection ID never issued");
        return _localIds.OnRetire((long)frame.SequenceNumber, packetDestination);
    }
}
