using QuicKestrel.Http3.Framing;
using QuicKestrel.Http3.Protocol;
using QuicKestrel.Http3.Qpack;
using static QuicKestrel.Http3.Tests.Protocol.MessageBuilder;

namespace QuicKestrel.Http3.Tests.Protocol;

public class MessageReaderTests
{
    private sealed class CollectingSink(int limit = int.MaxValue) : IBodySink
    {
        public List<byte> Content { get; } = [];

        public int Limit { get; set; } = limit;

        public int Write(ReadOnlySpan<byte> data)
        {
            int taken = Math.Min(data.Length, Limit - Content.Count);
            Content.AddRange(data.Slice(0, taken).ToArray());
            return taken;
        }
    }

    private sealed record Outcome(Http3MessageReader Reader, CollectingSink Sink, int HeadersEvents, Http3ProtocolError? Error);

    /// <summary>Feeds the stream in two pieces cut at <paramref name="cut"/>, then FIN when <paramref name="fin"/>.</summary>
    private static Outcome Read(byte[] stream, bool isRequest, int cut = 0, bool fin = true)
    {
        var reader = new Http3MessageReader(isRequest, new QpackDecoder());
        var sink = new CollectingSink();
        int headersEvents = 0;
        foreach (byte[] piece in new[] { stream[..cut], stream[cut..] })
        {
            int offset = 0;
            while (true)
            {
                MessageReadStatus status = reader.Read(piece.AsSpan(offset), sink, out int used, out Http3ProtocolError error);
                offset += used;
                if (status == MessageReadStatus.Error)
                    return new Outcome(reader, sink, headersEvents, error);
                if (status == MessageReadStatus.HeadersReceived)
                {
                    headersEvents++;
                    continue;
                }
                Assert.Equal(MessageReadStatus.NeedMoreData, status);
                Assert.Equal(piece.Length, offset);
                break;
            }
        }
        if (fin && !reader.TryFinish(out Http3ProtocolError finError))
            return new Outcome(reader, sink, headersEvents, finError);
        return new Outcome(reader, sink, headersEvents, null);
    }

    private static void AssertError(Outcome outcome, Http3ErrorCode code, bool connection)
    {
        Assert.NotNull(outcome.Error);
        Assert.Equal(code, outcome.Error.Value.Code);
        Assert.Equal(connection, outcome.Error.Value.IsConnectionError);
    }

