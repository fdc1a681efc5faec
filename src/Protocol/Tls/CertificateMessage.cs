using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QuicKestrel.Protocol.Tls;

/// <summary>Certificate and CertificateVerify (RFC 8446 §4.4.2, §4.4.3).</summary>
internal static class CertificateMessage
{
    /// <summary>
    /// Parses a Certificate message. The leaf and the other certificates are loaded with
    /// X509CertificateLoader; unparsable DER is bad_certificate. An empty list yields a null leaf.
    /// </summary>
    public static TlsError TryParse(ReadOnlySpan<byte> message, ReadOnlySpan<byte> expectedContext,
        out X509Certificate2? leaf, out X509Certificate2Collection others)
    {
        leaf = null;
        others = new X509Certificate2Collection();
        var r = new TlsReader(message[4..]);
        if (!r.ReadVector8(out var context) || !r.ReadVector24(out var list) || !r.IsEmpty)
            return new TlsError(TlsAlert.DecodeError, "malformed Certificate");
        if (!context.SequenceEqual(expectedContext))
            return new TlsError(TlsAlert.IllegalParameter, "Certificate request context mismatch");
        var entries = new TlsReader(list);
        while (!entries.IsEmpty)
        {
            if (!entries.ReadVector24(out var der) || der.IsEmpty || !entries.ReadVector16(out var extensions))
                return new TlsError(TlsAlert.DecodeError, "malformed CertificateEntry");
            var extensionError = CheckEntryExtensions(extensions);
            if (extensionError.IsError)
                return extensionError;
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadCertificate(der);
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException)
            {
                return new TlsError(TlsAlert.BadCertificate, "certificate cannot be parsed");
            }
            if (leaf is null)
                leaf = certificate;
            else
                others.Add(certificate);
            if (others.Count > 16)
                return new TlsError(TlsAlert.BadCertificate, "certificate chain is too long");
        }
        return TlsError.None;
    }

    private static TlsError CheckEntryExtensions(ReadOnlySpan<byte> block)
    {
        // We request neither OCSP nor SCTs, so any extension here is unsolicited (RFC 8446 §4.4.2).
        Span<ushort> seen = stackalloc ushort[ExtensionBlock.ScratchSize];
        var extensions = new ExtensionBlock(block, seen);
        if (extensions.Next(out ushort type, out _, out var error))
            return ServerHelloMessage.UnexpectedExtension(type);
        return error;
    }

    public static void Write(TlsWriter w, ReadOnlySpan<byte> context, byte[][]? chain)
    {
        int message = w.BeginMessage(HandshakeType.Certificate);
        w.WriteVector8(context);
        int list = w.BeginVector(3);
        if (chain is not null)
        {
            foreach (byte[] der in chain)
            {
                w.WriteVector24(der);
                w.WriteUInt16(0); // no per-certificate extensions
            }
        }
        w.EndVector(list);
        w.EndVector(message);
    }

    public static TlsError TryParseVerify(ReadOnlySpan<byte> message, out SignatureScheme scheme, out ReadOnlySpan<byte> signature)
    {
        scheme = SignatureScheme.None;
        signature = default;
        var r = new TlsReader(message[4..]);
        if (!r.ReadUInt16(out ushort algorithm) || !r.ReadVector16(out signature) || !r.IsEmpty || signature.IsEmpty)
            return new TlsError(TlsAlert.DecodeError, "malformed CertificateVerify");
        scheme = (SignatureScheme)algorithm;
        return TlsError.None;
    }

    public static void WriteVerify(TlsWriter w, SignatureScheme scheme, ReadOnlySpan<byte> signature)
    {
        int message = w.BeginMessage(HandshakeType.CertificateVerify);
        w.WriteUInt16((ushort)scheme);
        w.WriteVector16(signature);
        w.EndVector(message);
    }

    /// <summary>CertificateRequest (RFC 8446 §4.3.2): empty context and the schemes we verify.</summary>
    public static void WriteRequest(TlsWriter w)
    {
        int message = w.BeginMessage(HandshakeType.CertificateRequest);
        w.WriteUInt8(0);
        int extensions = w.BeginVector(2);
        int ext = w.BeginExtension(ExtensionType.SignatureAlgorithms);
        int list = w.BeginVector(2);
        foreach (ushort scheme in Signatures.Verifiable)
            w.WriteUInt16(scheme);
        w.EndVector(list);
        w.EndVector(ext);
        w.EndVector(extensions);
        w.EndVector(message);
    }

    /// <summary>Parses a CertificateRequest; signature_algorithms is mandatory (missing_extension).</summary>
    public static TlsError TryParseRequest(ReadOnlySpan<byte> message, out byte[] context, out ushort[] schemes)
    {
        context = [];
        schemes = [];
        var r = new TlsReader(message[4..]);
        if (!r.ReadVector8(out var ctx) || !r.ReadVector16(out var block) || !r.IsEmpty)
            return new TlsError(TlsAlert.DecodeError, "malformed CertificateRequest");
        if (!ctx.IsEmpty)
            return new TlsError(TlsAlert.IllegalParameter, "handshake CertificateRequest context must be empty");
        context = ctx.ToArray();
        Span<ushort> seen = stackalloc ushort[ExtensionBlock.ScratchSize];
        var extensions = new ExtensionBlock(block, seen);
        TlsError error;
        while (extensions.Next(out ushort type, out var body, out error))
        {
            if (type == (ushort)ExtensionType.SignatureAlgorithms && !ExtensionBlock.ReadUInt16List(body, 2, out schemes))
                return new TlsError(TlsAlert.DecodeError, "malformed signature_algorithms");
        }
        if (error.IsError)
            return error;
        return schemes.Length > 0 ? TlsError.None : new TlsError(TlsAlert.MissingExtension, "CertificateRequest lacks signature_algorithms");
    }
}
