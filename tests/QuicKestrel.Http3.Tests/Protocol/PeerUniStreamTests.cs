using QuicKestrel.Http3.Framing;
using QuicKestrel.Http3.Protocol;
using static QuicKestrel.Http3.Tests.Protocol.MessageBuilder;

namespace QuicKestrel.Http3.Tests.Protocol;

public class PeerUniStreamTests
{
    private sealed class RecordingHandler : IControlStreamHandler
    {
        public List<string> Events { get; } = [];

        public void OnSettings(Http3Settings settings) => Events.Add($"settings {settings}");

        public void OnGoAway(ulong id) => Events.Add($"goaway {id}");
    }

    private static readonly byte[] s_settings = Http3FrameWriter.CreateSettingsFrame(Http3Settings.CreateLocal(100));

    private static (UniStreamVerdict Verdict, Http3ProtocolError Error) Feed(PeerUniStreamReader reader, byte[] bytes, bool oneByteAtATime = false)
    {
        IEnumerable<byte[]> pieces = oneByteAtATime ? bytes.Select(b => new[] { b }) : [bytes];
        foreach (byte[] piece in pieces)
        {
            UniStreamVerdict verdict = reader.Read(piece, out Http3ProtocolError error);
            if (verdict != UniStreamVerdict.Continue)
                return (verdict, error);
        }
        return (UniStreamVerdict.Continue, default);
    }

    private static (UniStreamVerdict Verdict, Http3ProtocolError Error, RecordingHandler Handler, Http3ConnectionState State) Run(bool isServer, byte[] bytes, bool oneByteAtATime = false)
    {
        var state = new Http3ConnectionState(isServer);
        var handler = new RecordingHandler();
        (UniStreamVerdict verdict, Http3ProtocolError error) = Feed(new PeerUniStreamReader(state, handler), bytes, oneByteAtATime);
        return (verdict, error, handler, state);
    }

