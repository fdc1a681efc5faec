using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

/// <summary>One frame seen on the wire (null protection only): the packet it rode in and its main fields.</summary>
internal readonly record struct SniffedFrame(bool ToServer, PacketType PacketType, long PacketNumber, FrameType Type, ulong RawType,
    ulong Value0 = 0, ulong Value1 = 0, int DatagramLength = 0, int DataLength = 0);

/// <summary>
/// Reads packets and frames out of datagrams protected with <see cref="PacketProtectionProvider.Null"/>
/// (plaintext payload, unmasked header), so tests can assert exactly what went on the wire.
/// </summary>
internal static class FrameSniffer
{
    public static List<SniffedFrame> Parse(bool toServer, ReadOnlySpan<byte> datagram, int connectionIdLength = 8)
    {
        var frames = new List<SniffedFrame>();
        int offset = 0;
        while (offset < datagram.Length)
        {
            if (!PacketHeader.TryParse(datagram[offset..], connectionIdLength, out PacketHeader header)
                || header.Type is PacketType.Retry or PacketType.VersionNegotiation or PacketType.UnsupportedVersion)
                break;
            ReadOnlySpan<byte> packet = datagram.Slice(offset, header.PacketLength);
            int pnLength = HeaderBits.GetPacketNumberLength(packet[0]);
            PacketNumber.TryRead(packet[header.PacketNumberOffset..], pnLength, out uint truncated);
            ReadOnlySpan<byte> payload = packet[(header.PacketNumberOffset + pnLength)..^PacketProtection.TagLength];
            var reader = new FrameReader(payload, header.Type);
            while (reader.TryReadFrame(out Frame frame, out _))
                frames.Add(Describe(toServer, header.Type, truncated, frame, datagram.Length));
            offset += header.PacketLength;
        }
        return frames;
    }

    private static SniffedFrame Describe(bool toServer, PacketType type, long pn, in Frame frame, int datagramLength) => frame.Type switch
    {
        FrameType.Ack => new(toServer, type, pn, frame.Type, frame.RawType, (ulong)frame.Ack.LargestAcknowledged, (ulong)frame.Ack.AdditionalRangeCount, datagramLength),
        FrameType.Stream => new(toServer, type, pn, frame.Type, frame.RawType, frame.Stream.StreamId, frame.Stream.Offset, datagramLength, frame.Stream.Data.Length),
        FrameType.Crypto => new(toServer, type, pn, frame.Type, frame.RawType, frame.Crypto.Offset, 0, datagramLength, frame.Crypto.Data.Length),
        FrameType.MaxData => new(toServer, type, pn, frame.Type, frame.RawType, frame.MaxData.MaximumData, 0, datagramLength),
        FrameType.MaxStreamData => new(toServer, type, pn, frame.Type, frame.RawType, frame.MaxStreamData.StreamId, frame.MaxStreamData.MaximumStreamData, datagramLength),
        FrameType.MaxStreamsBidi or FrameType.MaxStreamsUni => new(toServer, type, pn, frame.Type, frame.RawType, frame.MaxStreams.MaximumStreams, 0, datagramLength),
        FrameType.DataBlocked => new(toServer, type, pn, frame.Type, frame.RawType, frame.DataBlocked.MaximumData, 0, datagramLength),
        FrameType.StreamDataBlocked => new(toServer, type, pn, frame.Type, frame.RawType, frame.StreamDataBlocked.StreamId, frame.StreamDataBlocked.MaximumStreamData, datagramLength),
        FrameType.StreamsBlockedBidi or FrameType.StreamsBlockedUni => new(toServer, type, pn, frame.Type, frame.RawType, frame.StreamsBlocked.MaximumStreams, 0, datagramLength),
        FrameType.ResetStream => new(toServer, type, pn, frame.Type, frame.RawType, frame.ResetStream.StreamId, frame.ResetStream.ApplicationErrorCode, datagramLength),
        FrameType.StopSending => new(toServer, type, pn, frame.Type, frame.RawType, frame.StopSending.StreamId, frame.StopSending.ApplicationErrorCode, datagramLength),
        FrameType.ConnectionClose or FrameType.ApplicationClose => new(toServer, type, pn, frame.Type, frame.RawType, frame.ConnectionClose.ErrorCode, frame.ConnectionClose.TriggeringFrameType, datagramLength),
        FrameType.NewConnectionId => new(toServer, type, pn, frame.Type, frame.RawType, frame.NewConnectionId.SequenceNumber, frame.NewConnectionId.RetirePriorTo, datagramLength),
        FrameType.RetireConnectionId => new(toServer, type, pn, frame.Type, frame.RawType, frame.RetireConnectionId.SequenceNumber, 0, datagramLength),
        FrameType.Datagram => new(toServer, type, pn, frame.Type, frame.RawType, 0, 0, datagramLength, frame.Datagram.Data.Length),
        FrameType.PathChallenge => new(toServer, type, pn, frame.Type, frame.RawType, frame.PathChallenge.Data, 0, datagramLength),
        FrameType.PathResponse => new(toServer, type, pn, frame.Type, frame.RawType, frame.PathResponse.Data, 0, datagramLength),
        _ => new(toServer, type, pn, frame.Type, frame.RawType, 0, 0, datagramLength),
    };

    /// <summary>Every frame of every datagram a pair sent.</summary>
    public static List<SniffedFrame> All(ConnectionPair pair)
    {
        var frames = new List<SniffedFrame>();
        foreach (PairDatagram datagram in pair.Sent)
            frames.AddRange(Parse(datagram.ToServer, datagram.Data));
        return frames;
    }
}
