namespace QuicKestrel.Protocol.Api;

/// <summary>
/// What a server offers returning clients (<see cref="QuicSettings.ServerResumptionLevel"/>).
/// MsQuic's <c>QUIC_SERVER_RESUMPTION_LEVEL</c>; stored in a 2-bit field of the settings.
/// </summary>
public enum QuicServerResumptionLevel : byte
{
    /// <summary>No session resumption: no tickets are issued (<c>QUIC_SERVER_NO_RESUME</c>). The default.</summary>
    NoResume = 0,

    /// <summary>Issue tickets and accept resumption, but reject 0-RTT data (<c>QUIC_SERVER_RESUME_ONLY</c>).</summary>
    ResumeOnly = 1,

    /// <summary>Issue tickets, accept resumption and 0-RTT data (<c>QUIC_SERVER_RESUME_AND_ZERORTT</c>).</summary>
    ResumeAndZeroRtt = 2,
}