    [Fact]
    public void ReadsAResponseWithContentAndTrailersAtEveryCut()
    {
        byte[] stream =
        [
            .. Response(103, ("link", "</style.css>; rel=preload")),
            .. Response(200, ("content-length", "10")),
            .. Data([0, 1, 2, 3]),
            .. Frame(0x21, 1, 2, 3),
            .. Data([4, 5, 6, 7, 8, 9]),
            .. Headers(("x-checksum", "abc")),
        ];
        for (int cut = 0; cut <= stream.Length; cut++)
        {
            Outcome outcome = Read(stream, isRequest: false, cut);
            Assert.Null(outcome.Error);
            Assert.Equal(1, outcome.HeadersEvents);
            Assert.Equal(200, outcome.Reader.Status);
            Assert.Equal(10, outcome.Reader.ContentLength);
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (byte)i), outcome.Sink.Content);
            Assert.Equal([new Http3Field("x-checksum", "abc")], outcome.Reader.Trailers);
            Assert.True(outcome.Reader.IsFinished);
        }
    }

    [Fact]
    public void ReadsARequest()
    {
        Outcome outcome = Read([.. Request("POST", "/echo"), .. Data([1, 2])], isRequest: true);
        Assert.Null(outcome.Error);
        Assert.Equal(new RequestHead("POST", "https", "localhost", "/echo"), outcome.Reader.Request);
        Assert.Equal([1, 2], outcome.Sink.Content);
    }

    [Fact]
    public void DataBeforeHeadersIsAnUnexpectedFrame() =>
        AssertError(Read([.. Data([1]), .. Response(200)], isRequest: false), Http3ErrorCode.FrameUnexpected, connection: true);

    [Fact]
    public void EmptyDataBeforeHeadersIsAnUnexpectedFrame() =>
        AssertError(Read([.. Data([]), .. Response(200)], isRequest: false), Http3ErrorCode.FrameUnexpected, connection: true);

    [Fact]
    public void HeadersAfterTrailersIsAnUnexpectedFrame() =>
        AssertError(Read([.. Response(200), .. Headers(("a", "b")), .. Headers(("c", "d"))], isRequest: false), Http3ErrorCode.FrameUnexpected, connection: true);

    [Fact]
    public void DataAfterTrailersIsAnUnexpectedFrame() =>
        AssertError(Read([.. Response(200), .. Headers(("a", "b")), .. Data([1])], isRequest: false), Http3ErrorCode.FrameUnexpected, connection: true);

    [Theory]
    [InlineData(0x04UL)] // SETTINGS
    [InlineData(0x07UL)] // GOAWAY
    [InlineData(0x0DUL)] // MAX_PUSH_ID
    [InlineData(0x03UL)] // CANCEL_PUSH
    public void ControlFramesOnARequestStreamAreUnexpected(ulong type) =>
        AssertError(Read([.. Response(200), .. Frame(type, 0)], isRequest: false), Http3ErrorCode.FrameUnexpected, connection: true);

    [Fact]
    public void PushPromiseIsAnIdErrorForAClientThatNeverSentMaxPushId() =>
        AssertError(Read([.. Frame(Http3FrameType.PushPromise, 0, 0, 0), .. Response(200)], isRequest: false), Http3ErrorCode.IdError, connection: true);

    [Fact]
    public void PushPromiseFromAClientIsUnexpected() =>
        AssertError(Read([.. Request(), .. Frame(Http3FrameType.PushPromise, 0, 0, 0)], isRequest: true), Http3ErrorCode.FrameUnexpected, connection: true);

    [Fact]
    public void AStreamEndingInsideAFrameIsAFrameError()
    {
        byte[] stream = [.. Response(200), .. Data([1, 2, 3])];
        AssertError(Read(stream[..^1], isRequest: false), Http3ErrorCode.FrameError, connection: true);
    }

    [Fact]
    public void ARequestStreamEndingBeforeHeadersIsIncomplete() =>
        AssertError(Read([], isRequest: true), Http3ErrorCode.RequestIncomplete, connection: false);

    [Fact]
    public void AResponseStreamEndingBeforeHeadersIsMalformed() =>
        AssertError(Read(Response(103), isRequest: false), Http3ErrorCode.MessageError, connection: false);

    [Fact]
    public void ContentShorterThanContentLengthIsMalformed() =>
        AssertError(Read([.. Response(200, ("content-length", "5")), .. Data([1, 2])], isRequest: false), Http3ErrorCode.MessageError, connection: false);

    [Fact]
    public void ContentLongerThanContentLengthIsMalformed() =>
        AssertError(Read([.. Response(200, ("content-length", "1")), .. Data([1, 2])], isRequest: false, fin: false), Http3ErrorCode.MessageError, connection: false);

    [Fact]
    public void AHeadResponseHasNoContent()
    {
        var reader = new Http3MessageReader(isRequest: false, new QpackDecoder()) { IsHeadResponse = true };
        byte[] stream = Response(200, ("content-length", "1000"));
        Assert.Equal(MessageReadStatus.HeadersReceived, reader.Read(stream, DiscardBodySink.Instance, out _, out _));
        Assert.True(reader.TryFinish(out _));
    }

    [Fact]
    public void InvalidQpackIsADecompressionFailure() =>
        AssertError(Read(Frame(Http3FrameType.Headers, 0x03, 0x81, 0x10), isRequest: false), Http3ErrorCode.QpackDecompressionFailed, connection: true);

    [Fact]
    public void AnOversizedFieldSectionIsExcessiveLoad()
    {
        var reader = new Http3MessageReader(isRequest: false, new QpackDecoder(maxFieldSectionSize: 64));
        byte[] stream = Response(200, ("x", new string('y', 100)));
        Assert.Equal(MessageReadStatus.Error, reader.Read(stream, DiscardBodySink.Instance, out _, out Http3ProtocolError error));
        Assert.Equal(Http3ErrorCode.ExcessiveLoad, error.Code);
        Assert.False(error.IsConnectionError);
    }

    [Theory]
    [InlineData("content-Type", "text/plain", "uppercase name")]
    [InlineData("connection", "close", "connection-specific field")]
    [InlineData("transfer-encoding", "chunked", "connection-specific field")]
    [InlineData("te", "gzip", "te other than trailers")]
    [InlineData("x", "a\nb", "LF in a value")]
    [InlineData("", "v", "empty name")]
    public void MalformedResponseFieldsAreMessageErrors(string name, string value, string why)
    {
        Outcome outcome = Read(Response(200, (name, value)), isRequest: false);
        Assert.True(outcome.Error is { Code: Http3ErrorCode.MessageError, IsConnectionError: false }, why);
    }

    [Fact]
    public void TeTrailersIsAllowed() =>
        Assert.Null(Read(Request("GET", "/", ("te", "trailers")), isRequest: true).Error);

    [Theory]
    [InlineData("missing :path")]
    [InlineData("missing :method")]
    [InlineData("duplicate :method")]
    [InlineData("response pseudo-header")]
    [InlineData("pseudo-header after a regular field")]
    [InlineData("empty :path")]
    [InlineData("no authority")]
    [InlineData("CONNECT with :path")]
    public void MalformedRequestsAreMessageErrors(string why)
    {
        (string, string)[] fields = why switch
        {
            "missing :path" => [(":method", "GET"), (":scheme", "https"), (":authority", "a")],
            "missing :method" => [(":scheme", "https"), (":authority", "a"), (":path", "/")],
            "duplicate :method" => [(":method", "GET"), (":method", "GET"), (":scheme", "https"), (":authority", "a"), (":path", "/")],
            "response pseudo-header" => [(":status", "200"), (":method", "GET"), (":scheme", "https"), (":authority", "a"), (":path", "/")],
            "pseudo-header after a regular field" => [(":method", "GET"), ("x", "1"), (":scheme", "https"), (":authority", "a"), (":path", "/")],
            "empty :path" => [(":method", "GET"), (":scheme", "https"), (":authority", "a"), (":path", "")],
            "no authority" => [(":method", "GET"), (":scheme", "https"), (":path", "/")],
            _ => [(":method", "CONNECT"), (":authority", "a:443"), (":path", "/")],
        };
        Outcome outcome = Read(Headers(fields), isRequest: true);
        Assert.True(outcome.Error is { Code: Http3ErrorCode.MessageError, IsConnectionError: false }, why);
    }

    [Fact]
    public void AcceptsConnectAndHostInsteadOfAuthority()
    {
        Assert.Null(Read(Headers((":method", "CONNECT"), (":authority", "a:443")), isRequest: true).Error);
        Assert.Null(Read(Headers((":method", "GET"), (":scheme", "https"), (":path", "/"), ("host", "a")), isRequest: true).Error);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("2000")]
    [InlineData("abc")]
    [InlineData("600")]
    public void InvalidStatusIsMalformed(string status) =>
        Assert.Equal(Http3ErrorCode.MessageError, Read(Headers((":status", status)), isRequest: false).Error?.Code);

    [Fact]
    public void PseudoHeadersInTrailersAreMalformed() =>
        Assert.Equal(Http3ErrorCode.MessageError, Read([.. Response(200), .. Headers((":status", "200"))], isRequest: false).Error?.Code);

    [Fact]
    public void PausesWhenTheSinkIsFullAndResumesExactly()
    {
        byte[] stream = [.. Response(200), .. Data([1, 2, 3, 4, 5, 6]), .. Data([7, 8])];
        var reader = new Http3MessageReader(isRequest: false, new QpackDecoder());
        var sink = new CollectingSink(limit: 4);
        Assert.Equal(MessageReadStatus.HeadersReceived, reader.Read(stream, sink, out int used, out _));
        int offset = used;
        Assert.Equal(MessageReadStatus.Paused, reader.Read(stream.AsSpan(offset), sink, out used, out _));
        offset += used;
        Assert.Equal([1, 2, 3, 4], sink.Content);
        sink.Limit = 100;
        Assert.Equal(MessageReadStatus.NeedMoreData, reader.Read(stream.AsSpan(offset), sink, out used, out _));
        Assert.Equal(stream.Length, offset + used);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], sink.Content);
        Assert.Equal(8, reader.BodyLength);
        Assert.True(reader.TryFinish(out _));
    }
}
