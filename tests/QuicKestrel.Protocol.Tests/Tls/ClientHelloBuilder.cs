using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

/// <summary>Writes ClientHellos by hand, so tests can send what our client never would.</summary>
internal sealed class ClientHelloBuilder
{
    public ushort LegacyVersion { get; set; } = TlsConstants.LegacyVersion;
    public byte[] SessionId { get; set; } = [];
    public ushort[] Suites { get; set; } = [0x1301, 0x1302, 0x1303];
    public byte[] Compression { get; set; } = [0];
    public ushort[] Versions { get; set; } = [0x0a0a, TlsConstants.Tls13];
    public ushort[] Groups { get; set; } = [(ushort)NamedGroup.X25519];
    public List<(ushort Group, byte[] Key)> KeyShares { get; set; } = [((ushort)NamedGroup.X25519, X25519PublicKey())];
    public byte[]? TransportParameters { get; set; } = [1, 2, 3];
    public List<(ushort Type, byte[] Body)> ExtraExtensions { get; } = new();
    public bool DuplicateAlpn { get; set; }

    public static byte[] X25519PublicKey()
    {
        var priv = new byte[32];
        priv[0] = 7;
        var pub = new byte[32];
        BouncyCastleCrypto.X25519PublicKey(priv, pub);
        return pub;
    }

    public static (TlsServer Server, RecordingHandler Events) Server(TlsServerConfig? config = null)
    {
        var events = new RecordingHandler();
        var server = new TlsServer(events, new SeededRandomSource(5));
        server.SetConfiguration(config ?? TlsPair.ServerConfig(), TlsPair.ServerTransportParameters, TestCertificates.NowMicros);
        return (server, events);
    }

    public byte[] Build()
    {
        var w = new TlsWriter();
        int message = w.BeginMessage(HandshakeType.ClientHello);
        w.WriteUInt16(LegacyVersion);
        w.WriteBytes(new byte[32]);
        w.WriteVector8(SessionId);
        int suites = w.BeginVector(2);
        foreach (ushort suite in Suites)
            w.WriteUInt16(suite);
        w.EndVector(suites);
        w.WriteVector8(Compression);
        int extensions = w.BeginVector(2);
        WriteExtensions(w);
        w.EndVector(extensions);
        w.EndVector(message);
        return w.Written.ToArray();
    }

    private void WriteExtensions(TlsWriter w)
    {
        int ext = w.BeginExtension(ExtensionType.ServerName);
        int list = w.BeginVector(2);
        w.WriteUInt8(0);
        w.WriteVector16("localhost"u8);
        w.EndVector(list);
        w.EndVector(ext);
        ext = w.BeginExtension(ExtensionType.SupportedVersions);
        list = w.BeginVector(1);
        foreach (ushort v in Versions)
            w.WriteUInt16(v);
        w.EndVector(list);
        w.EndVector(ext);
        WriteList(w, ExtensionType.SupportedGroups, Groups);
        WriteList(w, ExtensionType.SignatureAlgorithms, [0x0403, 0x0804]);
        ext = w.BeginExtension(ExtensionType.KeyShare);
        list = w.BeginVector(2);
        foreach (var (group, key) in KeyShares)
        {
            w.WriteUInt16(group);
            w.WriteVector16(key);
        }
        w.EndVector(list);
        w.EndVector(ext);
        ExtensionBlock.WriteAlpnList(w, [TlsPair.H3]);
        if (DuplicateAlpn)
            ExtensionBlock.WriteAlpnList(w, [TlsPair.H3]);
        if (TransportParameters is not null)
        {
            ext = w.BeginExtension(ExtensionType.QuicTransportParameters);
            w.WriteBytes(TransportParameters);
            w.EndVector(ext);
        }
        foreach (var (type, body) in ExtraExtensions)
        {
            w.WriteUInt16(type);
            w.WriteVector16(body);
        }
    }

    private static void WriteList(TlsWriter w, ExtensionType type, ushort[] values)
    {
        int ext = w.BeginExtension(type);
        int list = w.BeginVector(2);
        foreach (ushort v in values)
            w.WriteUInt16(v);
        w.EndVector(list);
        w.EndVector(ext);
    }
}
