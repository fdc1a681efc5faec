using QuicKestrel.Http3.Qpack;

namespace QuicKestrel.Http3.Framing;

/// <summary>Writes HTTP/3 frames: a varint type, a varint payload length, the payload (RFC 9114 §7.1).</summary>
public static class Http3FrameWriter
{
    /// <summary>The longest frame header: two 8-byte varints.</summary>
    public const int MaxFrameHeaderLength = 2 * Http3VarInt.MaxLength;

    /// <summary>The length of the header of a frame of this type and payload length.</summary>
    /// <param name="type">The frame type.</param>
    /// <param name="payloadLength">The payload length.</param>
    /// <returns>The number of bytes.</returns>
    public static int GetFrameHeaderLength(ulong type, ulong payloadLength) =>
        Http3VarInt.GetLength(type) + Http3VarInt.GetLength(payloadLength);

    /// <summary>Writes a frame header.</summary>
    /// <param name="destination">Room for <see cref="GetFrameHeaderLength"/> bytes.</param>
    /// <param name="type">The frame type.</param>
    /// <param name="payloadLength">The payload length.</param>
    /// <returns>The number of bytes written.</returns>
    public static int WriteFrameHeader(Span<byte> destination, ulong type, ulong payloadLength)
    {
        int written = Http3VarInt.Write(destination, type);
        return written + Http3VarInt.Write(destination.Slice(written), payloadLength);
    }

    /// <summary>A whole frame in a new array.</summary>
    /// <param name="type">The frame type.</param>
    /// <param name="payload">The payload.</param>
    /// <returns>The frame.</returns>
    public static byte[] CreateFrame(ulong type, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[GetFrameHeaderLength(type, (ulong)payload.Length) + payload.Length];
        int header = WriteFrameHeader(frame, type, (ulong)payload.Length);
        payload.CopyTo(frame.AsSpan(header));
        return frame;
    }

    /// <summary>A frame whose payload is one varint (GOAWAY, MAX_PUSH_ID, CANCEL_PUSH).</summary>
    /// <param name="type">The frame type.</param>
    /// <param name="value">The payload's varint.</param>
    /// <returns>The frame.</returns>
    public static byte[] CreateVarIntFrame(ulong type, ulong value)
    {
        Span<byte> payload = stackalloc byte[Http3VarInt.MaxLength];
        return CreateFrame(type, payload.Slice(0, Http3VarInt.Write(payload, value)));
    }

    /// <summary>A SETTINGS frame with the given pairs, in order.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The frame.</returns>
    public static byte[] CreateSettingsFrame(Http3Settings settings)
    {
        var payload = new byte[settings.Entries.Count * 2 * Http3VarInt.MaxLength];
        int length = 0;
        foreach (KeyValuePair<ulong, ulong> entry in settings.Entries)
        {
            length += Http3VarInt.Write(payload.AsSpan(length), entry.Key);
            length += Http3VarInt.Write(payload.AsSpan(length), entry.Value);
        }
        return CreateFrame(Http3FrameType.Settings, payload.AsSpan(0, length));
    }

    /// <summary>
    /// The start of a control stream: the stream type 0x00 followed by our SETTINGS frame, which
    /// must come first (RFC 9114 §6.2.1).
    /// </summary>
    /// <param name="settings">The settings to send.</param>
    /// <returns>The bytes to send on the new unidirectional stream.</returns>
    public static byte[] CreateControlStreamPreface(Http3Settings settings)
    {
        byte[] frame = CreateSettingsFrame(settings);
        var preface = new byte[1 + frame.Length];
        preface[0] = (byte)Http3StreamType.Control;
        frame.CopyTo(preface, 1);
        return preface;
    }

    /// <summary>A HEADERS frame carrying the QPACK encoding of <paramref name="fields"/>.</summary>
    /// <param name="encoder">The QPACK encoder.</param>
    /// <param name="fields">The field lines.</param>
    /// <returns>The frame.</returns>
    public static byte[] CreateHeadersFrame(QpackEncoder encoder, ReadOnlySpan<Http3Field> fields)
    {
        int max = QpackEncoder.GetMaxEncodedLength(fields);
        byte[] rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max);
        try
        {
            int length = encoder.Encode(fields, rented);
            return CreateFrame(Http3FrameType.Headers, rented.AsSpan(0, length));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
