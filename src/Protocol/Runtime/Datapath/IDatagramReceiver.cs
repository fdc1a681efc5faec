namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// Gets what a socket receives. All methods run on the socket's receive thread, one call at
/// a time; they should be quick (route, copy or retain, hand off) and must not block.
/// </summary>
internal interface IDatagramReceiver
{
    /// <summary>
    /// One datagram. Its payload is valid only during this call unless the receiver calls
    /// <c>datagram.Retain()</c> (then it must call <c>Release()</c> later, on any thread).
    /// </summary>
    void OnDatagramReceived(in ReceivedDatagram datagram);

    /// <summary>
    /// All datagrams of one receive call have been delivered: a good moment to wake the
    /// workers the batch was routed to.
    /// </summary>
    void OnReceiveBatchCompleted(UdpSocket socket);

    /// <summary>
    /// Last call, once: the loop ended. <see cref="DatapathStatus.Aborted"/> after a normal
    /// close; another status when the OS or the receiver stopped it.
    /// </summary>
    void OnReceiveStopped(UdpSocket socket, DatapathResult reason);
}
