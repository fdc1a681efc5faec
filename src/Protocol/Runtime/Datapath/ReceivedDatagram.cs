namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// One received datagram: a slice of a pooled <see cref="DatagramBuffer"/> plus where it
/// came from. Valid during the receive callback only, unless the handler calls
/// <see cref="Retain"/>, may then keep (queue) this value, and calls <see cref="Release"/>
/// when done with it.
/// </summary>
internal readonly struct ReceivedDatagram
{
    public ReceivedDatagram(DatagramBuffer buffer, int offset, int length)
    {
        Buffer = buffer;
        Offset = offset;
        Length = length;
    }

    public DatagramBuffer Buffer { get; }
    public int Offset { get; }
    public int Length { get; }

    public ReadOnlySpan<byte> Payload => Buffer.Span.Slice(Offset, Length);
    public ReadOnlyMemory<byte> Memory => Buffer.Memory.Slice(Offset, Length);
    public UdpEndPoint RemoteEndPoint => Buffer.RemoteEndPoint;
    public UdpEndPoint LocalEndPoint => Buffer.LocalEndPoint;
    public EcnCodepoint Ecn => Buffer.Ecn;
    public UdpSocket Socket => Buffer.Socket!;

    /// <summary>Keep the datagram past the callback (one Release per Retain).</summary>
    public void Retain() => Buffer.Retain();

    public void Release() => Buffer.Release();
}
