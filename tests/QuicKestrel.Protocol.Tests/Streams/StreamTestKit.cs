using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Streams;

/// <summary>Small helpers shared by the stream-manager tests.</summary>
internal static class StreamTestKit
{
    public static StreamSettings Settings(
        long peerBidi = 100, long peerUni = 100, long streamWindow = 65536, long connectionWindow = 1 << 20,
        int chunkSize = 1024, long maxStreamWindow = 1 << 20, long maxConnectionWindow = 1 << 22, long sendBuffer = 1 << 20) => new()
    {
        PeerBidiStreamCount = peerBidi,
        PeerUnidiStreamCount = peerUni,
        StreamReceiveWindowBidiLocal = streamWindow,
        StreamReceiveWindowBidiRemote = streamWindow,
        StreamReceiveWindowUni = streamWindow,
        ConnectionReceiveWindow = connectionWindow,
        MaxStreamReceiveWindow = maxStreamWindow,
        MaxConnectionReceiveWindow = maxConnectionWindow,
        ChunkSize = chunkSize,
        SendBufferLimit = sendBuffer,
    };

    /// <summary>A client and a server that exchanged transport parameters.</summary>
    public static (StreamManager Client, StreamManager Server) Pair(StreamSettings? client = null, StreamSettings? server = null)
    {
        var c = new StreamManager(isServer: false, client ?? Settings());
        var s = new StreamManager(isServer: true, server ?? Settings());
        c.ApplyPeerTransportParameters(s.LocalParameters);
        s.ApplyPeerTransportParameters(c.LocalParameters);
        // Transport parameters announce the initial stream credit (STREAMS_AVAILABLE); start clean.
        DrainEvents(c);
        DrainEvents(s);
        return (c, s);
    }

    public static List<StreamEvent> DrainEvents(StreamManager manager)
    {
        var events = new List<StreamEvent>();
        while (manager.TryPollEvent(out StreamEvent e))
            events.Add(e);
        return events;
    }

    public static List<StreamControlFrame> TakeControlFrames(StreamManager manager)
    {
        var frames = new List<StreamControlFrame>();
        for (int i = 0; i < 1000 && manager.TryPeekControlFrame(out StreamControlFrame f); i++)
        {
            manager.OnControlFrameSent(f);
            frames.Add(f);
        }
        return frames;
    }

    public static List<StreamChunk> TakeStreamFrames(StreamManager manager, int maxLength = int.MaxValue, int maxFrames = 1000)
    {
        var chunks = new List<StreamChunk>();
        var scratch = new byte[1 << 16];
        for (int i = 0; i < maxFrames && manager.TryPeekStreamFrame(out StreamChunk c); i++)
        {
            c = c.Truncate(maxLength);
            manager.CopyStreamData(c, scratch);
            manager.OnStreamFrameSent(c);
            chunks.Add(c);
        }
        return chunks;
    }

    public static void AssertError(TransportErrorCode expected, QuicError error)
    {
        Assert.True(error.IsError, $"expected {expected}, got no error");
        Assert.Equal(expected, error.Code);
    }

    public static void AssertOk(QuicError error) => Assert.False(error.IsError, error.ToString());
}
