namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Parameter ids for <c>SetParam</c> and <c>GetParam</c>: MsQuic's <c>QUIC_PARAM_*</c>, with its
/// values. An id is its object's prefix (bits 24–29) plus a number; global ids take a
/// <see langword="null"/> handle, all others a handle whose object the prefix names (a
/// connection handle also reaches TLS ids, a stream handle also its connection's ids). Each
/// id's summary gives the value's type and whether it can be set (S), read (G) or both.
/// Values travel as raw bytes, as in MsQuic: use the typed <c>SetParam&lt;T&gt;</c> /
/// <c>GetParam&lt;T&gt;</c> for fixed-size values. MsQuic's Windows-only and preview ids are
/// not offered, except <see cref="ConnNetworkStatistics"/>.
/// </summary>
public static class QuicParam
{
    /// <summary>Prefix of global parameters (<c>QUIC_PARAM_PREFIX_GLOBAL</c>).</summary>
    public const uint PrefixGlobal = 0x01000000;

    /// <summary>Prefix of registration parameters (<c>QUIC_PARAM_PREFIX_REGISTRATION</c>); MsQuic defines none.</summary>
    public const uint PrefixRegistration = 0x02000000;

    /// <summary>Prefix of configuration parameters (<c>QUIC_PARAM_PREFIX_CONFIGURATION</c>).</summary>
    public const uint PrefixConfiguration = 0x03000000;

    /// <summary>Prefix of listener parameters (<c>QUIC_PARAM_PREFIX_LISTENER</c>).</summary>
    public const uint PrefixListener = 0x04000000;

    /// <summary>Prefix of connection parameters (<c>QUIC_PARAM_PREFIX_CONNECTION</c>).</summary>
    public const uint PrefixConnection = 0x05000000;

    /// <summary>Prefix of a connection's TLS parameters (<c>QUIC_PARAM_PREFIX_TLS</c>).</summary>
    public const uint PrefixTls = 0x06000000;

    /// <summary>Prefix of stream parameters (<c>QUIC_PARAM_PREFIX_STREAM</c>).</summary>
    public const uint PrefixStream = 0x08000000;

    /// <summary>OR into a connection or stream parameter id to process the call ahead of the connection's queued work (<c>QUIC_PARAM_HIGH_PRIORITY</c>).</summary>
    public const uint HighPriority = 0x40000000;

    /// <summary>uint16 SG: percentage (of 65535) of memory use above which a server answers new clients with Retry (<c>QUIC_PARAM_GLOBAL_RETRY_MEMORY_PERCENT</c>).</summary>
    public const uint GlobalRetryMemoryPercent = 0x01000000;

    /// <summary>uint32[] G: the QUIC versions the stack supports, in network byte order (<c>QUIC_PARAM_GLOBAL_SUPPORTED_VERSIONS</c>).</summary>
    public const uint GlobalSupportedVersions = 0x01000001;

    /// <summary>uint16 SG: a <see cref="QuicLoadBalancingMode"/>; set before any connection exists (<c>QUIC_PARAM_GLOBAL_LOAD_BALACING_MODE</c>, spelled so in msquic.h).</summary>
    public const uint GlobalLoadBalancingMode = 0x01000002;

    /// <summary>int64[] G: the performance counters, indexed by <see cref="QuicPerformanceCounter"/>; a shorter buffer gets the first counters that fit (<c>QUIC_PARAM_GLOBAL_PERF_COUNTERS</c>).</summary>
    public const uint GlobalPerfCounters = 0x01000003;

    /// <summary>uint32[4] G: the library version, major/minor/patch/build (<c>QUIC_PARAM_GLOBAL_LIBRARY_VERSION</c>).</summary>
    public const uint GlobalLibraryVersion = 0x01000004;

    /// <summary><see cref="QuicSettings"/> SG: the process-wide default settings every configuration starts from (<c>QUIC_PARAM_GLOBAL_SETTINGS</c>).</summary>
    public const uint GlobalSettings = 0x01000005;

    /// <summary><see cref="QuicGlobalSettings"/> SG: settings that only exist process-wide (<c>QUIC_PARAM_GLOBAL_GLOBAL_SETTINGS</c>).</summary>
    public const uint GlobalGlobalSettings = 0x01000006;

    /// <summary>char[] G: the source revision the library was built from, NUL-terminated (<c>QUIC_PARAM_GLOBAL_LIBRARY_GIT_HASH</c>).</summary>
    public const uint GlobalLibraryGitHash = 0x01000008;

    /// <summary>uint8[<see cref="QuicLimits.StatelessResetKeyLength"/>] S: the key stateless-reset tokens are derived from, so a server farm can share it (<c>QUIC_PARAM_GLOBAL_STATELESS_RESET_KEY</c>).</summary>
    public const uint GlobalStatelessResetKey = 0x0100000B;

    /// <summary>uint32[] G: the sizes of each version of <see cref="QuicStatisticsV2"/> this library knows (<c>QUIC_PARAM_GLOBAL_STATISTICS_V2_SIZES</c>).</summary>
    public const uint GlobalStatisticsV2Sizes = 0x0100000C;

