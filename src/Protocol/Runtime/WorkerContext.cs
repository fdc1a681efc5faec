using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Runtime;

/// <summary>
/// What a worker lends an owner during <see cref="IWorkOwner.Flush"/>: a send buffer and
/// one <see cref="UdpSender"/> per socket, both owned by the worker thread and reused by
/// every owner on it, so sending allocates nothing after a socket's first send.
/// </summary>
internal sealed class WorkerContext : IDisposable
{
    private readonly byte[] _sendBuffer;
    private readonly Dictionary<UdpSocket, UdpSender> _senders = new();
    private int _purgeAt = 8;

    internal WorkerContext(Worker worker, int sendBufferSize)
    {
        Worker = worker;
        // Pinned: the native datapath hands it to the kernel without pinning on every send.
        _sendBuffer = GC.AllocateUninitializedArray<byte>(sendBufferSize, pinned: true);
    }

    public Worker Worker { get; }

    /// <summary>
    /// Scratch space for PollTransmit (one GSO batch: equal-size datagrams back to back). Shared
    /// by the worker's owners: its contents are only meaningful until the flush returns.
    /// </summary>
    public Span<byte> SendBuffer => _sendBuffer;

    /// <summary>Senders currently cached (one per socket this worker has sent on).</summary>
    public int SenderCount => _senders.Count;

    /// <summary>This worker's sender for <paramref name="socket"/>, created on first use.</summary>
    public UdpSender GetSender(UdpSocket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (_senders.TryGetValue(socket, out UdpSender? sender))
            return sender;
        if (_senders.Count >= _purgeAt)
            PurgeClosedSockets();
        sender = socket.CreateSender();
        _senders.Add(socket, sender);
        return sender;
    }

    public void Dispose()
    {
        foreach (UdpSender sender in _senders.Values)
            sender.Dispose();
        _senders.Clear();
    }

    /// <summary>Clients may use a socket per connection: forget the senders of closed ones.</summary>
    private void PurgeClosedSockets()
    {
        foreach (KeyValuePair<UdpSocket, UdpSender> pair in _senders)
        {
            if (!pair.Key.IsClosed)
                continue;
            pair.Value.Dispose();
            _senders.Remove(pair.Key);
        }
        _purgeAt = Math.Max(8, 2 * _senders.Count);
    }
}
