using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Runtime.Binding;

namespace QuicKestrel.Protocol.Api;

/// <summary>Makes the API's server connections for every binding of the library.</summary>
internal sealed class ServerConnectionFactory : IBindingConnectionFactory
{
    public static ServerConnectionFactory Instance { get; } = new();

    public IEndpointConnection? CreateServerConnection(UdpBinding binding, long now, in NewConnectionInfo info) =>
        ApiConnection.CreateServer(binding, now, info);
}
