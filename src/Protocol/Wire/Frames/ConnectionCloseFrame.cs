using System.Text;

namespace QuicKestrel.Protocol.Wire;

/// <summary>
/// CONNECTION_CLOSE (RFC 9000 §19.19): type 0x1c carries a transport error and the frame type
/// that caused it, 0x1d an application error code.
/// </summary>
internal readonly ref struct ConnectionCloseFrame
{
    public ConnectionCloseFrame(bool isApplicationError, ulong errorCode, ulong triggeringFrameType, ReadOnlySpan<byte> reasonPhrase)
    {
        IsApplicationError = isApplicationError;
        ErrorCode = errorCode;
        TriggeringFrameType = triggeringFrameType;
        ReasonPhrase = reasonPhrase;
    }

    public bool IsApplicationError { get; }

    public ulong ErrorCode { get; }

    /// <summary>The frame type that triggered a transport error (0 when unknown); always 0 for application errors.</summary>
    public ulong TriggeringFrameType { get; }

    /// <summary>UTF-8 reason, for diagnostics only.</summary>
    public ReadOnlySpan<byte> ReasonPhrase { get; }

    public int EncodedLength =>
        1 + VarInt.GetLength(ErrorCode)
        + (IsApplicationError ? 0 : VarInt.GetLength(TriggeringFrameType))
        + VarInt.GetLength((ulong)ReasonPhrase.Length) + ReasonPhrase.Length;

    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        var writer = new SpanWriter(destination);
        bool ok = writer.TryWriteByte((byte)(IsApplicationError ? FrameType.ApplicationClose : FrameType.ConnectionClose))
            && writer.TryWriteVarInt(ErrorCode)
            && (IsApplicationError || writer.TryWriteVarInt(TriggeringFrameType))
            && writer.TryWriteVarInt((ulong)ReasonPhrase.Length)
            && writer.TryWriteBytes(ReasonPhrase);
        bytesWritten = ok ? writer.Position : 0;
        return ok;
    }

    /// <summary>
    /// Writes a transport CONNECTION_CLOSE (0x1c) for <paramref name="error"/> with its reason in
    /// UTF-8; when the reason does not fit, the frame is written without it.
    /// </summary>
    public static bool TryWriteTransportClose(Span<byte> destination, QuicError error, out int bytesWritten)
    {
        string reason = error.Reason ?? string.Empty;
        int reasonLength = Encoding.UTF8.GetByteCount(reason);
        int fixedLength = 1 + VarInt.GetLength((ulong)error.Code) + VarInt.GetLength(error.FrameType);
        if (fixedLength + VarInt.GetLength((ulong)reasonLength) + reasonLength > destination.Length)
            return new ConnectionCloseFrame(false, (ulong)error.Code, error.FrameType, default).TryWrite(destination, out bytesWritten);
        var writer = new SpanWriter(destination);
        writer.TryWriteByte((byte)FrameType.ConnectionClose);
        writer.TryWriteVarInt((ulong)error.Code);
        writer.TryWriteVarInt(error.FrameType);
        writer.TryWriteVarInt((ulong)reasonLength);
        bytesWritten = writer.Position + Encoding.UTF8.GetBytes(reason, writer.Free);
        return true;
    }

    internal static bool TryRead(scoped ref SpanReader reader, ulong rawType, out Frame frame, out QuicError error)
    {
        bool isApplication = rawType == (ulong)FrameType.ApplicationClose;
        ulong triggeringType = 0;
        if (!reader.TryReadVarInt(out ulong errorCode)
            || (!isApplication && !reader.TryReadVarInt(out triggeringType)))
            return FrameParse.Fail(rawType, FrameParse.Truncated, out frame, out error);
        // RFC 9000 §19.19: the reason phrase must lie within the frame.
        if (!reader.TryReadLengthPrefixedBytes(out ReadOnlySpan<byte> reason))
            return FrameParse.Fail(rawType, "reason phrase exceeds the frame", out frame, out error);
        FrameType type = isApplication ? FrameType.ApplicationClose : FrameType.ConnectionClose;
        return FrameParse.Succeed(new Frame(type, rawType, errorCode, triggeringType, bytes0: reason), out frame, out error);
    }
}
