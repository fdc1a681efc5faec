using System.Threading.Tasks.Sources;

namespace QuicKestrel.Transport.Internal;

/// <summary>
/// A reusable awaitable for one outstanding StreamSend: completed from SEND_COMPLETE on the QUIC
/// worker, awaited by the send loop. The loop continues inline, inside the callback: it only
/// advances the output pipe and reads what Kestrel wrote meanwhile (the pipe runs Kestrel's own
/// continuations on the thread pool), so the next send or the FIN is queued in the same worker
/// turn (no thread-pool hop per send, and the FIN usually rides in the data's packet).
/// </summary>
internal sealed class SendCompletionSource : IValueTaskSource<bool>
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = false };
    private int _pending;

    public ValueTask<bool> Task => new(this, _core.Version);

    /// <summary>Arms the source for the next send.</summary>
    public void Reset()
    {
        _core.Reset();
        Volatile.Write(ref _pending, 1);
    }

    /// <summary>Completes the armed send once; later calls (e.g. at shutdown) do nothing.</summary>
    public void Complete(bool sent)
    {
        if (Interlocked.Exchange(ref _pending, 0) == 1)
            _core.SetResult(sent);
    }

    public bool GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
