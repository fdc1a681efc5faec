using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// Native sends for one thread. Keeps one native block with the message headers, iovecs,
/// the encoded destination (re-encoded only when the destination changes) and the control
/// messages, so a send is one syscall and no allocation.
/// </summary>
internal sealed unsafe class LinuxUdpSender : UdpSender
{
    private const int BatchLimit = DatapathCapabilities.GsoSegmentLimit;
    private const int MaxEintrRetries = 16;

    private readonly LinuxUdpSocket _socket;
    private byte* _memory;
    private readonly MultiMessageHeader* _messages;
    private readonly IoVector* _vectors;
    private readonly byte* _name;
    private readonly byte* _control;
    private uint _nameLength;
    private UdpEndPoint _encodedRemote;

    public LinuxUdpSender(LinuxUdpSocket socket) : base(socket)
    {
        _socket = socket;
        nuint messagesSize = (nuint)(BatchLimit * sizeof(MultiMessageHeader));
        nuint vectorsSize = (nuint)(BatchLimit * sizeof(IoVector));
        _memory = (byte*)NativeMemory.AllocZeroed(messagesSize + vectorsSize + LinuxSocketAddress.MaxSize + LinuxControlMessages.SendSpace);
        _messages = (MultiMessageHeader*)_memory;
        _vectors = (IoVector*)(_memory + messagesSize);
        _name = _memory + messagesSize + vectorsSize;
        _control = _name + LinuxSocketAddress.MaxSize;
    }

    ~LinuxUdpSender() => Free();

    /// <inheritdoc/>
    /// <remarks>
    /// On an error part of the datagrams may have gone out; QUIC's loss recovery treats the
    /// rest as lost. GSO refused by the kernel (EIO/EINVAL) is retried unsegmented; when
    /// that succeeds GSO is turned off for the socket for good.
    /// </remarks>
    public override DatapathResult Send(
        ReadOnlySpan<byte> datagrams, int segmentSize, in UdpEndPoint remote, in UdpEndPoint local, EcnCodepoint ecn)
    {
        DatapathStatus invalid = Validate(datagrams, segmentSize, remote, local);
        if (invalid != DatapathStatus.Success)
            return new DatapathResult(invalid);
        if (_memory == null || !_socket.Handle.TryAcquire(out int fd))
            return new DatapathResult(DatapathStatus.Aborted);
        try
        {
            EncodeDestination(remote);
            int controlLength = WriteControl(remote, local, ecn);
            fixed (byte* data = datagrams)
                return SendSegments(fd, data, datagrams.Length, Math.Min(segmentSize, datagrams.Length), controlLength);
        }
        finally
        {
            _socket.Handle.ReleaseUse();
        }
    }

    public override void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private DatapathResult SendSegments(int fd, byte* data, int length, int segmentSize, int controlLength)
    {
        if (length <= segmentSize)
            return SendOne(fd, data, length, controlLength, gsoSegmentSize: 0);
        if (!_socket.GsoEnabled)
            return SendBatched(fd, data, length, segmentSize, controlLength);

        int chunk = Math.Min(BatchLimit, DatapathCapabilities.GsoByteLimit / segmentSize) * segmentSize;
        if (chunk <= segmentSize)
            return SendBatched(fd, data, length, segmentSize, controlLength);
        for (int offset = 0; offset < length; offset += chunk)
        {
            int size = Math.Min(chunk, length - offset);
            DatapathResult result = size <= segmentSize
                ? SendOne(fd, data + offset, size, controlLength, gsoSegmentSize: 0)
                : SendWithGso(fd, data + offset, size, segmentSize, controlLength);
            if (!result.IsSuccess)
                return result;
            if (!_socket.GsoEnabled)
                return SendBatched(fd, data + offset + size, length - offset - size, segmentSize, controlLength);
        }
        return DatapathResult.Success;
    }

    private DatapathResult SendWithGso(int fd, byte* data, int length, int segmentSize, int controlLength)
    {
        DatapathResult result = SendOne(fd, data, length, controlLength, gsoSegmentSize: segmentSize);
        if (result.IsSuccess || result.OsError is not (Errno.EIO or Errno.EINVAL))
            return result;

        // The kernel or the device cannot segment (no checksum offload, old kernel, tunnel):
        // if the same datagrams go out one by one, GSO is what failed.
        DatapathResult retry = SendBatched(fd, data, length, segmentSize, controlLength);
        if (retry.IsSuccess)
            _socket.DisableGso();
        return retry;
    }

    private DatapathResult SendOne(int fd, byte* data, int length, int controlLength, int gsoSegmentSize)
    {
        if (gsoSegmentSize > 0)
            controlLength += LinuxControlMessages.WriteSegmentSize(_control + controlLength, (ushort)gsoSegmentSize);
        _vectors[0] = new IoVector { Base = data, Length = (nuint)length };
        MessageHeader* header = &_messages[0].Header;
        FillHeader(header, &_vectors[0], controlLength);
        for (int attempt = 0; ; attempt++)
        {
            if (LinuxInterop.SendMsg(fd, header, 0) >= 0)
                return DatapathResult.Success;
            int errno = LinuxInterop.Errno;
            if (errno != Errno.EINTR || attempt == MaxEintrRetries)
                return Errno.ToResult(errno);
        }
    }

    // One datagram per message, up to BatchLimit messages per sendmmsg.
    private DatapathResult SendBatched(int fd, byte* data, int length, int segmentSize, int controlLength)
    {
        int offset = 0;
        int interrupted = 0;
        while (offset < length)
        {
            int count = 0;
            for (int at = offset; at < length && count < BatchLimit; at += segmentSize, count++)
            {
                _vectors[count] = new IoVector { Base = data + at, Length = (nuint)Math.Min(segmentSize, length - at) };
                FillHeader(&_messages[count].Header, &_vectors[count], controlLength);
            }
            int sent = LinuxInterop.SendMMsg(fd, _messages, (uint)count, 0);
            if (sent <= 0)
            {
                int errno = sent < 0 ? LinuxInterop.Errno : Errno.EIO;
                if (errno == Errno.EINTR && interrupted++ < MaxEintrRetries)
                    continue;
                return Errno.ToResult(errno);
            }
            offset += sent * segmentSize;
        }
        return DatapathResult.Success;
    }

    private void FillHeader(MessageHeader* header, IoVector* vector, int controlLength)
    {
        header->Name = _name;
        header->NameLength = _nameLength;
        header->IoVectors = vector;
        header->IoVectorCount = 1;
        header->Control = controlLength > 0 ? _control : null;
        header->ControlLength = (nuint)controlLength;
        header->Flags = 0;
    }

    private void EncodeDestination(in UdpEndPoint remote)
    {
        if (_nameLength != 0 && remote == _encodedRemote)
            return;
        _nameLength = LinuxSocketAddress.Write(remote, _socket.IPv6Socket, _name);
        _encodedRemote = remote;
    }

    // ECN and source-address messages, shared by every datagram of the send; a GSO message
    // may follow them.
    private int WriteControl(in UdpEndPoint remote, in UdpEndPoint local, EcnCodepoint ecn)
    {
        int length = 0;
        if (_socket.EcnMarking)
            length += LinuxControlMessages.WriteTrafficClass(_control, remote.IsIPv4, (int)ecn);
        if (!local.IsNone && !local.IsWildcard)
            length += LinuxControlMessages.WritePacketInfo(_control + length, local);
        return length;
    }

    private void Free()
    {
        byte* memory = _memory;
        _memory = null;
        if (memory != null)
            NativeMemory.Free(memory);
    }
}
