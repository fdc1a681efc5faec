namespace QuicKestrel.Protocol.Api;

/// <summary>What a <see cref="QuicHandle"/> stands for (MsQuic's QUIC_HANDLE_TYPE).</summary>
internal enum QuicHandleKind
{
    Registration,
    Configuration,
    Listener,
    Connection,
    Stream,
}
