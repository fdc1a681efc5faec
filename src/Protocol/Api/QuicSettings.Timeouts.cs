namespace QuicKestrel.Protocol.Api;

public partial struct QuicSettings
{
    /// <summary>How long, in milliseconds, a handshake may go without progress before the connection is discarded. Default 10000; at most 2^62 − 1.</summary>
    public ulong HandshakeIdleTimeoutMs
    {
        readonly get => _handshakeIdleTimeoutMs;
        set { _handshakeIdleTimeoutMs = value; MarkSet(QuicSettingsFields.HandshakeIdleTimeoutMs); }
    }

    /// <summary>
    /// The idle timeout advertised to the peer, in milliseconds (RFC 9000 §10.1): a connection
    /// idle that long is closed silently. 0 disables it. Default 30000; at most 2^62 − 1.
    /// </summary>
    public ulong IdleTimeoutMs
    {
        readonly get => _idleTimeoutMs;
        set { _idleTimeoutMs = value; MarkSet(QuicSettingsFields.IdleTimeoutMs); }
    }

    /// <summary>
    /// How long, in milliseconds, sent data may stay unacknowledged before the path is declared
    /// dead and the connection closed. Default 16000; 1 to 600000.
    /// </summary>
    public uint DisconnectTimeoutMs
    {
        readonly get => _disconnectTimeoutMs;
        set { _disconnectTimeoutMs = value; MarkSet(QuicSettingsFields.DisconnectTimeoutMs); }
    }

    /// <summary>How often, in milliseconds, to send a PING to keep an idle connection alive. 0 (the default) sends none.</summary>
    public uint KeepAliveIntervalMs
    {
        readonly get => _keepAliveIntervalMs;
        set { _keepAliveIntervalMs = value; MarkSet(QuicSettingsFields.KeepAliveIntervalMs); }
    }

    /// <summary>After this many milliseconds without sending, the congestion window is reset before sending again (RFC 9002 §7.8). Default 1000.</summary>
    public uint SendIdleTimeoutMs
    {
        readonly get => _sendIdleTimeoutMs;
        set { _sendIdleTimeoutMs = value; MarkSet(QuicSettingsFields.SendIdleTimeoutMs); }
    }

    /// <summary>
    /// After this many milliseconds idle, the connection switches to a new destination
    /// connection ID before sending again, so it is harder to track across NAT rebinding. Default 20000.
    /// </summary>
    public uint DestCidUpdateIdleTimeoutMs
    {
        readonly get => _destCidUpdateIdleTimeoutMs;
        set { _destCidUpdateIdleTimeoutMs = value; MarkSet(QuicSettingsFields.DestCidUpdateIdleTimeoutMs); }
    }

    /// <summary>The RTT assumed, in milliseconds, before the first sample (RFC 9002 §6.2.2). Default 333; not 0.</summary>
    public uint InitialRttMs
    {
        readonly get => _initialRttMs;
        set { _initialRttMs = value; MarkSet(QuicSettingsFields.InitialRttMs); }
    }

    /// <summary>
    /// The longest we delay an acknowledgement, in milliseconds, advertised as the
    /// max_ack_delay transport parameter (RFC 9000 §18.2). Default 25; at most 16383.
    /// </summary>
    public uint MaxAckDelayMs
    {
        readonly get => _maxAckDelayMs;
        set { _maxAckDelayMs = value; MarkSet(QuicSettingsFields.MaxAckDelayMs); }
    }
}