    /// <summary><see cref="QuicSettings"/> SG: the configuration's settings (<c>QUIC_PARAM_CONFIGURATION_SETTINGS</c>).</summary>
    public const uint ConfigurationSettings = 0x03000000;

    /// <summary><see cref="QuicTicketKeyConfig"/>[] S: keys that encrypt the server's session tickets, so a server farm can share them; at most <see cref="QuicLimits.MaxTicketKeyCount"/> (<c>QUIC_PARAM_CONFIGURATION_TICKET_KEYS</c>).</summary>
    public const uint ConfigurationTicketKeys = 0x03000001;

    /// <summary><see cref="QuicAddress"/> G: the address the listener is bound to; after starting on port 0, the port it got (<c>QUIC_PARAM_LISTENER_LOCAL_ADDRESS</c>).</summary>
    public const uint ListenerLocalAddress = 0x04000000;

    /// <summary><see cref="QuicListenerStatistics"/> G: the listener's counters (<c>QUIC_PARAM_LISTENER_STATS</c>).</summary>
    public const uint ListenerStats = 0x04000001;

    /// <summary>uint8 (boolean) SG: deliver DOS_MODE_CHANGED to the listener (<c>QUIC_PARAM_DOS_MODE_EVENTS</c>).</summary>
    public const uint DosModeEvents = 0x04000004;

    /// <summary>uint32 G: the QUIC version in use, e.g. 0x00000001 (<c>QUIC_PARAM_CONN_QUIC_VERSION</c>).</summary>
    public const uint ConnQuicVersion = 0x05000000;

    /// <summary><see cref="QuicAddress"/> SG: the local address; a client may set it before start to bind there (<c>QUIC_PARAM_CONN_LOCAL_ADDRESS</c>).</summary>
    public const uint ConnLocalAddress = 0x05000001;

    /// <summary><see cref="QuicAddress"/> SG: the peer's address; a client may set it before start to connect there while <c>ConnectionStart</c>'s server name is used for TLS only (<c>QUIC_PARAM_CONN_REMOTE_ADDRESS</c>).</summary>
    public const uint ConnRemoteAddress = 0x05000002;

    /// <summary>uint16 G: the processor best suited to the connection's work (<c>QUIC_PARAM_CONN_IDEAL_PROCESSOR</c>).</summary>
    public const uint ConnIdealProcessor = 0x05000003;

    /// <summary><see cref="QuicSettings"/> SG: the connection's settings; a few (e.g. the MTU bounds) can only be set before start (<c>QUIC_PARAM_CONN_SETTINGS</c>).</summary>
    public const uint ConnSettings = 0x05000004;

    /// <summary><see cref="QuicStatistics"/> G: the connection's statistics, first version (<c>QUIC_PARAM_CONN_STATISTICS</c>).</summary>
    public const uint ConnStatistics = 0x05000005;

    /// <summary>uint8 (boolean) SG, before start: a client shares its UDP socket with the other sharing clients (those bound to the same local address, or, with none, the process's shared ephemeral socket), each routed by its own connection IDs (<c>QUIC_PARAM_CONN_SHARE_UDP_BINDING</c>).</summary>
    public const uint ConnShareUdpBinding = 0x05000007;

    /// <summary>uint16 G: how many more bidirectional streams the peer allows us to open now (<c>QUIC_PARAM_CONN_LOCAL_BIDI_STREAM_COUNT</c>).</summary>
    public const uint ConnLocalBidiStreamCount = 0x05000008;

    /// <summary>uint16 G: how many more unidirectional streams the peer allows us to open now (<c>QUIC_PARAM_CONN_LOCAL_UNIDI_STREAM_COUNT</c>).</summary>
    public const uint ConnLocalUnidiStreamCount = 0x05000009;

    /// <summary>uint64[4] G: the highest stream ID allowed per stream type (client bidi, server bidi, client uni, server uni) (<c>QUIC_PARAM_CONN_MAX_STREAM_IDS</c>).</summary>
    public const uint ConnMaxStreamIds = 0x0500000A;

    /// <summary>char[] SG: the UTF-8 reason phrase sent in CONNECTION_CLOSE, NUL-terminated, at most 512 bytes (<c>QUIC_PARAM_CONN_CLOSE_REASON_PHRASE</c>).</summary>
    public const uint ConnCloseReasonPhrase = 0x0500000B;

    /// <summary><see cref="QuicStreamSchedulingScheme"/> SG: how sending is shared among streams of equal priority (<c>QUIC_PARAM_CONN_STREAM_SCHEDULING_SCHEME</c>).</summary>
    public const uint ConnStreamSchedulingScheme = 0x0500000C;

    /// <summary>uint8 (boolean) SG: advertise datagram support (the max_datagram_frame_size transport parameter); set before start (<c>QUIC_PARAM_CONN_DATAGRAM_RECEIVE_ENABLED</c>).</summary>
    public const uint ConnDatagramReceiveEnabled = 0x0500000D;

