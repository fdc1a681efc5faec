namespace QuicKestrel.Protocol.Api;

public partial struct QuicSettings
{
    /// <summary>
    /// The initial receive window of every stream, in bytes (RFC 9000 §4.1); setting it also
    /// sets the three per-type windows below that are not themselves set. Default 65536; a
    /// power of two.
    /// </summary>
    public uint StreamRecvWindowDefault
    {
        readonly get => _streamRecvWindowDefault;
        set { _streamRecvWindowDefault = value; MarkSet(QuicSettingsFields.StreamRecvWindowDefault); }
    }

    /// <summary>The initial receive window of bidirectional streams we open, in bytes (initial_max_stream_data_bidi_local). Default 65536; a power of two.</summary>
    public uint StreamRecvWindowBidiLocalDefault
    {
        readonly get => _streamRecvWindowBidiLocalDefault;
        set { _streamRecvWindowBidiLocalDefault = value; MarkSet(QuicSettingsFields.StreamRecvWindowBidiLocalDefault); }
    }

    /// <summary>The initial receive window of bidirectional streams the peer opens, in bytes (initial_max_stream_data_bidi_remote). Default 65536; a power of two.</summary>
    public uint StreamRecvWindowBidiRemoteDefault
    {
        readonly get => _streamRecvWindowBidiRemoteDefault;
        set { _streamRecvWindowBidiRemoteDefault = value; MarkSet(QuicSettingsFields.StreamRecvWindowBidiRemoteDefault); }
    }

    /// <summary>The initial receive window of unidirectional streams the peer opens, in bytes (initial_max_stream_data_uni). Default 65536; a power of two.</summary>
    public uint StreamRecvWindowUnidiDefault
    {
        readonly get => _streamRecvWindowUnidiDefault;
        set { _streamRecvWindowUnidiDefault = value; MarkSet(QuicSettingsFields.StreamRecvWindowUnidiDefault); }
    }

    /// <summary>The initial size, in bytes, of a stream's receive buffer; it grows up to the window as needed. Default 4096; at least 4096.</summary>
    public uint StreamRecvBufferDefault
    {
        readonly get => _streamRecvBufferDefault;
        set { _streamRecvBufferDefault = value; MarkSet(QuicSettingsFields.StreamRecvBufferDefault); }
    }

    /// <summary>The connection-wide receive window, in bytes (initial_max_data, RFC 9000 §4.1). Default 16777216.</summary>
    public uint ConnFlowControlWindow
    {
        readonly get => _connFlowControlWindow;
        set { _connFlowControlWindow = value; MarkSet(QuicSettingsFields.ConnFlowControlWindow); }
    }

    /// <summary>
    /// How many bidirectional streams the peer may open at once (initial_max_streams_bidi).
    /// Default 0: the peer can open none unless this is set.
    /// </summary>
    public ushort PeerBidiStreamCount
    {
        readonly get => _peerBidiStreamCount;
        set { _peerBidiStreamCount = value; MarkSet(QuicSettingsFields.PeerBidiStreamCount); }
    }

    /// <summary>
    /// How many unidirectional streams the peer may open at once (initial_max_streams_uni).
    /// Default 0: the peer can open none unless this is set.
    /// </summary>
    public ushort PeerUnidiStreamCount
    {
        readonly get => _peerUnidiStreamCount;
        set { _peerUnidiStreamCount = value; MarkSet(QuicSettingsFields.PeerUnidiStreamCount); }
    }

    /// <summary>
    /// Copy send data into the stack's buffers, so SEND_COMPLETE follows <c>StreamSend</c> at
    /// once and the application may reuse its buffers; when false the application's buffers
    /// are held until the data is acknowledged. Default true.
    /// </summary>
    public bool SendBufferingEnabled
    {
        readonly get => GetBit(SendBufferingBit);
        set => SetBit(SendBufferingBit, value, QuicSettingsFields.SendBufferingEnabled);
    }
}
