using System.Diagnostics;
using System.Net.Sockets;

namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// A bound UDP socket with its own receive thread. Open with <see cref="Open"/>, read the
/// bound <see cref="LocalEndPoint"/>, call <see cref="StartReceiving"/>, send through
/// senders from <see cref="CreateSender"/> (one per sending thread), and Dispose to stop:
/// Dispose wakes the receive loop, waits for it to end and closes the socket. Nothing
/// throws out of the receive thread; its end is reported to
/// <see cref="IDatagramReceiver.OnReceiveStopped"/>.
/// </summary>
internal abstract class UdpSocket : IDisposable
{
    // The receive loop wakes within this even if closing could not interrupt its syscall.
    internal static readonly TimeSpan ReceiveWakeInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_joinTimeout = ReceiveWakeInterval + TimeSpan.FromSeconds(1);

    private readonly IDatagramReceiver _receiver;
    private readonly string _threadName;
    private Thread? _receiveThread;
    private int _closing;
    private long _datagramsReceived;
    private long _bytesReceived;
    private long _datagramsDropped;

    private protected UdpSocket(UdpSocketOptions options, IDatagramReceiver receiver)
    {
        _receiver = receiver;
        _threadName = options.ReceiveThreadName;
    }

    /// <summary>
    /// Opens and binds a socket: the native Linux datapath where it works, otherwise (or
    /// with <see cref="UdpSocketOptions.ForceManaged"/>) the System.Net.Sockets one. Bind
    /// failures come back as values (e.g. <see cref="DatapathStatus.AddressInUse"/>).
    /// </summary>
    public static DatapathResult Open(UdpSocketOptions options, IDatagramReceiver receiver, out UdpSocket? socket)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(receiver);
        options.Validate();
        DatapathResult result = OpenWith(options, receiver, out socket);
        // No address asked for and no IPv6 on this host: an IPv4 wildcard socket still serves.
        if (result.Status == DatapathStatus.InvalidAddress && options.LocalEndPoint.IsNone)
            result = OpenWith(options with { LocalEndPoint = UdpEndPoint.IPv4Any(0), DualStack = false }, receiver, out socket);
        return result;
    }

    private static DatapathResult OpenWith(UdpSocketOptions options, IDatagramReceiver receiver, out UdpSocket? socket) =>
        !options.ForceManaged && LinuxUdpSocket.IsSupported
            ? LinuxUdpSocket.OpenNative(options, receiver, out socket)
            : ManagedUdpSocket.OpenManaged(options, receiver, out socket);

    /// <summary>The bound address and port (the real port when 0 was asked for).</summary>
    public UdpEndPoint LocalEndPoint { get; private protected set; }

    /// <summary>True for an IPv6 socket that also carries IPv4.</summary>
    public bool IsDualStack { get; private protected set; }

    /// <summary>The socket's address family (InterNetwork or InterNetworkV6).</summary>
    public AddressFamily Family { get; private protected set; }

    public abstract DatapathCapabilities Capabilities { get; }

    /// <summary>Receive buffer the kernel granted (as getsockopt reports it).</summary>
    public int ReceiveBufferBytes { get; private protected set; }

    /// <summary>Send buffer the kernel granted (as getsockopt reports it).</summary>
    public int SendBufferBytes { get; private protected set; }

    public long DatagramsReceived => Volatile.Read(ref _datagramsReceived);
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>Datagrams dropped on receive because they did not fit a buffer.</summary>
    public long DatagramsDropped => Volatile.Read(ref _datagramsDropped);

    /// <summary>The exception that stopped the receive loop, if one did.</summary>
    public Exception? ReceiveFault { get; private set; }

    public bool IsClosed => Volatile.Read(ref _closing) != 0;

    /// <summary>A sender for one thread at a time; reuses its native memory for every send.</summary>
    public abstract UdpSender CreateSender();

    /// <summary>Starts the receive thread (once).</summary>
    public DatapathResult StartReceiving()
    {
        if (IsClosed)
            return new DatapathResult(DatapathStatus.Aborted);
        var thread = new Thread(ReceiveThreadMain) { IsBackground = true, Name = _threadName };
        if (Interlocked.CompareExchange(ref _receiveThread, thread, null) is not null)
            return new DatapathResult(DatapathStatus.InvalidState);
        thread.Start();
        return DatapathResult.Success;
    }

    /// <summary>Stops receiving (waits for the loop unless called from it) and closes the socket.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
            return;
        Close();
        Thread? thread = Volatile.Read(ref _receiveThread);
        if (thread is not null && thread != Thread.CurrentThread && thread.ThreadState != System.Threading.ThreadState.Unstarted)
            thread.Join(s_joinTimeout);
    }

    /// <summary>Interrupts a blocked receive and closes the socket (the OS handle goes once no call uses it).</summary>
    private protected abstract void Close();

    /// <summary>Runs until closed or a fatal error; exceptions from the receiver propagate.</summary>
    private protected abstract DatapathResult ReceiveLoop(IDatagramReceiver receiver);

    /// <summary>Hands every datagram in a filled buffer to the receiver (splitting GRO batches).</summary>
    private protected void Deliver(IDatagramReceiver receiver, DatagramBuffer buffer)
    {
        Debug.Assert(buffer.Length > 0 && buffer.SegmentSize > 0);
        buffer.Socket = this;
        int length = buffer.Length;
        int segment = buffer.SegmentSize;
        int count = 0;
        for (int offset = 0; offset < length; offset += segment)
        {
            var datagram = new ReceivedDatagram(buffer, offset, Math.Min(segment, length - offset));
            receiver.OnDatagramReceived(in datagram);
            count++;
        }
        Volatile.Write(ref _datagramsReceived, _datagramsReceived + count);
        Volatile.Write(ref _bytesReceived, _bytesReceived + length);
    }

    private protected void CountDropped() => Volatile.Write(ref _datagramsDropped, _datagramsDropped + 1);

    private void ReceiveThreadMain()
    {
        DatapathResult reason;
        try
        {
            reason = ReceiveLoop(_receiver);
        }
        catch (Exception exception)
        {
            ReceiveFault = exception;
            reason = new DatapathResult(DatapathStatus.ReceiverFaulted);
        }

        try
        {
            _receiver.OnReceiveStopped(this, reason);
        }
        catch (Exception exception)
        {
            ReceiveFault ??= exception;
        }
    }
}
