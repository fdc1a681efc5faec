namespace QuicKestrel.Protocol.Wire;

/// <summary>
/// One parsed frame: its kind, exact wire type and fields, with data as slices of the packet
/// payload (no copies). Switch on <see cref="Type"/>, then read the matching view
/// (<see cref="Ack"/>, <see cref="Stream"/>, ...); asking for the wrong view is a programming error.
/// </summary>
internal readonly ref struct Frame
{
    // A compact union: each frame's TryRead fills the slots it needs, and its view below reads them back.
    private readonly ulong _n0, _n1, _n2, _n3, _n4, _n5, _n6;
    private readonly ReadOnlySpan<byte> _bytes0, _bytes1;

    internal Frame(
        FrameType type, ulong rawType,
        ulong n0 = 0, ulong n1 = 0, ulong n2 = 0, ulong n3 = 0, ulong n4 = 0, ulong n5 = 0, ulong n6 = 0,
        ReadOnlySpan<byte> bytes0 = default, ReadOnlySpan<byte> bytes1 = default)
    {
        Type = type;
        RawType = rawType;
        _n0 = n0;
        _n1 = n1;
        _n2 = n2;
        _n3 = n3;
        _n4 = n4;
        _n5 = n5;
        _n6 = n6;
        _bytes0 = bytes0;
        _bytes1 = bytes1;
    }

    public FrameType Type { get; }

    /// <summary>The exact frame type value from the wire (e.g. 0x0b for STREAM with LEN and FIN).</summary>
    public ulong RawType { get; }

    /// <summary>Number of consecutive PADDING bytes this frame stands for.</summary>
    public int PaddingLength
    {
        get
        {
            Expect(FrameType.Padding);
            return (int)_n0;
        }
    }

    public AckFrame Ack
    {
        get
        {
            Expect(FrameType.Ack);
            return new AckFrame((long)_n0, _n1, _n2, (int)_n3, _bytes0, RawType == RawFrameTypes.AckEcn, new EcnCounts(_n4, _n5, _n6));
        }
    }

    public ResetStreamFrame ResetStream
    {
        get
        {
            Expect(FrameType.ResetStream);
            return new ResetStreamFrame(_n0, _n1, _n2);
        }
    }

    public StopSendingFrame StopSending
    {
        get
        {
            Expect(FrameType.StopSending);
            return new StopSendingFrame(_n0, _n1);
        }
    }

    public CryptoFrame Crypto
    {
        get
        {
            Expect(FrameType.Crypto);
            return new CryptoFrame(_n0, _bytes0);
        }
    }

    public NewTokenFrame NewToken
    {
        get
        {
            Expect(FrameType.NewToken);
            return new NewTokenFrame(_bytes0);
        }
    }

    public StreamFrame Stream
    {
        get
        {
            Expect(FrameType.Stream);
            return new StreamFrame(_n0, _n1, _bytes0, (RawType & RawFrameTypes.StreamFinBit) != 0);
        }
    }

    public MaxDataFrame MaxData
    {
        get
        {
            Expect(FrameType.MaxData);
            return new MaxDataFrame(_n0);
        }
    }

    public MaxStreamDataFrame MaxStreamData
    {
        get
        {
            Expect(FrameType.MaxStreamData);
            return new MaxStreamDataFrame(_n0, _n1);
        }
    }

    /// <summary>MAX_STREAMS of either direction (<see cref="FrameType.MaxStreamsBidi"/> or <see cref="FrameType.MaxStreamsUni"/>).</summary>
    public MaxStreamsFrame MaxStreams
    {
        get
        {
            Expect(FrameType.MaxStreamsBidi, FrameType.MaxStreamsUni);
            return new MaxStreamsFrame(Type == FrameType.MaxStreamsBidi, _n0);
        }
    }

    public DataBlockedFrame DataBlocked
    {
        get
        {
            Expect(FrameType.DataBlocked);
            return new DataBlockedFrame(_n0);
        }
    }

    public StreamDataBlockedFrame StreamDataBlocked
    {
        get
        {
            Expect(FrameType.StreamDataBlocked);
            return new StreamDataBlockedFrame(_n0, _n1);
        }
    }

    /// <summary>STREAMS_BLOCKED of either direction.</summary>
    public StreamsBlockedFrame StreamsBlocked
    {
        get
        {
            Expect(FrameType.StreamsBlockedBidi, FrameType.StreamsBlockedUni);
            return new StreamsBlockedFrame(Type == FrameType.StreamsBlockedBidi, _n0);
        }
    }

    public NewConnectionIdFrame NewConnectionId
    {
        get
        {
            Expect(FrameType.NewConnectionId);
            return new NewConnectionIdFrame(_n0, _n1, _bytes0, _bytes1);
        }
    }

    public RetireConnectionIdFrame RetireConnectionId
    {
        get
        {
            Expect(FrameType.RetireConnectionId);
            return new RetireConnectionIdFrame(_n0);
        }
    }

    public PathChallengeFrame PathChallenge
    {
        get
        {
            Expect(FrameType.PathChallenge);
            return new PathChallengeFrame(_n0);
        }
    }

    public PathResponseFrame PathResponse
    {
        get
        {
            Expect(FrameType.PathResponse);
            return new PathResponseFrame(_n0);
        }
    }

    /// <summary>CONNECTION_CLOSE of either kind (<see cref="FrameType.ConnectionClose"/> or <see cref="FrameType.ApplicationClose"/>).</summary>
    public ConnectionCloseFrame ConnectionClose
    {
        get
        {
            Expect(FrameType.ConnectionClose, FrameType.ApplicationClose);
            return new ConnectionCloseFrame(Type == FrameType.ApplicationClose, _n0, _n1, _bytes0);
        }
    }

    public DatagramFrame Datagram
    {
        get
        {
            Expect(FrameType.Datagram);
            return new DatagramFrame(_bytes0);
        }
    }

    private void Expect(FrameType type)
    {
        if (Type != type)
            throw new InvalidOperationException("The frame is of another type.");
    }

    private void Expect(FrameType type, FrameType other)
    {
        if (Type != type && Type != other)
            throw new InvalidOperationException("The frame is of another type.");
    }
}