    private static void AssertConnectionError((UniStreamVerdict Verdict, Http3ProtocolError Error, RecordingHandler, Http3ConnectionState) result, Http3ErrorCode code)
    {
        Assert.Equal(UniStreamVerdict.ConnectionError, result.Verdict);
        Assert.Equal(code, result.Error.Code);
        Assert.True(result.Error.IsConnectionError);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsSettingsThenGoAway(bool oneByteAtATime)
    {
        byte[] stream = [0x00, .. s_settings, .. Frame(0x21, 1, 2), .. Http3FrameWriter.CreateVarIntFrame(Http3FrameType.GoAway, 8), .. Http3FrameWriter.CreateVarIntFrame(Http3FrameType.GoAway, 4)];
        var result = Run(isServer: false, stream, oneByteAtATime);
        Assert.Equal(UniStreamVerdict.Continue, result.Verdict);
        Assert.Equal(["settings 0x1=0, 0x7=0, 0x6=100", "goaway 8", "goaway 4"], result.Handler.Events);
        Assert.Equal(4UL, result.State.GoAwayId);
    }

    [Fact]
    public void TheFirstControlFrameMustBeSettings()
    {
        AssertConnectionError(Run(false, [0x00, .. Http3FrameWriter.CreateVarIntFrame(Http3FrameType.GoAway, 0)]), Http3ErrorCode.MissingSettings);
        AssertConnectionError(Run(false, [0x00, .. Frame(0x21)]), Http3ErrorCode.MissingSettings);
        AssertConnectionError(Run(false, [0x00, .. Data([])]), Http3ErrorCode.MissingSettings);
    }

    [Theory]
    [InlineData(0x04UL, Http3ErrorCode.FrameUnexpected)] // second SETTINGS
    [InlineData(0x00UL, Http3ErrorCode.FrameUnexpected)] // DATA
    [InlineData(0x01UL, Http3ErrorCode.FrameUnexpected)] // HEADERS
    [InlineData(0x05UL, Http3ErrorCode.FrameUnexpected)] // PUSH_PROMISE
    [InlineData(0x0DUL, Http3ErrorCode.FrameUnexpected)] // MAX_PUSH_ID sent to a client
    [InlineData(0x03UL, Http3ErrorCode.IdError)] // CANCEL_PUSH without pushes
    [InlineData(0x02UL, Http3ErrorCode.FrameUnexpected)] // HTTP/2 PRIORITY
    public void RejectsFramesNotAllowedOnTheControlStream(ulong type, Http3ErrorCode code) =>
        AssertConnectionError(Run(false, [0x00, .. s_settings, .. Frame(type, 0)]), code);

    [Fact]
    public void InvalidSettingsCloseTheConnection() =>
        AssertConnectionError(Run(false, [0x00, .. Frame(Http3FrameType.Settings, 0x02, 0x00)]), Http3ErrorCode.SettingsError);

    [Fact]
    public void GoAwayRules()
    {
        AssertConnectionError(Run(false, [0x00, .. s_settings, .. Http3FrameWriter.CreateVarIntFrame(Http3FrameType.GoAway, 2)]), Http3ErrorCode.IdError);
        AssertConnectionError(Run(false, [0x00, .. s_settings, .. Http3FrameWriter.CreateVarIntFrame(Http3FrameType.GoAway, 4), .. Http3FrameWriter.CreateVarIntFrame(Http3FrameType.GoAway, 8)]), Http3ErrorCode.IdError);
        AssertConnectionError(Run(false, [0x00, .. s_settings, .. Frame(Http3FrameType.GoAway, 0x04, 0x00)]), Http3ErrorCode.FrameError);
        // A server receives push IDs in GOAWAY: any value, never increasing.
        Assert.Equal(UniStreamVerdict.Continue, Run(true, [0x00, .. s_settings, .. Http3FrameWriter.CreateVarIntFrame(Http3FrameType.GoAway, 3)]).Verdict);
    }

    [Fact]
    public void AServerTracksMaxPushIdWhichMustNotDecrease()
    {
        var ok = Run(true, [0x00, .. s_settings, .. Http3FrameWriter.CreateVarIntFrame(Http3FrameType.MaxPushId, 5), .. Http3FrameWriter.CreateVarIntFrame(Http3FrameType.MaxPushId, 9)]);
        Assert.Equal(UniStreamVerdict.Continue, ok.Verdict);
        Assert.Equal(9UL, ok.State.MaxPushId);
        AssertConnectionError(Run(true, [0x00, .. s_settings, .. Http3FrameWriter.CreateVarIntFrame(Http3FrameType.MaxPushId, 5), .. Http3FrameWriter.CreateVarIntFrame(Http3FrameType.MaxPushId, 4)]), Http3ErrorCode.IdError);
    }

    [Fact]
    public void ASecondControlStreamIsAStreamCreationError()
    {
        var state = new Http3ConnectionState(isServer: false);
        var handler = new RecordingHandler();
        Assert.Equal(UniStreamVerdict.Continue, Feed(new PeerUniStreamReader(state, handler), [0x00, .. s_settings]).Verdict);
        (UniStreamVerdict verdict, Http3ProtocolError error) = Feed(new PeerUniStreamReader(state, handler), [0x00]);
        Assert.Equal(UniStreamVerdict.ConnectionError, verdict);
        Assert.Equal(Http3ErrorCode.StreamCreationError, error.Code);
    }

    [Theory]
    [InlineData(0x02UL)]
    [InlineData(0x03UL)]
    public void ASecondQpackStreamOfOneTypeIsAStreamCreationError(ulong type)
    {
        var state = new Http3ConnectionState(isServer: true);
        var handler = new RecordingHandler();
        Assert.Equal(UniStreamVerdict.Continue, Feed(new PeerUniStreamReader(state, handler), [(byte)type]).Verdict);
        Assert.Equal(Http3ErrorCode.StreamCreationError, Feed(new PeerUniStreamReader(state, handler), [(byte)type]).Error.Code);
    }

    [Fact]
    public void PushStreamsAreRefused()
    {
        // §4.6: a client that never sent MAX_PUSH_ID treats a push stream as H3_ID_ERROR; §6.2.2: a server refuses client push streams.
        AssertConnectionError(Run(isServer: false, [0x01, 0x00]), Http3ErrorCode.IdError);
        AssertConnectionError(Run(isServer: true, [0x01, 0x00]), Http3ErrorCode.StreamCreationError);
    }

    [Theory]
    [InlineData(new byte[] { 0x21 })] // reserved (grease) type
    [InlineData(new byte[] { 0x40, 0x54 })] // unknown two-byte type
    [InlineData(new byte[] { 0x04 })] // unassigned type
    public void UnknownStreamTypesAreStoppedWithStreamCreationError(byte[] type)
    {
        var state = new Http3ConnectionState(isServer: false);
        var reader = new PeerUniStreamReader(state, new RecordingHandler());
        (UniStreamVerdict verdict, Http3ProtocolError error) = Feed(reader, [.. type, 0xFF, 0xFF], oneByteAtATime: true);
        Assert.Equal(UniStreamVerdict.AbortReceive, verdict);
        Assert.Equal(Http3ErrorCode.StreamCreationError, error.Code);
        Assert.False(error.IsConnectionError);
        Assert.Equal(UniStreamVerdict.Continue, reader.Read([0x00, 0x01], out _)); // later bytes are ignored
        Assert.Equal(UniStreamVerdict.Continue, reader.OnPeerClosed(out _));
    }

    [Fact]
    public void ClosingACriticalStreamIsAnError()
    {
        foreach (byte type in new byte[] { 0x00, 0x02, 0x03 })
        {
            var reader = new PeerUniStreamReader(new Http3ConnectionState(isServer: true), new RecordingHandler());
            reader.Read([type], out _);
            Assert.Equal(UniStreamVerdict.ConnectionError, reader.OnPeerClosed(out Http3ProtocolError error));
            Assert.Equal(Http3ErrorCode.ClosedCriticalStream, error.Code);
        }
    }

    [Theory]
    [InlineData("02 20", true)] // Set Dynamic Table Capacity 0
    [InlineData("02 3f00", false)] // capacity 31, in a continued integer
    [InlineData("02 21", false)] // capacity 1
    [InlineData("02 c0 00", false)] // Insert with static name reference
    [InlineData("02 40 00", false)] // Insert with literal name
    [InlineData("02 00", false)] // Duplicate
    [InlineData("03 41", true)] // Stream Cancellation
    [InlineData("03 7f 80 01", true)] // Stream Cancellation, multi-byte stream ID
    [InlineData("03 81", false)] // Section Acknowledgment: we never referenced the table
    [InlineData("03 01", false)] // Insert Count Increment
    public void ChecksQpackStreamInstructions(string hex, bool valid)
    {
        byte[] bytes = Hex.Parse(hex);
        var result = Run(isServer: false, bytes, oneByteAtATime: true);
        if (valid)
        {
            Assert.Equal(UniStreamVerdict.Continue, result.Verdict);
            return;
        }
        Assert.Equal(UniStreamVerdict.ConnectionError, result.Verdict);
        Assert.Equal(bytes[0] == 0x02 ? Http3ErrorCode.QpackEncoderStreamError : Http3ErrorCode.QpackDecoderStreamError, result.Error.Code);
    }
}
