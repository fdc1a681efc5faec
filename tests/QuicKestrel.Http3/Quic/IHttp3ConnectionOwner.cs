using QuicKestrel.Http3.Protocol;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3.Quic;

/// <summary>What the stream objects of one HTTP/3 connection (client or server) need from it.</summary>
internal interface IHttp3ConnectionOwner
{
    QuicApiTable Api { get; }

    /// <summary>True once the connection is shutting down: stream closures are then expected, not errors.</summary>
    bool IsClosing { get; }

    /// <summary>Closes the connection with the error's code (a connection error, RFC 9114 §8).</summary>
    void FailConnection(Http3ProtocolError error);
}
