using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Runtime.Binding;

// The receive thread: every datagram goes through the endpoint under the lock; stateless replies
// it queued go out once the batch is done.
internal sealed partial class UdpBinding
{
    void IDatagramReceiver.OnDatagramReceived(in ReceivedDatagram datagram)
    {
        long now = MonotonicClock.NowMicros;
        var addresses = new DatagramAddresses(
            AddressConversions.ToNetAddress(datagram.LocalEndPoint),
            AddressConversions.ToNetAddress(datagram.RemoteEndPoint));
        // The pooled buffer is ours: connections remove header protection in place.
        Span<byte> payload = datagram.Buffer.Span.Slice(datagram.Offset, datagram.Length);
        lock (_gate)
        {
            _current = datagram;
            try
            {
                DispatchOutcome outcome = Endpoint.HandleDatagram(now, payload, addresses, (byte)datagram.Ecn);
                if (outcome.Disposition == DatagramDisposition.NewConnection
                    && Endpoint.GetConnection(outcome.Slot) is IBoundConnection created)
                    created.Slot = outcome.Slot;
            }
            finally
            {
                _current = default;
            }
            _repliesPending |= Endpoint.PendingTransmitCount > 0;
        }
    }

    void IDatagramReceiver.OnReceiveBatchCompleted(UdpSocket socket)
    {
        if (_repliesPending)
            SendStatelessReplies();
        // A thread-local counter read: lets tests prove the receive path allocates nothing per datagram.
        Volatile.Write(ref _receiveThreadAllocatedBytes, GC.GetAllocatedBytesForCurrentThread());
    }

    void IDatagramReceiver.OnReceiveStopped(UdpSocket socket, DatapathResult reason)
    {
    }

    /// <summary>Version Negotiation, Retry, stateless reset and Initial close packets, from the receive thread.</summary>
    private void SendStatelessReplies()
    {
        _replySender ??= _socket.CreateSender();
        _replyBuffer ??= GC.AllocateUninitializedArray<byte>(StatelessTransmitQueue.SlotSize, pinned: true);
        lock (_gate)
        {
            _repliesPending = false;
            while (Endpoint.PollTransmit(_replyBuffer, out StatelessTransmit transmit))
            {
                UdpEndPoint destination = AddressConversions.ToUdpEndPoint(transmit.Destination);
                UdpEndPoint source = AddressConversions.ToUdpEndPoint(transmit.Source);
                // Best effort, like any datagram: a failed reply is a lost reply.
                _replySender.Send(_replyBuffer.AsSpan(0, transmit.Length), transmit.Length, destination, source, EcnCodepoint.NotEct);
            }
        }
    }
}
