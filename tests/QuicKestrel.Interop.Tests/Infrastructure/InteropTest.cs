using QuicKestrel.Http3;

namespace QuicKestrel.Interop.Tests.Infrastructure;

/// <summary>
/// Base of the interop tests: a scratch directory, and everything the test starts (peer
/// processes, our servers and clients), disposed newest first when the test ends.
/// </summary>
// xunit 2 disposes test classes through IAsyncLifetime (it does not call IAsyncDisposable).
public abstract class InteropTest : IAsyncLifetime
{
    /// <summary>The bound on any single wait of a test (peer runs, requests, events).</summary>
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly List<object> _owned = [];

    protected string WorkDirectory { get; } = Directory.CreateTempSubdirectory("quickestrel-interop-").FullName;

    protected string CreateDirectory(string name) => Directory.CreateDirectory(Path.Combine(WorkDirectory, name)).FullName;

    /// <summary>Disposes <paramref name="owned"/> (IDisposable or IAsyncDisposable) when the test ends.</summary>
    protected T Own<T>(T owned)
        where T : class
    {
        lock (_owned)
            _owned.Add(owned);
        return owned;
    }

    protected static async Task<T> Bounded<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what} did not complete within {Timeout.TotalSeconds:0} s.");
            throw;
        }
    }

    /// <summary>Fails unless <paramref name="body"/> is exactly the first <paramref name="expectedLength"/> bytes of <see cref="DeterministicContent"/>.</summary>
    protected static void AssertBitExact(ReadOnlySpan<byte> body, long expectedLength, string what)
    {
        Assert.True(body.Length == expectedLength, $"{what}: {body.Length} bytes instead of {expectedLength}.");
        long mismatch = DeterministicContent.FindMismatch(0, body);
        Assert.True(mismatch < 0, $"{what}: byte {mismatch} differs from the content served.");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        object[] owned;
        lock (_owned)
            owned = [.. _owned];
        for (int i = owned.Length - 1; i >= 0; i--)
        {
            if (owned[i] is IAsyncDisposable asyncDisposable)
                await asyncDisposable.DisposeAsync();
            else if (owned[i] is IDisposable disposable)
                disposable.Dispose();
        }
        Directory.Delete(WorkDirectory, recursive: true);
    }
}
