using QuicKestrel.Http3.Framing;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3.Tests.EndToEnd;

/// <summary>Raw bytes sent through the public API at our server: protocol errors close the connection with the RFC's code.</summary>
[Trait("Category", "EndToEnd")]
public sealed class LoopbackProtocolErrorTests : EndToEndTest
{
    private static readonly QuicStreamCallback s_closeWhenDone = (QuicHandle stream, object? context, ref QuicStreamEvent evt) =>
    {
        if (evt.Type == QuicStreamEventType.ShutdownComplete)
            ((QuicApiTable)context!).StreamClose(stream);
        return QuicStatus.Success;
    };

    private static QuicHandle SendRaw(Http3Client client, QuicStreamOpenFlags flags, byte[] bytes, bool fin, QuicStreamCallback? callback = null, object? context = null)
    {
        QuicApiTable api = client.Api;
        Assert.True(api.StreamOpen(client.Connection, flags, callback ?? s_closeWhenDone, context ?? api, out QuicHandle? stream).Succeeded());
        Assert.True(api.StreamStart(stream, QuicStreamStartFlags.Immediate).Succeeded());
        Assert.True(api.StreamSend(stream, new QuicBuffer[] { bytes }, fin ? QuicSendFlags.Fin : QuicSendFlags.None, null).Succeeded());
        return stream!;
    }

    private async Task AssertServerClosesWith(Http3Client client, Http3ErrorCode code)
    {
        await Bounded(client.Closed);
        Assert.Equal(Http3FailureKind.ConnectionClosed, client.CloseReason?.Kind);
        Assert.Equal((ulong)code, client.CloseReason?.ErrorCode);
    }

    [Fact]
    public async Task DataBeforeHeadersIsAnUnexpectedFrame()
    {
        Http3Server server = StartServer();
        Http3Client client = await ConnectAsync(server);

        SendRaw(client, QuicStreamOpenFlags.None, Http3FrameWriter.CreateFrame(Http3FrameType.Data, [1, 2, 3]), fin: true);

        await AssertServerClosesWith(client, Http3ErrorCode.FrameUnexpected);
    }

    [Fact]
    public async Task ASecondControlStreamIsAStreamCreationError()
    {
        Http3Server server = StartServer();
        Http3Client client = await ConnectAsync(server);

        SendRaw(client, QuicStreamOpenFlags.Unidirectional, Http3FrameWriter.CreateControlStreamPreface(Http3Settings.CreateLocal(100)), fin: false);

        await AssertServerClosesWith(client, Http3ErrorCode.StreamCreationError);
    }

    [Fact]
    public async Task InvalidQpackIsADecompressionFailure()
    {
        Http3Server server = StartServer();
        Http3Client client = await ConnectAsync(server);

        SendRaw(client, QuicStreamOpenFlags.None, Http3FrameWriter.CreateFrame(Http3FrameType.Headers, [0x03, 0x81, 0x10]), fin: true);

        await AssertServerClosesWith(client, Http3ErrorCode.QpackDecompressionFailed);
    }

    [Fact]
    public async Task AMalformedRequestResetsOnlyItsStream()
    {
        Http3Server server = StartServer();
        Http3Client client = await ConnectAsync(server);
        var request = new Http3Request("GET", "/bytes/10");
        request.Headers.Add(new Http3Field("Upper-Case", "x")); // RFC 9114 §4.2: malformed

        var failure = await Assert.ThrowsAsync<Http3Exception>(() => Bounded(client.SendAsync(request)));

        Assert.Equal(Http3FailureKind.StreamReset, failure.Kind);
        Assert.Equal((ulong)Http3ErrorCode.MessageError, failure.ErrorCode);
        Assert.Equal(200, (await Bounded(client.GetAsync("/bytes/10"))).Status);
    }

    [Fact]
    public async Task AnUnknownStreamTypeIsStoppedAndTheConnectionLivesOn()
    {
        Http3Server server = StartServer();
        Http3Client client = await ConnectAsync(server);
        var stopped = new TaskCompletionSource<ulong>(TaskCreationOptions.RunContinuationsAsynchronously);
        QuicApiTable api = client.Api;
        QuicStreamCallback onEvent = (QuicHandle stream, object? context, ref QuicStreamEvent evt) =>
        {
            if (evt.Type == QuicStreamEventType.PeerReceiveAborted)
                stopped.TrySetResult(evt.PeerReceiveAborted.ErrorCode);
            else if (evt.Type == QuicStreamEventType.ShutdownComplete)
                api.StreamClose(stream);
            return QuicStatus.Success;
        };

        SendRaw(client, QuicStreamOpenFlags.Unidirectional, [0x21, 1, 2, 3], fin: false, onEvent, api); // a reserved type (§6.2.3)

        Assert.Equal((ulong)Http3ErrorCode.StreamCreationError, await Bounded(stopped.Task));
        Assert.Equal(200, (await Bounded(client.GetAsync("/bytes/10"))).Status);
    }
}