    /// <summary>uint8 (boolean) G: whether the peer accepts datagrams (<c>QUIC_PARAM_CONN_DATAGRAM_SEND_ENABLED</c>).</summary>
    public const uint ConnDatagramSendEnabled = 0x0500000E;

    /// <summary>uint8[] S: client only, after <c>ConnectionOpen</c> and before <c>ConnectionStart</c>: a ticket from RESUMPTION_TICKET_RECEIVED, to resume and allow 0-RTT (<c>QUIC_PARAM_CONN_RESUMPTION_TICKET</c>).</summary>
    public const uint ConnResumptionTicket = 0x05000010;

    /// <summary>uint8 (boolean) S: complete a deferred certificate validation, like <c>ConnectionCertificateValidationComplete</c> (<c>QUIC_PARAM_CONN_PEER_CERTIFICATE_VALID</c>).</summary>
    public const uint ConnPeerCertificateValid = 0x05000011;

    /// <summary>uint32 S: the network interface index a client binds to; set before start (<c>QUIC_PARAM_CONN_LOCAL_INTERFACE</c>).</summary>
    public const uint ConnLocalInterface = 0x05000012;

    /// <summary>
    /// <see cref="QuicTlsSecrets"/> SG: set (any value) before start to have the handshake's
    /// secrets recorded, get them once the handshake is done, e.g. to write an SSLKEYLOGFILE
    /// (<c>QUIC_PARAM_CONN_TLS_SECRETS</c>). MsQuic instead keeps the caller's pointer and writes
    /// into it during the handshake; .NET memory cannot be held that way, so the secrets are read back.
    /// </summary>
    public const uint ConnTlsSecrets = 0x05000013;

    /// <summary><see cref="QuicStatisticsV2"/> G: the connection's statistics; a shorter buffer of at least <see cref="QuicStatisticsV2.MinimumSize"/> bytes gets the leading fields (<c>QUIC_PARAM_CONN_STATISTICS_V2</c>).</summary>
    public const uint ConnStatisticsV2 = 0x05000016;

    /// <summary>uint8[] G: the destination connection ID of the client's first Initial packet (<c>QUIC_PARAM_CONN_ORIG_DEST_CID</c>).</summary>
    public const uint ConnOrigDestCid = 0x05000018;

    /// <summary>uint8 SG: the DSCP value (0–63) for the connection's outgoing packets (<c>QUIC_PARAM_CONN_SEND_DSCP</c>).</summary>
    public const uint ConnSendDscp = 0x05000019;

    /// <summary><see cref="QuicNetworkStatistics"/> G: the path's current congestion state: bytes in flight, window, smoothed RTT, bandwidth estimate (<c>QUIC_PARAM_CONN_NETWORK_STATISTICS</c>, an MsQuic preview id).</summary>
    public const uint ConnNetworkStatistics = 0x05000020;

    /// <summary><see cref="QuicHandshakeInfo"/> G: the negotiated TLS parameters (<c>QUIC_PARAM_TLS_HANDSHAKE_INFO</c>).</summary>
    public const uint TlsHandshakeInfo = 0x06000000;

    /// <summary>uint8[] G: the negotiated ALPN, at most 255 bytes (<c>QUIC_PARAM_TLS_NEGOTIATED_ALPN</c>).</summary>
    public const uint TlsNegotiatedAlpn = 0x06000001;

    /// <summary>uint64 G: the stream ID; available once the stream has started (<c>QUIC_PARAM_STREAM_ID</c>).</summary>
    public const uint StreamId = 0x08000000;

    /// <summary>uint64 G: how many bytes of the stream were sent in 0-RTT (<c>QUIC_PARAM_STREAM_0RTT_LENGTH</c>).</summary>
    public const uint StreamZeroRttLength = 0x08000001;

    /// <summary>uint64 G: the ideal amount of queued send data, as in IDEAL_SEND_BUFFER_SIZE (<c>QUIC_PARAM_STREAM_IDEAL_SEND_BUFFER_SIZE</c>).</summary>
    public const uint StreamIdealSendBufferSize = 0x08000002;

    /// <summary>uint16 SG: the stream's send priority, 0 (lowest) to 0xFFFF (highest); default 0x7FFF (<c>QUIC_PARAM_STREAM_PRIORITY</c>).</summary>
    public const uint StreamPriority = 0x08000003;

    /// <summary><see cref="QuicStreamStatistics"/> G: where the stream's sending was blocked (<c>QUIC_PARAM_STREAM_STATISTICS</c>).</summary>
    public const uint StreamStatistics = 0x08000004;

    /// <summary>True for a global parameter, which takes no handle (MsQuic's <c>QUIC_PARAM_IS_GLOBAL</c>; the priority bit is ignored).</summary>
    /// <param name="param">A parameter id.</param>
    /// <returns>Whether the id's prefix is <see cref="PrefixGlobal"/>.</returns>
    public static bool IsGlobal(uint param) => (param & 0x3F000000) == PrefixGlobal;
}
