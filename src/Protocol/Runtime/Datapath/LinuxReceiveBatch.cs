using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// The recvmmsg state of one receive loop: message headers, iovecs, address and control
/// buffers in one native block, plus the pooled buffer each message receives into. A slot
/// keeps its buffer from call to call unless a handler retained it.
/// </summary>
internal sealed unsafe class LinuxReceiveBatch : IDisposable
{
    private readonly DatagramBufferPool _pool;
    private readonly DatagramBuffer?[] _buffers;
    private readonly byte* _memory;
    private readonly IoVector* _vectors;
    private readonly byte* _names;
    private readonly byte* _controls;

    public LinuxReceiveBatch(int count, DatagramBufferPool pool)
    {
        _pool = pool;
        _buffers = new DatagramBuffer?[count];
        nuint messagesSize = (nuint)(count * sizeof(MultiMessageHeader));
        nuint vectorsSize = (nuint)(count * sizeof(IoVector));
        nuint namesSize = (nuint)(count * LinuxSocketAddress.MaxSize);
        nuint total = messagesSize + vectorsSize + namesSize + (nuint)(count * LinuxControlMessages.ReceiveSpace);
        _memory = (byte*)NativeMemory.AllocZeroed(total);
        Messages = (MultiMessageHeader*)_memory;
        _vectors = (IoVector*)(_memory + messagesSize);
        _names = _memory + messagesSize + vectorsSize;
        _controls = _names + namesSize;
        Count = count;
    }

    public MultiMessageHeader* Messages { get; }
    public int Count { get; }

    /// <summary>Gives every slot a buffer and resets the lengths the kernel overwrote.</summary>
    public void Prepare()
    {
        for (int i = 0; i < Count; i++)
        {
            DatagramBuffer buffer = _buffers[i] ??= _pool.Rent();
            _vectors[i].Base = buffer.Pointer;
            _vectors[i].Length = (nuint)buffer.Capacity;
            ref MessageHeader header = ref Messages[i].Header;
            header.Name = _names + i * LinuxSocketAddress.MaxSize;
            header.NameLength = LinuxSocketAddress.MaxSize;
            header.IoVectors = &_vectors[i];
            header.IoVectorCount = 1;
            header.Control = _controls + i * LinuxControlMessages.ReceiveSpace;
            header.ControlLength = LinuxControlMessages.ReceiveSpace;
            header.Flags = 0;
        }
    }

    /// <summary>
    /// Describes what slot <paramref name="index"/> received; null when there is nothing to
    /// deliver (empty, or truncated: <paramref name="truncated"/> says which).
    /// </summary>
    public DatagramBuffer? Complete(int index, ushort localPort, out bool truncated)
    {
        ref MultiMessageHeader message = ref Messages[index];
        truncated = (message.Header.Flags & LinuxConstants.MSG_TRUNC) != 0;
        if (truncated || message.Length == 0)
            return null;

        DatagramBuffer buffer = _buffers[index]!;
        ReceivedControl control = LinuxControlMessages.Parse(message.Header.Control, message.Header.ControlLength);
        int length = (int)message.Length;
        buffer.Length = length;
        buffer.SegmentSize = control.SegmentSize > 0 && control.SegmentSize < length ? control.SegmentSize : length;
        buffer.RemoteEndPoint = LinuxSocketAddress.Read(message.Header.Name, message.Header.NameLength);
        buffer.LocalEndPoint = control.LocalAddress.IsNone ? default : control.LocalAddress.WithPort(localPort);
        buffer.LocalInterfaceIndex = control.InterfaceIndex;
        buffer.Ecn = control.Ecn;
        return buffer;
    }

    /// <summary>After delivery: keep the slot's buffer if nobody retained it, else let it go.</summary>
    public void Recycle(int index)
    {
        DatagramBuffer? buffer = _buffers[index];
        if (buffer is null || buffer.ReferenceCount == 1)
            return;
        _buffers[index] = null;
        buffer.Release();
    }

    public void Dispose()
    {
        for (int i = 0; i < _buffers.Length; i++)
        {
            _buffers[i]?.Release();
            _buffers[i] = null;
        }
        NativeMemory.Free(_memory);
    }
}
