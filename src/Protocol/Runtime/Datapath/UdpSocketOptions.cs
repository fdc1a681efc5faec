namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>How to open a <see cref="UdpSocket"/>. Per socket, so a class is fine.</summary>
internal sealed record UdpSocketOptions
{
    /// <summary>
    /// Address and port to bind (port 0: the kernel picks one; read it back from
    /// <see cref="UdpSocket.LocalEndPoint"/>). <c>default</c> means the wildcard address,
    /// dual-stack, and IPv4 only on a host without IPv6.
    /// </summary>
    public UdpEndPoint LocalEndPoint { get; init; }

    /// <summary>
    /// Open an IPv6 socket with IPV6_V6ONLY off so it also carries IPv4 (peers are reported as
    /// plain IPv4). An IPv4 local address is bound in its ::ffff:a.b.c.d form.
    /// </summary>
    public bool DualStack { get; init; }

    /// <summary>SO_RCVBUF request (SO_RCVBUFFORCE first, when privileged). Sized for high bandwidth-delay products.</summary>
    public int ReceiveBufferBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>SO_SNDBUF request (SO_SNDBUFFORCE first, when privileged).</summary>
    public int SendBufferBytes { get; init; } = 4 * 1024 * 1024;

    public bool EnableGso { get; init; } = true;
    public bool EnableGro { get; init; } = true;

    /// <summary>Mark outgoing datagrams with the ECN codepoint given to Send and read received codepoints.</summary>
    public bool EnableEcn { get; init; } = true;

    /// <summary>
    /// Receive buffer size without GRO: datagrams larger than this are dropped (counted).
    /// With GRO every buffer is 64 KiB, as the kernel coalesces up to that.
    /// </summary>
    public int MaxReceiveDatagramSize { get; init; } = 2048;

    /// <summary>Messages per recvmmsg call (each a whole buffer).</summary>
    public int ReceiveBatchSize { get; init; } = 16;

    /// <summary>Use the System.Net.Sockets fallback even where the native Linux path works.</summary>
    public bool ForceManaged { get; init; }

    /// <summary>Name of the receive thread (diagnostics).</summary>
    public string ReceiveThreadName { get; init; } = "QuicKestrel UDP receive";

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReceiveBufferBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SendBufferBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReceiveDatagramSize, 1200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxReceiveDatagramSize, DatapathCapabilities.MaxUdpPayload);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReceiveBatchSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReceiveBatchSize, 256);
    }
}
