using System.Text;

namespace QuicKestrel.Protocol.Tls;

/// <summary>One PSK identity offered in pre_shared_key (RFC 8446 §4.2.11).</summary>
internal readonly record struct OfferedPsk(ReadOnlyMemory<byte> Identity, uint ObfuscatedAge, ReadOnlyMemory<byte> Binder);

/// <summary>A parsed ClientHello (RFC 8446 §4.1.2). Slices point into <see cref="Raw"/>, a copy of the message.</summary>
internal sealed class ClientHelloMessage
{
    public byte[] Raw { get; private init; } = [];
    public ReadOnlyMemory<byte> Random { get; private set; }
    public ReadOnlyMemory<byte> SessionId { get; private set; }
    public ushort[] CipherSuites { get; private set; } = [];
    public string? ServerName { get; private set; }
    public ushort[]? Groups { get; private set; }
    public ushort[]? SignatureAlgorithms { get; private set; }
    public List<(ushort Group, ReadOnlyMemory<byte> Key)>? KeyShares { get; private set; }
    public List<byte[]>? Alpns { get; private set; }
    public bool OffersPskDheKe { get; private set; }
    public bool HasPskModes { get; private set; }
    public List<OfferedPsk>? Psks { get; private set; }

    /// <summary>Length of the ClientHello up to (not including) the binders list: what binders cover.</summary>
    public int BindersOffset { get; private set; }
    public bool EarlyData { get; private set; }
    public bool SupportsTls13 { get; private set; }
    public ReadOnlyMemory<byte>? Cookie { get; private set; }
    public byte[]? TransportParameters { get; private set; }

    /// <summary>Parses a whole ClientHello message (4-byte header included).</summary>
    public static TlsError TryParse(ReadOnlySpan<byte> message, out ClientHelloMessage hello)
    {
        hello = new ClientHelloMessage { Raw = message.ToArray() };
        return hello.Parse();
    }

    private TlsError Parse()
    {
        var r = new TlsReader(Raw.AsSpan(4));
        if (!r.ReadUInt16(out ushort legacyVersion) || !r.ReadBytes(TlsConstants.RandomLength, out _)
            || !r.ReadVector8(out var sessionId) || !r.ReadVector16(out var suites) || !r.ReadVector8(out var compression))
            return Decode("malformed ClientHello");
        Random = Raw.AsMemory(6, TlsConstants.RandomLength);
        SessionId = Raw.AsMemory(6 + TlsConstants.RandomLength + 1, sessionId.Length);
        if (sessionId.Length > 32 || suites.IsEmpty || (suites.Length & 1) != 0)
            return Decode("malformed ClientHello");
        CipherSuites = new ushort[suites.Length / 2];
        for (int i = 0; i < CipherSuites.Length; i++)
            CipherSuites[i] = (ushort)((suites[2 * i] << 8) | suites[2 * i + 1]);
        // RFC 8446 §4.1.2: TLS 1.3 ClientHellos carry exactly one compression method, null.
        if (compression.Length != 1 || compression[0] != 0)
            return new TlsError(TlsAlert.IllegalParameter, "compression is not allowed");
        if (legacyVersion != TlsConstants.LegacyVersion)
            return new TlsError(TlsAlert.ProtocolVersion, "ClientHello legacy_version must be TLS 1.2");
        if (r.IsEmpty)
            return new TlsError(TlsAlert.MissingExtension, "ClientHello has no extensions");
        int blockStart = Raw.Length - r.Remaining + 2;
        if (!r.ReadVector16(out var block) || !r.IsEmpty)
            return Decode("malformed ClientHello extensions");
        return ParseExtensions(block, blockStart);
    }

    private TlsError ParseExtensions(ReadOnlySpan<byte> block, int blockStart)
    {
        Span<ushort> seen = stackalloc ushort[ExtensionBlock.ScratchSize];
        var extensions = new ExtensionBlock(block, seen);
        int position = 0;
        TlsError error;
        while (extensions.Next(out ushort type, out var body, out error))
        {
            int bodyOffset = blockStart + position + 4;
            position += 4 + body.Length;
            if (Psks is not null)
                return new TlsError(TlsAlert.IllegalParameter, "pre_shared_key must be the last extension");
            var extensionError = ParseExtension((ExtensionType)type, body, bodyOffset);
            if (extensionError.IsError)
                return extensionError;
        }
        return error;
    }

