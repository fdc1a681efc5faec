using QuicKestrel.Http3.Protocol;

namespace QuicKestrel.Http3;

/// <summary>What a <see cref="ResponseBodyStream"/> asks of its request.</summary>
internal interface IReceiveController
{
    /// <summary>Re-enables receiving after the stream paused it (StreamReceiveSetEnabled).</summary>
    void ResumeReceive();

    /// <summary>Stops receiving (STOP_SENDING) with the code.</summary>
    void AbortReceive(ulong errorCode);
}

/// <summary>
/// A streamed response body. The connection's worker writes content into a bounded ring buffer;
/// when it is full the worker stops consuming (the RECEIVE is partly consumed, which pauses
/// receiving and lets QUIC flow control hold the server), and the reader resumes receiving once
/// it has drained half. Disposing before the end sends STOP_SENDING H3_REQUEST_CANCELLED.
/// </summary>
internal sealed class ResponseBodyStream : Stream, IBodySink
{
    private readonly IReceiveController _owner;
    private readonly byte[] _ring;
    private readonly Lock _lock = new();
    private int _head;
    private int _count;
    private bool _paused;
    private bool _completed;
    private Exception? _error;
    private TaskCompletionSource? _waiter;
    private int _disposed;

    public ResponseBodyStream(IReceiveController owner, int capacity)
    {
        _owner = owner;
        _ring = new byte[Math.Max(capacity, 4096)];
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    // Worker side: takes what fits.
    int IBodySink.Write(ReadOnlySpan<byte> data)
    {
        TaskCompletionSource? waiter;
        int taken;
        lock (_lock)
        {
            taken = Math.Min(data.Length, _ring.Length - _count);
            int tail = (_head + _count) % _ring.Length;
            int first = Math.Min(taken, _ring.Length - tail);
            data.Slice(0, first).CopyTo(_ring.AsSpan(tail));
            data.Slice(first, taken - first).CopyTo(_ring);
            _count += taken;
            _paused |= taken < data.Length;
            waiter = TakeWaiter();
        }
        waiter?.TrySetResult();
        return taken;
    }

    public void Complete() => Finish(null, discard: false);

    /// <summary>Ends the content with an error; with <paramref name="discard"/> (a local abort) unread bytes are dropped so reads fail at once.</summary>
    public void Fail(Exception error, bool discard = false) => Finish(error, discard);

    private void Finish(Exception? error, bool discard)
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            if (_completed || _error is not null)
                return;
            if (error is null)
                _completed = true;
            else
                _error = error;
            if (discard)
                _count = 0;
            waiter = TakeWaiter();
        }
        waiter?.TrySetResult();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
            return 0;
        while (true)
        {
            Task wait;
            bool resume = false;
            int read = 0;
            lock (_lock)
            {
                if (_count > 0)
                {
                    read = CopyOut(buffer.Span);
                    resume = _paused && _count <= _ring.Length / 2;
                    _paused &= !resume;
                }
                else if (_error is not null)
                {
                    throw _error is OperationCanceledException ? new OperationCanceledException(_error.Message, _error) : _error;
                }
                else if (_completed)
                {
                    return 0;
                }
                wait = read > 0 ? Task.CompletedTask : (_waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
            if (read > 0)
            {
                if (resume)
                    _owner.ResumeReceive();
                return read;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            bool ended;
            lock (_lock)
                ended = _completed || _error is not null;
            if (!ended)
                _owner.AbortReceive((ulong)Http3ErrorCode.RequestCancelled);
        }
        base.Dispose(disposing);
    }

    private int CopyOut(Span<byte> destination)
    {
        int read = Math.Min(destination.Length, _count);
        int first = Math.Min(read, _ring.Length - _head);
        _ring.AsSpan(_head, first).CopyTo(destination);
        _ring.AsSpan(0, read - first).CopyTo(destination.Slice(first));
        _head = (_head + read) % _ring.Length;
        _count -= read;
        return read;
    }

    private TaskCompletionSource? TakeWaiter()
    {
        TaskCompletionSource? waiter = _waiter;
        _waiter = null;
        return waiter;
    }
}
