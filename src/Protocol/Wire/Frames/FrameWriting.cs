namespace QuicKestrel.Protocol.Wire;

/// <summary>Shared writers for frames made of a type and one or two varints, and for field-less frames.</summary>
internal static class FrameWriting
{
    public static bool TryWriteType(Span<byte> destination, FrameType type, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.IsEmpty)
            return false;
        destination[0] = (byte)type;
        bytesWritten = 1;
        return true;
    }

    public static bool TryWriteTypeAndValue(Span<byte> destination, FrameType type, ulong value, out int bytesWritten)
    {
        var writer = new SpanWriter(destination);
        bool ok = writer.TryWriteByte((byte)type) && writer.TryWriteVarInt(value);
        bytesWritten = ok ? writer.Position : 0;
        return ok;
    }

    public static bool TryWriteTypeAndTwoValues(Span<byte> destination, FrameType type, ulong first, ulong second, out int bytesWritten)
    {
        var writer = new SpanWriter(destination);
        bool ok = writer.TryWriteByte((byte)type) && writer.TryWriteVarInt(first) && writer.TryWriteVarInt(second);
        bytesWritten = ok ? writer.Position : 0;
        return ok;
    }

    /// <summary>Writes a PING frame (RFC 9000 §19.2).</summary>
    public static bool TryWritePing(Span<byte> destination, out int bytesWritten) =>
        TryWriteType(destination, FrameType.Ping, out bytesWritten);

    /// <summary>Writes a HANDSHAKE_DONE frame (RFC 9000 §19.20).</summary>
    public static bool TryWriteHandshakeDone(Span<byte> destination, out int bytesWritten) =>
        TryWriteType(destination, FrameType.HandshakeDone, out bytesWritten);

    /// <summary>Fills <paramref name="destination"/> with PADDING frames (RFC 9000 §19.1): zero bytes.</summary>
    public static void WritePadding(Span<byte> destination) => destination.Clear();
}
