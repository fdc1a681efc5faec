using System.Buffers;

namespace QuicKestrel.Protocol.Streams;

/// <summary>
/// Local stream-layer settings; defaults follow MsQuic's (StreamRecvWindowDefault 65536,
/// ConnFlowControlWindow 16 MiB, PeerBidiStreamCount / PeerUnidiStreamCount 0). The receive
/// windows are also what the connection advertises in its transport parameters
/// (see <see cref="StreamManager.LocalParameters"/>).
/// </summary>
internal sealed record class StreamSettings
{
    /// <summary>initial_max_data: the connection receive window (auto-tuned up to <see cref="MaxConnectionReceiveWindow"/>).</summary>
    public long ConnectionReceiveWindow { get; init; } = 16 * 1024 * 1024;

    public long MaxConnectionReceiveWindow { get; init; } = 24 * 1024 * 1024;

    /// <summary>initial_max_stream_data_bidi_local: receive window on bidirectional streams we open.</summary>
    public long StreamReceiveWindowBidiLocal { get; init; } = 65536;

    /// <summary>initial_max_stream_data_bidi_remote: receive window on bidirectional streams the peer opens.</summary>
    public long StreamReceiveWindowBidiRemote { get; init; } = 65536;

    /// <summary>initial_max_stream_data_uni: receive window on unidirectional streams the peer opens.</summary>
    public long StreamReceiveWindowUni { get; init; } = 65536;

    /// <summary>Cap for per-stream receive-window auto-tuning.</summary>
    public long MaxStreamReceiveWindow { get; init; } = 16 * 1024 * 1024;

    /// <summary>initial_max_streams_bidi and the concurrent window re-granted as streams close.</summary>
    public long PeerBidiStreamCount { get; init; }

    /// <summary>initial_max_streams_uni and the concurrent window re-granted as streams close.</summary>
    public long PeerUnidiStreamCount { get; init; }

    /// <summary>Per-stream bound on copied, unacknowledged send data (the copy-in buffer).</summary>
    public long SendBufferLimit { get; init; } = 4 * 1024 * 1024;

    /// <summary>Size of the pooled chunks holding send and receive data.</summary>
    public int ChunkSize { get; init; } = 16 * 1024;

    /// <summary>
    /// Size of a stream buffer's first chunk, enough for a typical HTTP/3 request or response;
    /// a stream holding more moves to <see cref="ChunkSize"/> chunks (0: always full chunks).
    /// </summary>
    public int InitialChunkSize { get; init; } = 1024;

    /// <summary>
    /// Free first chunks a connection keeps for its next streams (memory held at rest ≤ this ×
    /// <see cref="InitialChunkSize"/>): covers send and receive buffers of 128 streams open at once.
    /// </summary>
    public int RetainedInitialChunks { get; init; } = 256;

    public ArrayPool<byte> BufferPool { get; init; } = ArrayPool<byte>.Shared;
}

/// <summary>
/// The stream-related transport parameters (RFC 9000 §18.2), as plain values. Used both for
/// the peer's (what limits our sending) and ours (what we advertise).
/// </summary>
internal readonly record struct StreamTransportParameters(
    long InitialMaxData,
    long InitialMaxStreamDataBidiLocal,
    long InitialMaxStreamDataBidiRemote,
    long InitialMaxStreamDataUni,
    long InitialMaxStreamsBidi,
    long InitialMaxStreamsUni);
