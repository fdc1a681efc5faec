namespace QuicKestrel.Protocol.Wire;

/// <summary>Which side of a connection an endpoint is; some wire rules depend on the sender's role.</summary>
internal enum EndpointRole : byte
{
    Client = 0,
    Server = 1,
}
