namespace QuicKestrel.Protocol.Tls;

/// <summary>A parsed ServerHello or HelloRetryRequest (RFC 8446 §4.1.3, §4.1.4), and the writer for both.</summary>
internal sealed class ServerHelloMessage
{
    public bool IsHelloRetryRequest { get; private set; }
    public byte[] SessionIdEcho { get; private set; } = [];
    public ushort CipherSuite { get; private set; }
    public ushort SelectedVersion { get; private set; }
    public ushort KeyShareGroup { get; private set; }
    public byte[]? KeyShare { get; private set; }
    public int SelectedPsk { get; private set; } = -1;
    public byte[]? Cookie { get; private set; }

    public static TlsError TryParse(ReadOnlySpan<byte> message, out ServerHelloMessage hello)
    {
        hello = new ServerHelloMessage();
        var r = new TlsReader(message[4..]);
        if (!r.ReadUInt16(out ushort legacyVersion) || !r.ReadBytes(TlsConstants.RandomLength, out var random)
            || !r.ReadVector8(out var sessionId) || !r.ReadUInt16(out ushort suite) || !r.ReadUInt8(out byte compression)
            || !r.ReadVector16(out var block) || !r.IsEmpty || sessionId.Length > 32)
            return new TlsError(TlsAlert.DecodeError, "malformed ServerHello");
        if (legacyVersion != TlsConstants.LegacyVersion)
            return new TlsError(TlsAlert.ProtocolVersion, "ServerHello legacy_version must be TLS 1.2");
        if (compression != 0)
            return new TlsError(TlsAlert.IllegalParameter, "ServerHello selected compression");
        hello.IsHelloRetryRequest = random.SequenceEqual(TlsConstants.HelloRetryRequestRandom);
        hello.SessionIdEcho = sessionId.ToArray();
        hello.CipherSuite = suite;
        return hello.ParseExtensions(block);
    }

    private TlsError ParseExtensions(ReadOnlySpan<byte> block)
    {
        Span<ushort> seen = stackalloc ushort[ExtensionBlock.ScratchSize];
        var extensions = new ExtensionBlock(block, seen);
        TlsError error;
        while (extensions.Next(out ushort type, out var body, out error))
        {
            var extensionError = ParseExtension((ExtensionType)type, body);
            if (extensionError.IsError)
                return extensionError;
        }
        if (error.IsError)
            return error;
        return SelectedVersion == TlsConstants.Tls13
            ? TlsError.None
            : new TlsError(TlsAlert.ProtocolVersion, "server did not select TLS 1.3");
    }

    private TlsError ParseExtension(ExtensionType type, ReadOnlySpan<byte> body)
    {
        var r = new TlsReader(body);
        switch (type)
        {
            case ExtensionType.SupportedVersions:
                if (!r.ReadUInt16(out ushort version) || !r.IsEmpty) return Decode("malformed supported_versions");
                SelectedVersion = version;
                return TlsError.None;
            case ExtensionType.KeyShare when IsHelloRetryRequest:
                if (!r.ReadUInt16(out ushort wanted) || !r.IsEmpty) return Decode("malformed key_share");
                KeyShareGroup = wanted;
                return TlsError.None;
            case ExtensionType.KeyShare:
                if (!r.ReadUInt16(out ushort group) || !r.ReadVector16(out var key) || key.IsEmpty || !r.IsEmpty)
                    return Decode("malformed key_share");
                KeyShareGroup = group;
                KeyShare = key.ToArray();
                return TlsError.None;
            case ExtensionType.PreSharedKey when !IsHelloRetryRequest:
                if (!r.ReadUInt16(out ushort selected) || !r.IsEmpty) return Decode("malformed pre_shared_key");
                SelectedPsk = selected;
                return TlsError.None;
            case ExtensionType.Cookie when IsHelloRetryRequest:
                if (!r.ReadVector16(out var cookie) || cookie.IsEmpty || !r.IsEmpty) return Decode("malformed cookie");
                Cookie = cookie.ToArray();
                return TlsError.None;
            default:
                return UnexpectedExtension((ushort)type);
        }
    }

    /// <summary>
    /// RFC 8446 §4.2: a response extension we did not ask for is unsupported_extension; one we
    /// know but that does not belong in this message is illegal_parameter.
    /// </summary>
    public static TlsError UnexpectedExtension(ushort type) => (ExtensionType)type switch
    {
        ExtensionType.ServerName or ExtensionType.SupportedGroups or ExtensionType.SignatureAlgorithms or ExtensionType.Alpn
            or ExtensionType.PreSharedKey or ExtensionType.EarlyData or ExtensionType.SupportedVersions or ExtensionType.Cookie
            or ExtensionType.PskKeyExchangeModes or ExtensionType.KeyShare or ExtensionType.QuicTransportParameters
            => new TlsError(TlsAlert.IllegalParameter, "extension not allowed in this message"),
        _ => new TlsError(TlsAlert.UnsupportedExtension, "unsolicited extension"),
    };

    /// <summary>Writes a ServerHello (or an HRR when <paramref name="keyShare"/> is empty and <paramref name="retry"/> is set).</summary>
    public static void Write(TlsWriter w, ReadOnlySpan<byte> random, ReadOnlySpan<byte> sessionIdEcho, ushort suite,
        NamedGroup group, ReadOnlySpan<byte> keyShare, int selectedPsk, bool retry, ReadOnlySpan<byte> cookie)
    {
        int message = w.BeginMessage(HandshakeType.ServerHello);
        w.WriteUInt16(TlsConstants.LegacyVersion);
        w.WriteBytes(retry ? TlsConstants.HelloRetryRequestRandom : random);
        w.WriteVector8(sessionIdEcho);
        w.WriteUInt16(suite);
        w.WriteUInt8(0);
        int extensions = w.BeginVector(2);
        int ext = w.BeginExtension(ExtensionType.SupportedVersions);
        w.WriteUInt16(TlsConstants.Tls13);
        w.EndVector(ext);
        ext = w.BeginExtension(ExtensionType.KeyShare);
        w.WriteUInt16((ushort)group);
        if (!retry)
            w.WriteVector16(keyShare);
        w.EndVector(ext);
        if (selectedPsk >= 0)
        {
            ext = w.BeginExtension(ExtensionType.PreSharedKey);
            w.WriteUInt16((ushort)selectedPsk);
            w.EndVector(ext);
        }
        if (retry && !cookie.IsEmpty)
        {
            ext = w.BeginExtension(ExtensionType.Cookie);
            w.WriteVector16(cookie);
            w.EndVector(ext);
        }
        w.EndVector(extensions);
        w.EndVector(message);
    }

    private static TlsError Decode(string reason) => new(TlsAlert.DecodeError, reason);
}
