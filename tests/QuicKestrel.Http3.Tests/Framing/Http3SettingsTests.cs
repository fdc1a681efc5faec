using QuicKestrel.Http3.Framing;

namespace QuicKestrel.Http3.Tests.Framing;

public class Http3SettingsTests
{
    [Fact]
    public void OurSettingsDisableTheDynamicTable()
    {
        byte[] frame = Http3FrameWriter.CreateSettingsFrame(Http3Settings.CreateLocal(65536));
        // type 4, length 9: (1, 0), (7, 0), (6, 65536 as a 4-byte varint).
        Assert.Equal("0409" + "0100" + "0700" + "06" + "80010000", Hex.Format(frame));
        Assert.True(Http3Settings.TryParse(frame.AsSpan(2), out Http3Settings parsed, out _));
        Assert.Equal(0UL, parsed.QpackMaxTableCapacity);
        Assert.Equal(0UL, parsed.QpackBlockedStreams);
        Assert.Equal(65536UL, parsed.MaxFieldSectionSize);
    }

    [Fact]
    public void ThePrefaceStartsWithTheControlStreamType()
    {
        byte[] preface = Http3FrameWriter.CreateControlStreamPreface(Http3Settings.CreateLocal(100));
        Assert.Equal(0x00, preface[0]);
        Assert.Equal(0x04, preface[1]);
    }

    [Fact]
    public void KeepsUnknownAndGreaseIdentifiers()
    {
        Assert.True(Http3Settings.TryParse(Hex.Parse("21 05 4040 00 0100"), out Http3Settings settings, out _));
        Assert.Equal(3, settings.Entries.Count);
        Assert.Equal(5UL, settings.Get(0x21));
        Assert.Equal(0UL, settings.Get(0x40));
        Assert.Null(settings.MaxFieldSectionSize);
    }

    [Theory]
    [InlineData("0100 0100", Http3ErrorCode.SettingsError)] // duplicate identifier
    [InlineData("0200", Http3ErrorCode.SettingsError)] // HTTP/2 ENABLE_PUSH
    [InlineData("0325", Http3ErrorCode.SettingsError)] // HTTP/2 MAX_CONCURRENT_STREAMS
    [InlineData("0400", Http3ErrorCode.SettingsError)] // HTTP/2 INITIAL_WINDOW_SIZE
    [InlineData("0540", Http3ErrorCode.FrameError)] // value truncated
    [InlineData("06", Http3ErrorCode.FrameError)] // identifier without value
    public void RejectsInvalidPayloads(string hex, Http3ErrorCode expected)
    {
        Assert.False(Http3Settings.TryParse(Hex.Parse(hex), out _, out Http3ErrorCode error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void RecognizesGreaseValues()
    {
        Assert.True(Http3FrameType.IsGrease(0x21));
        Assert.True(Http3FrameType.IsGrease(0x1F * 1000 + 0x21));
        Assert.False(Http3FrameType.IsGrease(0x20));
        Assert.False(Http3FrameType.IsGrease(0x22));
    }
}
