namespace QuicKestrel.Http3.Tests.EndToEnd;

/// <summary>
/// Base of the tests that run our client and server over the public API on loopback UDP. They
/// carry the trait Category=EndToEnd, so the unit tests can run alone with
/// <c>--filter "Category!=EndToEnd"</c>.
/// </summary>
// xunit 2 disposes test classes through IAsyncLifetime (it does not call IAsyncDisposable).
public abstract class EndToEndTest : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly List<IAsyncDisposable> _owned = [];

    protected Http3Server StartServer(Http3ServerOptions? options = null)
    {
        Http3Server server = Http3Server.Start(options ?? new Http3ServerOptions());
        _owned.Add(server);
        return server;
    }

    protected static Http3ClientOptions ClientOptions(Http3Server server) => new() { Host = "127.0.0.1", Port = server.Port };

    protected async Task<Http3Client> ConnectAsync(Http3Server server, Action<Http3ClientOptions>? configure = null)
    {
        Http3ClientOptions options = ClientOptions(server);
        configure?.Invoke(options);
        using var timeout = new CancellationTokenSource(Timeout);
        Http3Client client = await Http3Client.ConnectAsync(options, timeout.Token);
        _owned.Insert(0, client); // clients are disposed before servers
        return client;
    }

    protected static async Task<T> Bounded<T>(Task<T> task) => await task.WaitAsync(Timeout);

    protected static async Task Bounded(Task task) => await task.WaitAsync(Timeout);

    protected static void AssertDeterministic(ReadOnlySpan<byte> body, long expectedLength)
    {
        Assert.Equal(expectedLength, body.Length);
        Assert.Equal(-1, DeterministicContent.FindMismatch(0, body));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (IAsyncDisposable owned in _owned)
            await owned.DisposeAsync();
    }

    /// <summary>An upload that never ends by itself: deterministic bytes, a little at a time (bounded at 1 GiB).</summary>
    protected sealed class EndlessStream : Stream
    {
        private const long Limit = 1L << 30;
        private long _position;

        public long Position_ => Interlocked.Read(ref _position);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => Interlocked.Read(ref _position);
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(2, cancellationToken);
            int length = (int)Math.Min(Math.Min(buffer.Length, 16 * 1024), Limit - _position);
            DeterministicContent.Fill(_position, buffer.Span.Slice(0, length));
            Interlocked.Add(ref _position, length);
            return length;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
