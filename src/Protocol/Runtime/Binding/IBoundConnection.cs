using QuicKestrel.Protocol.Endpoint;

namespace QuicKestrel.Protocol.Runtime.Binding;

/// <summary>
/// A connection as its binding sees it: what the endpoint routes to, plus the slot the endpoint
/// gave it (set under the binding's lock, by the receive thread for server connections and at
/// registration for clients), which the connection's worker needs to report routing changes.
/// </summary>
internal interface IBoundConnection : IEndpointConnection
{
    /// <summary>The endpoint slot; -1 before it is known and after the connection drained.</summary>
    int Slot { get; set; }
}
