using QuicKestrel.Http3.Framing;
using QuicKestrel.Http3.Qpack;

namespace QuicKestrel.Http3.Tests.Protocol;

/// <summary>Builds request-stream bytes for the reader tests.</summary>
internal static class MessageBuilder
{
    public static byte[] Headers(params (string Name, string Value)[] fields) =>
        Http3FrameWriter.CreateHeadersFrame(new QpackEncoder(), [.. fields.Select(f => new Http3Field(f.Name, f.Value))]);

    public static byte[] Data(byte[] content) => Http3FrameWriter.CreateFrame(Http3FrameType.Data, content);

    public static byte[] Frame(ulong type, params byte[] payload) => Http3FrameWriter.CreateFrame(type, payload);

    public static byte[] Response(int status, params (string Name, string Value)[] more) =>
        Headers([(":status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. more]);

    public static byte[] Request(string method = "GET", string path = "/", params (string Name, string Value)[] more) =>
        Headers([(":method", method), (":scheme", "https"), (":authority", "localhost"), (":path", path), .. more]);
}
