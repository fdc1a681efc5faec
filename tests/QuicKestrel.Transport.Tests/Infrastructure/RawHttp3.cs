using QuicKestrel.Http3;
using QuicKestrel.Http3.Framing;
using QuicKestrel.Http3.Qpack;

namespace QuicKestrel.Transport.Tests.Infrastructure;

/// <summary>
/// HTTP/3 by hand on a raw <see cref="QuicTestStream"/>, for tests that must see frames the
/// <see cref="Http3Client"/> would refuse or hide. Encoding and decoding come from QuicKestrel.Http3.
/// </summary>
internal static class RawHttp3
{
    public sealed record Response(int Status, byte[] Body);

    /// <summary>Sends the client's control stream: type 0x00 and an empty SETTINGS frame.</summary>
    public static async Task<QuicTestStream> OpenControlStreamAsync(QuicTestConnection connection)
    {
        QuicTestStream control = await connection.OpenStreamAsync(unidirectional: true);
        await control.SendAsync(Http3FrameWriter.CreateControlStreamPreface(new Http3Settings([])));
        return control;
    }

    /// <summary>A request's HEADERS frame: :method, :scheme https, :authority localhost and :path.</summary>
    public static byte[] Request(string method, string path) => Http3FrameWriter.CreateHeadersFrame(new QpackEncoder(),
        [new(":method", method), new(":scheme", "https"), new(":authority", "localhost"), new(":path", path)]);

    /// <summary>The complete frames (type, payload) at the start of <paramref name="bytes"/>; an incomplete last frame is left out.</summary>
    public static List<(ulong Type, byte[] Payload)> Frames(ReadOnlySpan<byte> bytes)
    {
        var frames = new List<(ulong, byte[])>();
        while (Http3VarInt.TryRead(bytes, out ulong type, out int typeLength)
            && Http3VarInt.TryRead(bytes[typeLength..], out ulong length, out int lengthLength)
            && (ulong)bytes.Length - (ulong)(typeLength + lengthLength) >= length)
        {
            int start = typeLength + lengthLength;
            frames.Add((type, bytes.Slice(start, (int)length).ToArray()));
            bytes = bytes[(start + (int)length)..];
        }
        return frames;
    }

    /// <summary>The status (from the first HEADERS frame) and the content of a complete response stream.</summary>
    public static Response ParseResponse(byte[] bytes)
    {
        int? status = null;
        var body = new MemoryStream();
        foreach ((ulong type, byte[] payload) in Frames(bytes))
        {
            if (type == Http3FrameType.Headers && status is null)
                status = DecodeStatus(payload);
            else if (type == Http3FrameType.Data)
                body.Write(payload);
        }
        return new Response(status ?? throw new InvalidDataException("The response has no HEADERS frame."), body.ToArray());
    }

    private static int DecodeStatus(byte[] fieldSection)
    {
        var fields = new List<Http3Field>();
        QpackDecodeError error = new QpackDecoder().Decode(fieldSection, fields);
        if (error != QpackDecodeError.None || fields.Count == 0 || fields[0].Name != ":status")
            throw new InvalidDataException($"The response's field section does not start with :status ({error}).");
        return int.Parse(fields[0].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
