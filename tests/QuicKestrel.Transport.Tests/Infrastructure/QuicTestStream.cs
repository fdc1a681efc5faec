using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Tests.Infrastructure;

/// <summary>One stream of a <see cref="QuicTestConnection"/>: collects what arrives, sends what it is given.</summary>
internal sealed class QuicTestStream
{
    internal static readonly QuicStreamCallback Callback = OnEvent;

    private readonly QuicApiTable _api;
    private readonly MemoryStream _received = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _receiveEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ulong> _stopSending = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _shutdownComplete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _dataArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public QuicTestStream(QuicApiTable api, bool unidirectional, bool outbound)
    {
        _api = api;
        IsUnidirectional = unidirectional;
        IsOutbound = outbound;
    }

    public QuicHandle Handle { get; set; } = null!;

    public bool IsUnidirectional { get; }

    public bool IsOutbound { get; }

    public ulong Id { get; private set; }

    public bool PeerAccepted { get; private set; }

    public Task Started => _started.Task;

    /// <summary>Completes on FIN or on the peer's RESET_STREAM.</summary>
    public Task ReceiveEnded => _receiveEnded.Task;

    public Task ShutdownComplete => _shutdownComplete.Task;

    /// <summary>The code of the peer's RESET_STREAM, if it reset its sending side.</summary>
    public ulong? ResetCode { get; private set; }

    /// <summary>Completes with the code of the peer's STOP_SENDING.</summary>
    public Task<ulong> StopSending => _stopSending.Task;

    public bool FinReceived { get; private set; }

    public long ReceivedLength
    {
        get
        {
            lock (_gate)
                return _received.Length;
        }
    }

    public async Task<byte[]> ReadToEndAsync(TimeSpan? timeout = null)
    {
        await _receiveEnded.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        lock (_gate)
            return _received.ToArray();
    }

    public async Task<byte[]> ReadAtLeastAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (_received.Length >= count || _receiveEnded.Task.IsCompleted)
                    return _received.ToArray();
                arrived = _dataArrived.Task;
            }
            await arrived.WaitAsync(cts.Token);
        }
    }

    public Task SendAsync(ReadOnlyMemory<byte> data, bool fin = false)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        QuicBuffer[] buffers = data.IsEmpty ? [] : [new QuicBuffer(data)];
        QuicStatus status = _api.StreamSend(Handle, buffers, fin ? QuicSendFlags.Fin : QuicSendFlags.None, done);
        if (status.Failed())
            throw new InvalidOperationException($"StreamSend failed: {status}");
        return done.Task;
    }

    /// <summary>Waits for the peer's RESET_STREAM and returns its code.</summary>
    public async Task<ulong> ResetCodeAsync()
    {
        await _receiveEnded.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return ResetCode ?? throw new InvalidOperationException("The peer ended the stream without a reset.");
    }

    public void AbortSend(ulong errorCode) => _api.StreamShutdown(Handle, QuicStreamShutdownFlags.AbortSend, errorCode);

    public void AbortReceive(ulong errorCode) => _api.StreamShutdown(Handle, QuicStreamShutdownFlags.AbortReceive, errorCode);

    public void Finish() => _api.StreamShutdown(Handle, QuicStreamShutdownFlags.Graceful, 0);

    public void Close() => _api.StreamClose(Handle);

    private static QuicStatus OnEvent(QuicHandle handle, object? context, ref QuicStreamEvent evt)
    {
        var self = (QuicTestStream)context!;
        switch (evt.Type)
        {
            case QuicStreamEventType.StartComplete:
                self.Id = evt.StartComplete.ID;
                self.PeerAccepted = evt.StartComplete.PeerAccepted;
                if (evt.StartComplete.Status.Succeeded())
                    self._started.TrySetResult();
                else
                    self._started.TrySetException(new InvalidOperationException($"Start failed: {evt.StartComplete.Status}"));
                break;
            case QuicStreamEventType.PeerAccepted:
                self.PeerAccepted = true;
                break;
            case QuicStreamEventType.Receive:
                self.OnReceive(ref evt.Receive);
                break;
            case QuicStreamEventType.SendComplete:
                ((TaskCompletionSource?)evt.SendComplete.ClientContext)?.TrySetResult();
                break;
            case QuicStreamEventType.PeerSendShutdown:
                self.FinReceived = true;
                self._receiveEnded.TrySetResult();
                self.Signal();
                break;
            case QuicStreamEventType.PeerSendAborted:
                self.ResetCode = evt.PeerSendAborted.ErrorCode;
                self._receiveEnded.TrySetResult();
                self.Signal();
                break;
            case QuicStreamEventType.PeerReceiveAborted:
                self._stopSending.TrySetResult(evt.PeerReceiveAborted.ErrorCode);
                break;
            case QuicStreamEventType.ShutdownComplete:
                self._receiveEnded.TrySetResult();
                self._started.TrySetException(new InvalidOperationException("The stream closed before it started."));
                self._shutdownComplete.TrySetResult();
                self.Signal();
                break;
        }
        return QuicStatus.Success;
    }

    private void OnReceive(ref QuicStreamEvent.ReceivePayload receive)
    {
        lock (_gate)
        {
            foreach (QuicBuffer buffer in receive.Buffers.Span[..(int)receive.BufferCount])
                _received.Write(buffer.Span);
        }
        if ((receive.Flags & QuicReceiveFlags.Fin) != 0)
        {
            FinReceived = true;
            _receiveEnded.TrySetResult();
        }
        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource arrived;
        lock (_gate)
        {
            arrived = _dataArrived;
            _dataArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        arrived.TrySetResult();
    }
}
