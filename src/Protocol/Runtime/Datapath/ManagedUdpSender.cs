using System.Net;
using System.Net.Sockets;

namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>Managed sends: one SendTo per datagram through a reused, cached SocketAddress.</summary>
internal sealed class ManagedUdpSender : UdpSender
{
    private readonly ManagedUdpSocket _socket;
    private readonly SocketAddress _address;
    private UdpEndPoint _encodedRemote;
    private bool _disposed;

    public ManagedUdpSender(ManagedUdpSocket socket) : base(socket)
    {
        _socket = socket;
        _address = new SocketAddress(socket.Family);
    }

    /// <inheritdoc/>
    /// <remarks>The local address and the ECN codepoint are not applied on this path.</remarks>
    public override DatapathResult Send(
        ReadOnlySpan<byte> datagrams, int segmentSize, in UdpEndPoint remote, in UdpEndPoint local, EcnCodepoint ecn)
    {
        DatapathStatus invalid = Validate(datagrams, segmentSize, remote, local);
        if (invalid != DatapathStatus.Success)
            return new DatapathResult(invalid);
        if (_disposed)
            return new DatapathResult(DatapathStatus.Aborted);
        if (remote != _encodedRemote)
        {
            ManagedSocketAddress.Write(remote, _address);
            _encodedRemote = remote;
        }

        try
        {
            for (int offset = 0; offset < datagrams.Length; offset += segmentSize)
                _socket.Socket.SendTo(datagrams.Slice(offset, Math.Min(segmentSize, datagrams.Length - offset)), SocketFlags.None, _address);
            return DatapathResult.Success;
        }
        catch (SocketException exception)
        {
            return ManagedSocketAddress.ToResult(exception);
        }
        catch (ObjectDisposedException)
        {
            return new DatapathResult(DatapathStatus.Aborted);
        }
    }

    public override void Dispose() => _disposed = true;
}
