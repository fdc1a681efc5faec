namespace QuicKestrel.Protocol.Api;

/// <summary>
/// One StreamSend on its way to the engine: the application's buffers (which it keeps unchanged
/// until SEND_COMPLETE), the flags and context, and how far the copy into the stream's send
/// buffer has got. Pooled per connection, so a send allocates nothing in steady state.
/// </summary>
internal sealed class SendRequest
{
    public ApiStream Stream { get; private set; } = null!;

    public ReadOnlyMemory<QuicBuffer> Buffers { get; private set; }

    public QuicSendFlags Flags { get; private set; }

    public object? Context { get; private set; }

    /// <summary>The buffer being copied and the offset in it.</summary>
    public int BufferIndex { get; set; }

    public int Offset { get; set; }

    /// <summary>The next request queued on the same stream.</summary>
    public SendRequest? Next { get; set; }

    public bool HasFin => (Flags & QuicSendFlags.Fin) != 0;

    public void Set(ApiStream stream, ReadOnlyMemory<QuicBuffer> buffers, QuicSendFlags flags, object? context)
    {
        Stream = stream;
        Buffers = buffers;
        Flags = flags;
        Context = context;
        BufferIndex = 0;
        Offset = 0;
        Next = null;
    }

    public void Clear()
    {
        Stream = null!;
        Buffers = default;
        Context = null;
        Next = null;
    }
}

/// <summary>Reused <see cref="SendRequest"/>s: rented by the sending thread, returned on the worker after SEND_COMPLETE.</summary>
internal sealed class SendRequestPool
{
    private const int MaxPooled = 256;
    private readonly Lock _gate = new();
    private readonly Stack<SendRequest> _free = new();

    public SendRequest Rent()
    {
        lock (_gate)
        {
            if (_free.TryPop(out SendRequest? request))
                return request;
        }
        return new SendRequest();
    }

    public void Return(SendRequest request)
    {
        request.Clear();
        lock (_gate)
        {
            if (_free.Count < MaxPooled)
                _free.Push(request);
        }
    }
}
