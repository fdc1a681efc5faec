using System.Buffers;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Internal;

/// <summary>
/// One listener's share of the QUIC stack: an API table, a registration and the memory pool of
/// its pipes. Reference-counted: the listener holds one reference and every connection it
/// accepted holds one, because <c>RegistrationClose</c> waits for all children and so may only
/// run once the last connection handle is closed. The final release closes everything on the
/// thread pool (never on a QUIC worker, where RegistrationClose would wait for itself).
/// </summary>
internal sealed class QuicStackScope
{
    private int _references = 1;

    private QuicStackScope(QuicApiTable api, QuicHandle registration, MemoryPool<byte> memoryPool)
    {
        Api = api;
        Registration = registration;
        MemoryPool = memoryPool;
    }

    public QuicApiTable Api { get; }

    public QuicHandle Registration { get; }

    public MemoryPool<byte> MemoryPool { get; }

    /// <summary>Set once the final release has closed the registration (for tests and diagnostics).</summary>
    public Task Closed => _closed.Task;

    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static QuicStackScope Open(QuicExecutionProfile profile, MemoryPool<byte> memoryPool)
    {
        MsQuicLibrary.MsQuicOpen2(out QuicApiTable api);
        var config = new QuicRegistrationConfig { AppName = "QuicKestrel.Transport", ExecutionProfile = profile };
        QuicStatus status = api.RegistrationOpen(config, out QuicHandle? registration);
        if (status.Failed() || registration is null)
        {
            MsQuicLibrary.MsQuicClose(api);
            memoryPool.Dispose();
            throw QuicTransportException.From(status, "RegistrationOpen");
        }
        return new QuicStackScope(api, registration, memoryPool);
    }

    public void AddReference() => Interlocked.Increment(ref _references);

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0)
            return;
        ThreadPool.UnsafeQueueUserWorkItem(static scope => scope.CloseNow(), this, preferLocal: false);
    }

    private void CloseNow()
    {
        Api.RegistrationClose(Registration);
        MsQuicLibrary.MsQuicClose(Api);
        MemoryPool.Dispose();
        _closed.TrySetResult();
    }
}
