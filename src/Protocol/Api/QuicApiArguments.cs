namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Argument checks shared by the API table, with MsQuic's rules. Each returns false (the call
/// answers <see cref="QuicStatus.InvalidParameter"/>) instead of throwing.
/// </summary>
internal static class QuicApiArguments
{
    private const QuicStreamShutdownFlags KnownShutdownFlags =
        QuicStreamShutdownFlags.Graceful | QuicStreamShutdownFlags.Abort
        | QuicStreamShutdownFlags.Immediate | QuicStreamShutdownFlags.Inline;

    /// <summary>
    /// At least one ALPN, each 1–255 bytes, and the TLS wire list (a length byte before each)
    /// no longer than 65535 bytes (RFC 7301 §3.1).
    /// </summary>
    public static bool IsValidAlpnList(ReadOnlySpan<QuicBuffer> alpns)
    {
        if (alpns.IsEmpty)
            return false;
        int wireLength = 0;
        foreach (QuicBuffer alpn in alpns)
        {
            if (alpn.Length is 0 or > QuicLimits.MaxAlpnLength)
                return false;
            wireLength += 1 + (int)alpn.Length;
        }
        return wireLength <= ushort.MaxValue;
    }

    /// <summary>The ALPNs as the arrays the TLS layer keeps (copied: the caller's buffers are its own).</summary>
    public static byte[][] CopyAlpns(ReadOnlySpan<QuicBuffer> alpns)
    {
        var copy = new byte[alpns.Length][];
        for (int i = 0; i < alpns.Length; i++)
            copy[i] = alpns[i].Span.ToArray();
        return copy;
    }

    /// <summary>Error codes are QUIC variable-length integers (RFC 9000 §16).</summary>
    public static bool IsValidErrorCode(ulong errorCode) => errorCode <= QuicLimits.Uint62Max;

    /// <summary>
    /// A send's buffers add up to at most 2^32 − 1 bytes (MsQuic's limit per send request);
    /// <paramref name="allowEmpty"/> permits an empty list (a FIN-only stream send).
    /// </summary>
    public static bool IsValidSendBuffers(ReadOnlySpan<QuicBuffer> buffers, bool allowEmpty)
    {
        if (buffers.IsEmpty)
            return allowEmpty;
        ulong total = 0;
        foreach (QuicBuffer buffer in buffers)
            total += buffer.Length;
        return total <= uint.MaxValue;
    }

    /// <summary>
    /// MsQuic's StreamShutdown rules: some flag set; <see cref="QuicStreamShutdownFlags.Graceful"/>
    /// alone (with at most Inline); <see cref="QuicStreamShutdownFlags.Immediate"/> only as
    /// Immediate | Abort. Unknown bits are refused too.
    /// </summary>
    public static bool IsValidStreamShutdown(QuicStreamShutdownFlags flags)
    {
        if (flags == QuicStreamShutdownFlags.None || (flags & ~KnownShutdownFlags) != 0)
            return false;
        if ((flags & QuicStreamShutdownFlags.Graceful) != 0
            && (flags & (QuicStreamShutdownFlags.Abort | QuicStreamShutdownFlags.Immediate)) != 0)
            return false;
        if ((flags & QuicStreamShutdownFlags.Immediate) != 0)
            return flags == (QuicStreamShutdownFlags.Immediate | QuicStreamShutdownFlags.Abort);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="param"/> can be reached from <paramref name="handle"/>: global ids
    /// take no handle and every other id needs one (MsQuic checks both ways); a handle reaches
    /// its own object's ids and those of the objects above it (a stream its connection's and
    /// TLS ids, a connection its configuration's, everything its registration's).
    /// </summary>
    public static bool IsParamReachable(QuicHandle? handle, uint param)
    {
        param &= ~QuicParam.HighPriority;
        if (handle is null || QuicParam.IsGlobal(param))
            return handle is null && QuicParam.IsGlobal(param);
        if (handle.IsClosed)
            return false;
        uint prefix = param & 0x7F000000;
        return handle.Kind switch
        {
            QuicHandleKind.Registration => prefix == QuicParam.PrefixRegistration,
            QuicHandleKind.Configuration => prefix is QuicParam.PrefixConfiguration or QuicParam.PrefixRegistration,
            QuicHandleKind.Listener => prefix is QuicParam.PrefixListener or QuicParam.PrefixRegistration,
            QuicHandleKind.Connection => prefix is QuicParam.PrefixConnection or QuicParam.PrefixTls
                or QuicParam.PrefixConfiguration or QuicParam.PrefixRegistration,
            QuicHandleKind.Stream => prefix is QuicParam.PrefixStream or QuicParam.PrefixConnection or QuicParam.PrefixTls
                or QuicParam.PrefixConfiguration or QuicParam.PrefixRegistration,
            _ => false,
        };
    }
}
