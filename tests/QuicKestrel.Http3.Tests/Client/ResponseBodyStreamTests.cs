using QuicKestrel.Http3.Protocol;

namespace QuicKestrel.Http3.Tests.Client;

public class ResponseBodyStreamTests
{
    private sealed class Controller : IReceiveController
    {
        public int Resumes;
        public ulong? AbortCode;

        public void ResumeReceive() => Interlocked.Increment(ref Resumes);

        public void AbortReceive(ulong errorCode) => AbortCode = errorCode;
    }

    [Fact]
    public async Task PausesWhenFullAndResumesAfterHalfIsRead()
    {
        var controller = new Controller();
        using var stream = new ResponseBodyStream(controller, 4096);
        IBodySink sink = stream;
        byte[] content = DeterministicContent.Create(10_000);

        Assert.Equal(4096, sink.Write(content));
        Assert.Equal(0, sink.Write(content.AsSpan(4096)));
        var read = new byte[1100];
        Assert.Equal(1000, await stream.ReadAsync(read.AsMemory(0, 1000)));
        Assert.Equal(0, controller.Resumes); // 3096 left: more than half full
        Assert.Equal(1100, await stream.ReadAsync(read));
        Assert.Equal(1, controller.Resumes); // 1996 left

        // The ring wraps: the next write lands partly at the end, partly at the start.
        Assert.Equal(2000, sink.Write(content.AsSpan(4096, 2000)));
        var all = new List<byte>(content.AsSpan(0, 2100).ToArray());
        var buffer = new byte[700];
        while (all.Count < 6096)
        {
            int n = await stream.ReadAsync(buffer);
            all.AddRange(buffer.AsSpan(0, n).ToArray());
        }
        Assert.Equal(content.AsSpan(0, 6096).ToArray(), all);
    }

    [Fact]
    public async Task AReaderWaitsForDataThenSeesTheEnd()
    {
        using var stream = new ResponseBodyStream(new Controller(), 4096);
        var buffer = new byte[10];
        ValueTask<int> pending = stream.ReadAsync(buffer);
        Assert.False(pending.IsCompleted);
        ((IBodySink)stream).Write([1, 2, 3]);
        Assert.Equal(3, await pending);
        stream.Complete();
        Assert.Equal(0, await stream.ReadAsync(buffer));
    }

    [Fact]
    public async Task AFailureReachesTheReaderAfterTheBufferedBytes()
    {
        using var stream = new ResponseBodyStream(new Controller(), 4096);
        ((IBodySink)stream).Write([1, 2]);
        stream.Fail(new Http3Exception(Http3FailureKind.StreamReset, 0x10C, "reset"));
        var buffer = new byte[10];
        Assert.Equal(2, await stream.ReadAsync(buffer));
        var failure = await Assert.ThrowsAsync<Http3Exception>(async () => _ = await stream.ReadAsync(buffer.AsMemory()));
        Assert.Equal(0x10CUL, failure.ErrorCode);
    }

    [Fact]
    public async Task ALocalAbortDropsUnreadBytes()
    {
        using var stream = new ResponseBodyStream(new Controller(), 4096);
        ((IBodySink)stream).Write([1, 2]);
        stream.Fail(new Http3Exception(Http3FailureKind.LocallyAborted, 0x10C, "aborted"), discard: true);
        await Assert.ThrowsAsync<Http3Exception>(async () => _ = await stream.ReadAsync(new byte[10].AsMemory()));
    }

    [Fact]
    public void DisposingBeforeTheEndStopsReceiving()
    {
        var controller = new Controller();
        new ResponseBodyStream(controller, 4096).Dispose();
        Assert.Equal((ulong)Http3ErrorCode.RequestCancelled, controller.AbortCode);

        var finished = new Controller();
        var stream = new ResponseBodyStream(finished, 4096);
        stream.Complete();
        stream.Dispose();
        Assert.Null(finished.AbortCode);
    }

    [Fact]
    public void BufferedBodiesPreallocateFromContentLengthAndEnforceTheLimit()
    {
        var body = new BufferedBody(contentLength: 5, maxLength: 8);
        IBodySink sink = body;
        sink.Write([1, 2, 3]);
        sink.Write([4, 5, 6]);
        Assert.Equal([1, 2, 3, 4, 5, 6], body.Content.ToArray());
        Assert.False(body.TooLarge);
        sink.Write([7, 8, 9]);
        Assert.True(body.TooLarge);
    }
}
