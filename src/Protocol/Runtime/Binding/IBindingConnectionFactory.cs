using QuicKestrel.Protocol.Endpoint;

namespace QuicKestrel.Protocol.Runtime.Binding;

/// <summary>
/// Creates the server connection for a client Initial a listening binding admitted. Runs on the
/// binding's receive thread, inside its lock: construct and attach to a worker, nothing slow.
/// </summary>
internal interface IBindingConnectionFactory
{
    IEndpointConnection? CreateServerConnection(UdpBinding binding, long now, in NewConnectionInfo info);
}
