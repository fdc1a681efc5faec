namespace QuicKestrel.Protocol.Tls;

/// <summary>EncryptedExtensions (RFC 8446 §4.3.1) as QUIC uses it: ALPN, transport parameters, early_data.</summary>
internal sealed class EncryptedExtensionsMessage
{
    public byte[]? Alpn { get; private set; }
    public byte[]? TransportParameters { get; private set; }
    public bool EarlyData { get; private set; }

    public static TlsError TryParse(ReadOnlySpan<byte> message, out EncryptedExtensionsMessage ee)
    {
        ee = new EncryptedExtensionsMessage();
        var r = new TlsReader(message[4..]);
        if (!r.ReadVector16(out var block) || !r.IsEmpty)
            return new TlsError(TlsAlert.DecodeError, "malformed EncryptedExtensions");
        Span<ushort> seen = stackalloc ushort[ExtensionBlock.ScratchSize];
        var extensions = new ExtensionBlock(block, seen);
        TlsError error;
        while (extensions.Next(out ushort type, out var body, out error))
        {
            var extensionError = ee.ParseExtension((ExtensionType)type, body);
            if (extensionError.IsError)
                return extensionError;
        }
        return error;
    }

    private TlsError ParseExtension(ExtensionType type, ReadOnlySpan<byte> body)
    {
        switch (type)
        {
            case ExtensionType.Alpn:
                // RFC 7301 §3.1: the server answers with exactly one protocol.
                if (!ExtensionBlock.ReadAlpnList(body, out var names) || names.Count != 1)
                    return new TlsError(TlsAlert.DecodeError, "server ALPN must name one protocol");
                Alpn = names[0];
                return TlsError.None;
            case ExtensionType.QuicTransportParameters:
                TransportParameters = body.ToArray();
                return TlsError.None;
            case ExtensionType.EarlyData:
                if (!body.IsEmpty) return new TlsError(TlsAlert.DecodeError, "malformed early_data");
                EarlyData = true;
                return TlsError.None;
            case ExtensionType.ServerName:
                return body.IsEmpty ? TlsError.None : new TlsError(TlsAlert.DecodeError, "malformed server_name acknowledgement");
            case ExtensionType.SupportedGroups:
                return TlsError.None; // RFC 8446 §4.2.7: the server's preference, informational only
            default:
                return ServerHelloMessage.UnexpectedExtension((ushort)type);
        }
    }

    public static void Write(TlsWriter w, ReadOnlySpan<byte> alpn, ReadOnlySpan<byte> transportParameters, bool earlyData)
    {
        int message = w.BeginMessage(HandshakeType.EncryptedExtensions);
        int extensions = w.BeginVector(2);
        int ext = w.BeginExtension(ExtensionType.Alpn);
        int list = w.BeginVector(2);
        w.WriteVector8(alpn);
        w.EndVector(list);
        w.EndVector(ext);
        ext = w.BeginExtension(ExtensionType.QuicTransportParameters);
        w.WriteBytes(transportParameters);
        w.EndVector(ext);
        if (earlyData)
        {
            ext = w.BeginExtension(ExtensionType.EarlyData);
            w.EndVector(ext);
        }
        w.EndVector(extensions);
        w.EndVector(message);
    }
}
