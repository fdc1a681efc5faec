using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// A pinned, pooled, reference-counted buffer. The receive loop fills one per receive call
/// (with GRO it holds several datagrams of one flow) and records where they came from.
///
/// Ownership: a rented buffer has one reference. The receive loop owns that reference while
/// it delivers the datagrams and drops it afterwards; a handler that wants to keep a
/// datagram past its callback calls <see cref="Retain"/> and later <see cref="Release"/>.
/// When the count reaches zero the buffer returns to its pool. After that its memory may
/// be refilled at any moment, so nothing may touch it.
/// </summary>
internal sealed unsafe class DatagramBuffer
{
    private readonly byte[] _array;
    private readonly DatagramBufferPool? _pool;
    private int _references;

    internal DatagramBuffer(int capacity, DatagramBufferPool? pool)
    {
        // Pinned object heap: the address is stable for the kernel and never moves in a GC.
        _array = GC.AllocateUninitializedArray<byte>(capacity, pinned: true);
        Pointer = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        _pool = pool;
        _references = 1;
    }

    /// <summary>A buffer outside any pool (for callers that manage their own send buffers).</summary>
    public DatagramBuffer(int capacity) : this(capacity, null)
    {
    }

    public int Capacity => _array.Length;
    public Span<byte> Span => _array;
    public Memory<byte> Memory => _array;
    internal byte* Pointer { get; }
    internal int ReferenceCount => Volatile.Read(ref _references);

    // Set by the receive loop before delivery; read-only for handlers.
    /// <summary>Bytes received (all coalesced datagrams together).</summary>
    public int Length { get; internal set; }

    /// <summary>Size of each datagram in the buffer; the last may be shorter (UDP_GRO).</summary>
    public int SegmentSize { get; internal set; }

    public UdpEndPoint RemoteEndPoint { get; internal set; }

    /// <summary>The local address the datagrams were sent to, with the socket's port; <c>default</c> when unknown.</summary>
    public UdpEndPoint LocalEndPoint { get; internal set; }

    /// <summary>Interface the datagrams arrived on (from IP_PKTINFO); 0 when unknown.</summary>
    public int LocalInterfaceIndex { get; internal set; }

    public EcnCodepoint Ecn { get; internal set; }

    /// <summary>The socket that received the datagrams.</summary>
    public UdpSocket? Socket { get; internal set; }

    public ReadOnlySpan<byte> Received => new(_array, 0, Length);

    /// <summary>Number of datagrams in <see cref="Received"/>.</summary>
    public int DatagramCount => Length == 0 ? 0 : (Length + SegmentSize - 1) / SegmentSize;

    /// <summary>Adds a reference: the buffer stays valid until a matching <see cref="Release"/>.</summary>
    public void Retain()
    {
        if (Interlocked.Increment(ref _references) <= 1)
            throw new InvalidOperationException("Retain on a buffer that was already returned.");
    }

    /// <summary>Drops a reference; the last one returns the buffer to its pool.</summary>
    public void Release()
    {
        int remaining = Interlocked.Decrement(ref _references);
        if (remaining > 0)
            return;
        if (remaining < 0)
            throw new InvalidOperationException("Release called more often than Retain.");
        _pool?.Return(this);
    }

    internal void ResetForRent()
    {
        _references = 1;
        Length = 0;
        SegmentSize = 0;
        RemoteEndPoint = default;
        LocalEndPoint = default;
        LocalInterfaceIndex = 0;
        Ecn = EcnCodepoint.NotEct;
        Socket = null;
    }
}
