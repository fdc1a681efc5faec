namespace QuicKestrel.Protocol.Api;

/// <summary>A DatagramSend waiting for the worker: the application's buffers (unchanged until a final state) and its context.</summary>
internal sealed class DatagramRequest(ReadOnlyMemory<QuicBuffer> buffers, QuicSendFlags flags, object? context)
{
    public QuicSendFlags Flags => flags;

    public object? Context => context;

    public int Length
    {
        get
        {
            int total = 0;
            foreach (QuicBuffer buffer in buffers.Span)
                total += (int)buffer.Length;
            return total;
        }
    }

    /// <summary>Gathers the pieces into one payload.</summary>
    public void CopyTo(Span<byte> destination)
    {
        foreach (QuicBuffer buffer in buffers.Span)
        {
            buffer.Span.CopyTo(destination);
            destination = destination[(int)buffer.Length..];
        }
    }
}
