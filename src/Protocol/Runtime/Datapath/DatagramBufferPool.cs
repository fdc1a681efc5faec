namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// A thread-safe pool of pinned <see cref="DatagramBuffer"/>s of one size. Rent never fails:
/// when every buffer is out (handlers are holding them) it makes a new one; Return keeps at
/// most <c>maxRetained</c> and leaves the rest to the GC, so the pool cannot grow without bound.
/// Every buffer it made is kept up to that bound, so a pool that once had to cover a deep queue
/// (a worker behind its receive thread) keeps covering it instead of churning new buffers.
/// </summary>
internal sealed class DatagramBufferPool
{
    private readonly Lock _lock = new();
    private readonly DatagramBuffer[] _free;
    private int _count;

    public DatagramBufferPool(int bufferSize, int maxRetained)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRetained);
        BufferSize = bufferSize;
        _free = new DatagramBuffer[maxRetained];
    }

    public int BufferSize { get; }

    /// <summary>Buffers created so far (diagnostics: growth means handlers hold many).</summary>
    public int Created { get; private set; }

    /// <summary>A buffer with one reference, owned by the caller until it calls Release.</summary>
    public DatagramBuffer Rent()
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                DatagramBuffer buffer = _free[--_count];
                _free[_count] = null!;
                buffer.ResetForRent();
                return buffer;
            }
            Created++;
        }
        return new DatagramBuffer(BufferSize, this);
    }

    internal void Return(DatagramBuffer buffer)
    {
        lock (_lock)
        {
            if (_count < _free.Length)
                _free[_count++] = buffer;
        }
    }
}
