using System.Runtime.InteropServices;
using static QuicKestrel.Protocol.Runtime.Datapath.LinuxConstants;

namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// The native Linux datapath: a blocking socket read by recvmmsg on the receive thread
/// (UDP_GRO when available) and written by sendmsg/sendmmsg (UDP_SEGMENT when available),
/// with ECN and PKTINFO in control messages.
/// </summary>
internal sealed unsafe class LinuxUdpSocket : UdpSocket
{
    private const int GroBufferSize = 64 * 1024;
    private static readonly bool s_supported = ProbeSupport();

    private readonly LinuxSocketFeatures _features;
    private readonly bool _ecnMarking;
    private readonly int _receiveBatchSize;
    private readonly int _maxReceiveDatagramSize;
    private readonly DatagramBufferPool _pool;
    private volatile bool _gso;

    private LinuxUdpSocket(UdpSocketOptions options, IDatagramReceiver receiver, LinuxSocketHandle handle, in LinuxSocketFeatures features)
        : base(options, receiver)
    {
        Handle = handle;
        _features = features;
        _gso = features.Gso;
        _ecnMarking = options.EnableEcn;
        _receiveBatchSize = options.ReceiveBatchSize;
        _maxReceiveDatagramSize = features.Gro ? DatapathCapabilities.MaxUdpPayload : options.MaxReceiveDatagramSize;
        int bufferSize = features.Gro ? GroBufferSize : options.MaxReceiveDatagramSize;
        _pool = new DatagramBufferPool(bufferSize, RetainedBuffers(bufferSize, options.ReceiveBatchSize));
        ReceiveBufferBytes = features.ReceiveBufferBytes;
        SendBufferBytes = features.SendBufferBytes;
    }

    /// <summary>
    /// Buffers the pool may keep: enough for the datagrams workers may have queued (up to 16 MiB
    /// of buffers, e.g. 256 GRO buffers or 8192 plain ones), never fewer than a few batches.
    /// </summary>
    internal static int RetainedBuffers(int bufferSize, int batchSize) =>
        Math.Max(4 * batchSize, Math.Max(64, (16 << 20) / bufferSize));

    /// <summary>True on 64-bit Linux (x64, arm64) when libc's socket calls can be reached.</summary>
    public static bool IsSupported => s_supported;

    internal LinuxSocketHandle Handle { get; }
    internal bool GsoEnabled => _gso;
    internal bool EcnMarking => _ecnMarking;
    internal bool IPv6Socket => Family == System.Net.Sockets.AddressFamily.InterNetworkV6;

    public override DatapathCapabilities Capabilities => new(
        DatapathKind.LinuxNative,
        Gso: _gso,
        Gro: _features.Gro,
        EcnMarking: _ecnMarking,
        EcnReceive: _features.EcnReceive,
        PacketInfo: _features.PacketInfo,
        DontFragment: _features.DontFragment,
        MaxGsoSegments: _gso ? DatapathCapabilities.GsoSegmentLimit : 1,
        MaxSendBytes: _gso ? DatapathCapabilities.GsoByteLimit : DatapathCapabilities.MaxUdpPayload,
        MaxReceiveDatagramSize: _maxReceiveDatagramSize);

    public static DatapathResult OpenNative(UdpSocketOptions options, IDatagramReceiver receiver, out UdpSocket? socket)
    {
        socket = null;
        UdpEndPoint local = options.LocalEndPoint.IsNone ? UdpEndPoint.IPv6Any(0) : options.LocalEndPoint;
        bool dualStack = options.DualStack || options.LocalEndPoint.IsNone;
        bool ipv6Socket = dualStack || local.IsIPv6;

        int fd = LinuxInterop.Socket(ipv6Socket ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
        if (fd < 0)
            return Errno.ToResult(LinuxInterop.Errno);
        var handle = new LinuxSocketHandle(fd);

        DatapathResult result = ipv6Socket ? LinuxSocketSetup.SetDualStack(fd, dualStack) : DatapathResult.Success;
        LinuxSocketFeatures features = LinuxSocketSetup.Configure(fd, ipv6Socket, dualStack, options);
        UdpEndPoint bound = default;
        if (result.IsSuccess)
            result = LinuxSocketSetup.Bind(fd, ipv6Socket, local, out bound);
        if (!result.IsSuccess)
        {
            handle.Dispose();
            return result;
        }

        socket = new LinuxUdpSocket(options, receiver, handle, features)
        {
            LocalEndPoint = bound,
            IsDualStack = dualStack,
            Family = ipv6Socket ? System.Net.Sockets.AddressFamily.InterNetworkV6 : System.Net.Sockets.AddressFamily.InterNetwork,
        };
        return DatapathResult.Success;
    }

    public override UdpSender CreateSender() => new LinuxUdpSender(this);

    /// <summary>The kernel refused a GSO send that succeeded unsegmented: stop using GSO on this socket.</summary>
    internal void DisableGso() => _gso = false;

    private protected override void Close()
    {
        // close() does not wake a thread blocked in recvmmsg; shutdown() does (the call
        // returns at once), even on an unconnected UDP socket where it reports ENOTCONN.
        if (Handle.TryAcquire(out int fd))
        {
            LinuxInterop.Shutdown(fd, SHUT_RDWR);
            Handle.ReleaseUse();
        }
        Handle.Dispose();
    }

    private protected override DatapathResult ReceiveLoop(IDatagramReceiver receiver)
    {
        if (!Handle.TryAcquire(out int fd))
            return new DatapathResult(DatapathStatus.Aborted);
        var batch = new LinuxReceiveBatch(_receiveBatchSize, _pool);
        try
        {
            while (!IsClosed)
            {
                batch.Prepare();
                int received = LinuxInterop.RecvMMsg(fd, batch.Messages, (uint)batch.Count, MSG_WAITFORONE, null);
                if (IsClosed)
                    break;
                if (received < 0)
                {
                    int errno = LinuxInterop.Errno;
                    if (!Errno.IsTransientReceiveError(errno))
                        return Errno.ToResult(errno);
                    if (errno is Errno.ENOMEM or Errno.ENOBUFS)
                        Thread.Sleep(1);
                    continue;
                }
                DeliverBatch(receiver, batch, received);
            }
            return new DatapathResult(DatapathStatus.Aborted);
        }
        finally
        {
            batch.Dispose();
            Handle.ReleaseUse();
        }
    }

    private void DeliverBatch(IDatagramReceiver receiver, LinuxReceiveBatch batch, int received)
    {
        ushort localPort = LocalEndPoint.Port;
        for (int i = 0; i < received; i++)
        {
            DatagramBuffer? buffer = batch.Complete(i, localPort, out bool truncated);
            if (truncated)
                CountDropped();
            if (buffer is not null)
                Deliver(receiver, buffer);
            batch.Recycle(i);
        }
        receiver.OnReceiveBatchCompleted(this);
    }

    private static bool ProbeSupport()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
            return false;
        if (RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
            return false;
        try
        {
            int fd = LinuxInterop.Socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
            if (fd >= 0)
                LinuxInterop.Close(fd);
            return true;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
