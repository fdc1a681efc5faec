using QuicKestrel.Http3.Framing;

namespace QuicKestrel.Http3.Protocol;

/// <summary>Reacts to the peer's control stream frames.</summary>
internal interface IControlStreamHandler
{
    /// <summary>The peer's SETTINGS arrived (always the first control frame).</summary>
    void OnSettings(Http3Settings settings);

    /// <summary>The peer sent GOAWAY: on a client, the first request stream ID it will not process.</summary>
    void OnGoAway(ulong id);
}

/// <summary>The per-connection facts about the peer's unidirectional streams (RFC 9114 §6.2). Used on the connection's thread only.</summary>
internal sealed class Http3ConnectionState
{
    public Http3ConnectionState(bool isServer) => IsServer = isServer;

    public bool IsServer { get; }

    public bool PeerControlStreamOpened { get; set; }

    public bool PeerEncoderStreamOpened { get; set; }

    public bool PeerDecoderStreamOpened { get; set; }

    public Http3Settings? PeerSettings { get; set; }

    /// <summary>The last GOAWAY identifier received.</summary>
    public ulong? GoAwayId { get; set; }

    /// <summary>Server only: the last MAX_PUSH_ID received.</summary>
    public ulong? MaxPushId { get; set; }
}
