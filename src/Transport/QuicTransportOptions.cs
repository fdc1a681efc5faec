using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport;

/// <summary>
/// Options of the QuicKestrel transport, read through the options pattern
/// (<c>services.Configure&lt;QuicTransportOptions&gt;(...)</c> or the delegate given to
/// <see cref="QuicTransportWebHostBuilderExtensions.UseQuicTransport"/>). The first group
/// mirrors Kestrel's own QUIC transport options and defaults; the second tunes the QUIC stack.
/// </summary>
public sealed class QuicTransportOptions
{
    private long _defaultStreamErrorCode = 0x10C; // H3_REQUEST_CANCELLED (RFC 9114 §8.1)
    private long _defaultCloseErrorCode = 0x100;  // H3_NO_ERROR
    private int _maxBidirectionalStreamCount = 100;
    private int _maxUnidirectionalStreamCount = 10;
    private int _backlog = 512;
    private long? _maxReadBufferSize = 1024 * 1024;
    private long? _maxWriteBufferSize = 64 * 1024;

    /// <summary>
    /// How many request (bidirectional) streams a client may have open at once: the MAX_STREAMS
    /// credit, re-granted as streams close. Kestrel has no HTTP/3 concurrency limit of its own,
    /// so this is it. 0–65535; default 100.
    /// </summary>
    public int MaxBidirectionalStreamCount
    {
        get => _maxBidirectionalStreamCount;
        set => _maxBidirectionalStreamCount = CheckStreamCount(value);
    }

    /// <summary>How many unidirectional streams (control, QPACK) a client may open. 0–65535; default 10.</summary>
    public int MaxUnidirectionalStreamCount
    {
        get => _maxUnidirectionalStreamCount;
        set => _maxUnidirectionalStreamCount = CheckStreamCount(value);
    }

    /// <summary>
    /// How many received bytes a stream buffers before it stops taking data from the stack (the
    /// input pipe's pause threshold; it resumes at half). <see langword="null"/> or 0 = unlimited;
    /// default 1 MiB.
    /// </summary>
    public long? MaxReadBufferSize
    {
        get => _maxReadBufferSize;
        set => _maxReadBufferSize = CheckBufferSize(value);
    }

    /// <summary>
    /// How many bytes Kestrel may write to a stream before its flush waits (the output pipe's
    /// pause threshold; it resumes at half). <see langword="null"/> or 0 = unlimited; default 64 KiB.
    /// </summary>
    public long? MaxWriteBufferSize
    {
        get => _maxWriteBufferSize;
        set => _maxWriteBufferSize = CheckBufferSize(value);
    }

    /// <summary>
    /// How many connections may wait in the listener between the client's first packet and
    /// Kestrel's accept (handshakes in progress included); further clients are refused. Default 512.
    /// </summary>
    public int Backlog
    {
        get => _backlog;
        set => _backlog = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The backlog must be positive.");
    }

    /// <summary>
    /// The application error code used when a stream is aborted without one
    /// (RESET_STREAM / STOP_SENDING). Default 0x10C, H3_REQUEST_CANCELLED. 0 to 2^62 − 1.
    /// </summary>
    public long DefaultStreamErrorCode
    {
        get => _defaultStreamErrorCode;
        set
        {
            QuicErrorCode.Validate(value);
            _defaultStreamErrorCode = value;
        }
    }

    /// <summary>
    /// The application error code of CONNECTION_CLOSE when a connection is disposed or aborted
    /// without one. Default 0x100, H3_NO_ERROR. 0 to 2^62 − 1.
    /// </summary>
    public long DefaultCloseErrorCode
    {
        get => _defaultCloseErrorCode;
        set
        {
            QuicErrorCode.Validate(value);
            _defaultCloseErrorCode = value;
        }
    }

    /// <summary>
    /// How long a connection may stay silent before the QUIC stack closes it.
    /// <see cref="Timeout.InfiniteTimeSpan"/> (the default) turns the transport's idle timeout
    /// off: Kestrel owns HTTP/3 connection lifetimes (keep-alive, request-header timeouts) so it
    /// can send GOAWAY first.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>How long a handshake may take, including Kestrel's TLS callback. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval of keep-alive PINGs; <see cref="TimeSpan.Zero"/> (the default) sends none.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The flow-control window of each stream's receive side, in bytes: how much a client may
    /// send ahead on one request stream. A power of two; default 1 MiB (as <see cref="MaxReadBufferSize"/>).
    /// </summary>
    public uint StreamReceiveWindow { get; set; } = 1024 * 1024;

    /// <summary>The connection-wide flow-control window, in bytes. Default 16 MiB.</summary>
    public uint ConnectionReceiveWindow { get; set; } = 16 * 1024 * 1024;

    /// <summary>The congestion controller. Default CUBIC.</summary>
    public QuicCongestionControlAlgorithm CongestionControlAlgorithm { get; set; } = QuicCongestionControlAlgorithm.Cubic;

    /// <summary>Whether sends are paced over the round trip instead of sent in bursts. Default on.</summary>
    public bool PacingEnabled { get; set; } = true;

    /// <summary>Whether ECN marks are used to detect congestion (RFC 9000 §13.4). Default off.</summary>
    public bool EcnEnabled { get; set; }

    /// <summary>The worker scheduling profile of the transport's QUIC registration. Default low latency.</summary>
    public QuicExecutionProfile ExecutionProfile { get; set; } = QuicExecutionProfile.LowLatency;

    /// <summary>
    /// Called last, with the QUIC settings built from the options above, to change any other
    /// setting of the stack (MTU bounds, initial RTT, ACK delay, ...).
    /// </summary>
    public QuicSettingsConfigurator? ConfigureSettings { get; set; }

    private static int CheckStreamCount(int value) =>
        value is >= 0 and <= ushort.MaxValue
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A stream count is between 0 and 65535.");

    private static long? CheckBufferSize(long? value) =>
        value is null or >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A buffer size cannot be negative.");
}

/// <summary>Changes the QUIC settings the transport applies to its connections.</summary>
/// <param name="settings">The settings built from <see cref="QuicTransportOptions"/>; assigning a member marks it set.</param>
public delegate void QuicSettingsConfigurator(ref QuicSettings settings);