    private TlsError ParseExtension(ExtensionType type, ReadOnlySpan<byte> body, int bodyOffset)
    {
        switch (type)
        {
            case ExtensionType.ServerName:
                return ParseServerName(body);
            case ExtensionType.SupportedGroups:
                if (!ExtensionBlock.ReadUInt16List(body, 2, out var groups)) return Decode("malformed supported_groups");
                Groups = groups;
                return TlsError.None;
            case ExtensionType.SignatureAlgorithms:
                if (!ExtensionBlock.ReadUInt16List(body, 2, out var schemes)) return Decode("malformed signature_algorithms");
                SignatureAlgorithms = schemes;
                return TlsError.None;
            case ExtensionType.Alpn:
                if (!ExtensionBlock.ReadAlpnList(body, out var alpns)) return Decode("malformed ALPN");
                Alpns = alpns;
                return TlsError.None;
            case ExtensionType.SupportedVersions:
                if (!ExtensionBlock.ReadUInt16List(body, 1, out var versions)) return Decode("malformed supported_versions");
                SupportsTls13 = Array.IndexOf(versions, TlsConstants.Tls13) >= 0;
                return TlsError.None;
            case ExtensionType.PskKeyExchangeModes:
                return ParsePskModes(body);
            case ExtensionType.EarlyData:
                if (!body.IsEmpty) return Decode("malformed early_data");
                EarlyData = true;
                return TlsError.None;
            case ExtensionType.Cookie:
                var cookieReader = new TlsReader(body);
                if (!cookieReader.ReadVector16(out var cookie) || cookie.IsEmpty || !cookieReader.IsEmpty) return Decode("malformed cookie");
                Cookie = Raw.AsMemory(bodyOffset + 2, cookie.Length);
                return TlsError.None;
            case ExtensionType.QuicTransportParameters:
                TransportParameters = body.ToArray();
                return TlsError.None;
            case ExtensionType.KeyShare:
                return ParseKeyShares(body, bodyOffset);
            case ExtensionType.PreSharedKey:
                return ParsePsks(body, bodyOffset);
            default:
                return TlsError.None; // unknown and GREASE extensions are ignored (RFC 8446 §4.2)
        }
    }

    private TlsError ParseServerName(ReadOnlySpan<byte> body)
    {
        var r = new TlsReader(body);
        if (!r.ReadVector16(out var list) || !r.IsEmpty || list.IsEmpty)
            return Decode("malformed server_name");
        var names = new TlsReader(list);
        while (!names.IsEmpty)
        {
            if (!names.ReadUInt8(out byte nameType) || !names.ReadVector16(out var name) || name.IsEmpty)
                return Decode("malformed server_name");
            if (nameType != 0)
                continue;
            if (ServerName is not null)
                return new TlsError(TlsAlert.IllegalParameter, "more than one host_name");
            foreach (byte b in name)
                if (b <= 0x20 || b >= 0x7f)
                    return new TlsError(TlsAlert.IllegalParameter, "server_name is not an ASCII host name");
            ServerName = Encoding.ASCII.GetString(name);
        }
        return TlsError.None;
    }

    private TlsError ParsePskModes(ReadOnlySpan<byte> body)
    {
        var r = new TlsReader(body);
        if (!r.ReadVector8(out var modes) || modes.IsEmpty || !r.IsEmpty)
            return Decode("malformed psk_key_exchange_modes");
        HasPskModes = true;
        OffersPskDheKe = modes.Contains(TlsConstants.PskDheKe);
        return TlsError.None;
    }

    private TlsError ParseKeyShares(ReadOnlySpan<byte> body, int bodyOffset)
    {
        var r = new TlsReader(body);
        if (!r.ReadVector16(out var list) || !r.IsEmpty)
            return Decode("malformed key_share");
        KeyShares = new List<(ushort, ReadOnlyMemory<byte>)>();
        var entries = new TlsReader(list);
        int offset = bodyOffset + 2;
        while (!entries.IsEmpty)
        {
            if (!entries.ReadUInt16(out ushort group) || !entries.ReadVector16(out var key) || key.IsEmpty)
                return Decode("malformed key_share entry");
            foreach (var (g, _) in KeyShares)
                if (g == group)
                    return new TlsError(TlsAlert.IllegalParameter, "duplicate key_share group");
            KeyShares.Add((group, Raw.AsMemory(offset + 4, key.Length)));
            offset += 4 + key.Length;
        }
        return TlsError.None;
    }

    private TlsError ParsePsks(ReadOnlySpan<byte> body, int bodyOffset)
    {
        var r = new TlsReader(body);
        if (!r.ReadVector16(out var identities) || identities.IsEmpty)
            return Decode("malformed pre_shared_key");
        BindersOffset = bodyOffset + 2 + identities.Length;
        if (!r.ReadVector16(out var binders) || !r.IsEmpty || binders.IsEmpty)
            return Decode("malformed pre_shared_key binders");
        var psks = new List<OfferedPsk>();
        var ids = new TlsReader(identities);
        int idOffset = bodyOffset + 2;
        while (!ids.IsEmpty)
        {
            if (!ids.ReadVector16(out var identity) || identity.IsEmpty || !ids.ReadUInt32(out uint age))
                return Decode("malformed PSK identity");
            psks.Add(new OfferedPsk(Raw.AsMemory(idOffset + 2, identity.Length), age, default));
            idOffset += 2 + identity.Length + 4;
        }
        var bs = new TlsReader(binders);
        int binderOffset = BindersOffset + 2;
        for (int i = 0; i < psks.Count; i++)
        {
            if (!bs.ReadVector8(out var binder) || binder.Length < 32)
                return Decode("malformed PSK binder");
            psks[i] = psks[i] with { Binder = Raw.AsMemory(binderOffset + 1, binder.Length) };
            binderOffset += 1 + binder.Length;
        }
        if (!bs.IsEmpty)
            return new TlsError(TlsAlert.IllegalParameter, "PSK binder count does not match identities");
        Psks = psks;
        return TlsError.None;
    }

    private static TlsError Decode(string reason) => new(TlsAlert.DecodeError, reason);
}
