using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

/// <summary>Server-side checks of hand-made ClientHellos: each defect maps to its RFC alert.</summary>
public class ClientHelloValidationTests
{
    private static TlsError Send(ClientHelloBuilder builder)
    {
        var (server, _) = ClientHelloBuilder.Server();
        using (server)
            return server.HandleCryptoData(EncryptionLevel.Initial, builder.Build(), TestCertificates.NowMicros);
    }

    [Fact]
    public void ValidHelloWithGreaseAndUnknownExtensionsIsAccepted()
    {
        var builder = new ClientHelloBuilder { Suites = [0x0a0a, 0x1301], Groups = [0x2a2a, (ushort)NamedGroup.X25519] };
        builder.ExtraExtensions.Add((0x1a1a, []));
        builder.ExtraExtensions.Add((0xfe0d, [1, 2, 3]));
        var (server, events) = ClientHelloBuilder.Server();
        Assert.False(server.HandleCryptoData(EncryptionLevel.Initial, builder.Build(), TestCertificates.NowMicros).IsError);
        Assert.Equal([HandshakeType.ServerHello], events.MessageTypes(EncryptionLevel.Initial));
        server.Dispose();
    }

    [Fact]
    public void MissingTransportParametersIsMissingExtension()
    {
        TlsError error = Send(new ClientHelloBuilder { TransportParameters = null });
        Assert.Equal(TlsAlert.MissingExtension, error.Alert);
        Assert.Equal(0x16dul, error.QuicErrorCode);
    }

    [Fact]
    public void LegacySessionIdIsProtocolViolation() =>
        Assert.Equal(TlsError.ProtocolViolation, Send(new ClientHelloBuilder { SessionId = [1, 2, 3] }).QuicErrorCode);

    [Fact]
    public void DuplicateExtensionIsIllegalParameter() =>
        Assert.Equal(TlsAlert.IllegalParameter, Send(new ClientHelloBuilder { DuplicateAlpn = true }).Alert);

    [Fact]
    public void NoTls13IsProtocolVersion() =>
        Assert.Equal(TlsAlert.ProtocolVersion, Send(new ClientHelloBuilder { Versions = [0x0303] }).Alert);

    [Fact]
    public void CompressionIsIllegalParameter() =>
        Assert.Equal(TlsAlert.IllegalParameter, Send(new ClientHelloBuilder { Compression = [1, 0] }).Alert);

    [Fact]
    public void WrongLegacyVersionIsProtocolVersion() =>
        Assert.Equal(TlsAlert.ProtocolVersion, Send(new ClientHelloBuilder { LegacyVersion = 0x0301 }).Alert);

    [Fact]
    public void DuplicateKeyShareGroupIsIllegalParameter()
    {
        byte[] key = ClientHelloBuilder.X25519PublicKey();
        Assert.Equal(TlsAlert.IllegalParameter, Send(new ClientHelloBuilder { KeyShares = [(0x1d, key), (0x1d, key)] }).Alert);
    }

    [Fact]
    public void InvalidEcPointIsIllegalParameter()
    {
        var point = new byte[65];
        point[0] = 4;
        point[1] = 1; // (1, 0) is not on P-256
        var builder = new ClientHelloBuilder { Groups = [(ushort)NamedGroup.Secp256r1], KeyShares = [((ushort)NamedGroup.Secp256r1, point)] };
        Assert.Equal(TlsAlert.IllegalParameter, Send(builder).Alert);
    }

    [Fact]
    public void WrongLengthX25519ShareIsIllegalParameter() =>
        Assert.Equal(TlsAlert.IllegalParameter, Send(new ClientHelloBuilder { KeyShares = [(0x1d, new byte[31])] }).Alert);

    [Fact]
    public void PreSharedKeyNotLastIsIllegalParameter()
    {
        var builder = new ClientHelloBuilder();
        builder.ExtraExtensions.Add(((ushort)ExtensionType.PskKeyExchangeModes, [1, 1]));
        // identities: one identity "abc" age 0; binders: one 32-byte binder.
        byte[] psk = [0, 9, 0, 3, (byte)'a', (byte)'b', (byte)'c', 0, 0, 0, 0, 0, 33, 32, .. new byte[32]];
        builder.ExtraExtensions.Add(((ushort)ExtensionType.PreSharedKey, psk));
        builder.ExtraExtensions.Add((0x1a1a, []));
        Assert.Equal(TlsAlert.IllegalParameter, Send(builder).Alert);
    }

    [Fact]
    public void PreSharedKeyWithoutModesIsMissingExtension()
    {
        var builder = new ClientHelloBuilder();
        byte[] psk = [0, 9, 0, 3, (byte)'a', (byte)'b', (byte)'c', 0, 0, 0, 0, 0, 33, 32, .. new byte[32]];
        builder.ExtraExtensions.Add(((ushort)ExtensionType.PreSharedKey, psk));
        Assert.Equal(TlsAlert.MissingExtension, Send(builder).Alert);
    }

    [Fact]
    public void UnknownTicketFallsBackToFullHandshake()
    {
        var builder = new ClientHelloBuilder();
        builder.ExtraExtensions.Add(((ushort)ExtensionType.PskKeyExchangeModes, [1, 1]));
        byte[] psk = [0, 9, 0, 3, (byte)'a', (byte)'b', (byte)'c', 0, 0, 0, 0, 0, 33, 32, .. new byte[32]];
        builder.ExtraExtensions.Add(((ushort)ExtensionType.PreSharedKey, psk));
        var (server, events) = ClientHelloBuilder.Server();
        Assert.False(server.HandleCryptoData(EncryptionLevel.Initial, builder.Build(), TestCertificates.NowMicros).IsError);
        Assert.False(server.IsResumed);
        Assert.Contains(HandshakeType.Certificate, events.MessageTypes(EncryptionLevel.Handshake));
        server.Dispose();
    }

    [Fact]
    public void TruncatedHelloIsDecodeError()
    {
        byte[] hello = new ClientHelloBuilder().Build();
        byte[] cut = hello[..60];
        int body = cut.Length - 4;
        cut[1] = (byte)(body >> 16);
        cut[2] = (byte)(body >> 8);
        cut[3] = (byte)body;
        var (server, _) = ClientHelloBuilder.Server();
        Assert.Equal(TlsAlert.DecodeError, server.HandleCryptoData(EncryptionLevel.Initial, cut, TestCertificates.NowMicros).Alert);
    }

    [Fact]
    public void ServerRejectsMessagesThatDoNotBelong()
    {
        var (server, _) = ClientHelloBuilder.Server();
        Assert.Equal(TlsAlert.UnexpectedMessage, server.HandleCryptoData(EncryptionLevel.Initial, [20, 0, 0, 0], TestCertificates.NowMicros).Alert);
        var (server2, _) = ClientHelloBuilder.Server();
        server2.HandleCryptoData(EncryptionLevel.Initial, new ClientHelloBuilder().Build(), TestCertificates.NowMicros);
        // RFC 9001 §8.3: EndOfEarlyData is not used in QUIC.
        Assert.Equal(TlsAlert.UnexpectedMessage, server2.HandleCryptoData(EncryptionLevel.Handshake, [5, 0, 0, 0], TestCertificates.NowMicros).Alert);
    }
}
