using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Protocol.Tests.Api;

public class QuicCredentialConfigRulesTests
{
    [Fact]
    public void A_client_needs_no_certificate_but_a_server_does()
    {
        Assert.Equal(QuicStatus.Success, Validate(new QuicCredentialConfig { Flags = QuicCredentialFlags.Client }));
        Assert.Equal(QuicStatus.InvalidParameter, Validate(new QuicCredentialConfig()));
        Assert.Equal(QuicStatus.InvalidParameter, Validate(null));
    }

    [Fact]
    public void A_certificate_object_must_carry_its_private_key()
    {
        using X509Certificate2 withKey = SelfSigned();
        using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);
        Assert.Equal(QuicStatus.Success, Validate(new QuicCredentialConfig { Type = QuicCredentialType.CertificateContext, CertificateContext = withKey }));
        Assert.Equal(QuicStatus.InvalidParameter, Validate(new QuicCredentialConfig { Type = QuicCredentialType.CertificateContext, CertificateContext = publicOnly }));
        Assert.Equal(QuicStatus.InvalidParameter, Validate(new QuicCredentialConfig { Type = QuicCredentialType.CertificateContext }));
    }

    [Fact]
    public void File_credentials_need_both_paths_and_the_protected_form_a_password()
    {
        var files = new QuicCertificateFile { CertificateFile = "cert.pem", PrivateKeyFile = "key.pem" };
        Assert.Equal(QuicStatus.Success, Validate(new QuicCredentialConfig { Type = QuicCredentialType.CertificateFile, CertificateFile = files }));
        Assert.Equal(QuicStatus.InvalidParameter, Validate(new QuicCredentialConfig { Type = QuicCredentialType.CertificateFile, CertificateFile = new QuicCertificateFile { CertificateFile = "cert.pem" } }));
        Assert.Equal(QuicStatus.InvalidParameter, Validate(new QuicCredentialConfig { Type = QuicCredentialType.CertificateFile }));

        var protectedFiles = new QuicCertificateFileProtected { CertificateFile = "cert.pem", PrivateKeyFile = "key.pem", PrivateKeyPassword = "pw" };
        Assert.Equal(QuicStatus.Success, Validate(new QuicCredentialConfig { Type = QuicCredentialType.CertificateFileProtected, CertificateFileProtected = protectedFiles }));
        protectedFiles.PrivateKeyPassword = null;
        Assert.Equal(QuicStatus.InvalidParameter, Validate(new QuicCredentialConfig { Type = QuicCredentialType.CertificateFileProtected, CertificateFileProtected = protectedFiles }));
    }

    [Fact]
    public void A_pkcs12_credential_needs_its_blob_but_not_a_password()
    {
        var pfx = new QuicCertificatePkcs12 { Asn1Blob = new byte[] { 0x30, 0x00 } };
        Assert.Equal(QuicStatus.Success, Validate(new QuicCredentialConfig { Type = QuicCredentialType.CertificatePkcs12, CertificatePkcs12 = pfx }));
        Assert.Equal(QuicStatus.InvalidParameter, Validate(new QuicCredentialConfig { Type = QuicCredentialType.CertificatePkcs12, CertificatePkcs12 = new QuicCertificatePkcs12() }));
    }

    [Theory]
    [InlineData(1)] // CERTIFICATE_HASH
    [InlineData(2)] // CERTIFICATE_HASH_STORE
    [InlineData(7)]
    public void Windows_certificate_store_types_are_not_supported(int type)
    {
        Assert.Equal(QuicStatus.NotSupported, Validate(new QuicCredentialConfig { Type = (QuicCredentialType)type, Flags = QuicCredentialFlags.Client }));
    }

    [Theory]
    [InlineData(QuicCredentialFlags.EnableOcsp)]
    [InlineData(QuicCredentialFlags.UseSuppliedCredentials)]
    [InlineData(QuicCredentialFlags.UseSystemMapper)]
    [InlineData(QuicCredentialFlags.InprocPeerCertificate)]
    public void Schannel_only_flags_are_not_supported(QuicCredentialFlags flag)
    {
        Assert.Equal(QuicStatus.NotSupported, Validate(new QuicCredentialConfig { Flags = QuicCredentialFlags.Client | flag }));
    }

    [Fact]
    public void Flag_prerequisites_are_checked()
    {
        const QuicCredentialFlags client = QuicCredentialFlags.Client;
        Assert.Equal(QuicStatus.InvalidParameter, Validate(new QuicCredentialConfig { Flags = client | QuicCredentialFlags.LoadAsynchronous }));
        Assert.Equal(QuicStatus.Success, Validate(new QuicCredentialConfig { Flags = client | QuicCredentialFlags.LoadAsynchronous, AsyncHandler = (_, _, _) => { } }));
        Assert.Equal(QuicStatus.InvalidParameter, Validate(new QuicCredentialConfig { Flags = client | QuicCredentialFlags.DeferCertificateValidation }));
        Assert.Equal(QuicStatus.Success, Validate(new QuicCredentialConfig { Flags = client | QuicCredentialFlags.DeferCertificateValidation | QuicCredentialFlags.IndicateCertificateReceived }));
        Assert.Equal(QuicStatus.InvalidParameter, Validate(new QuicCredentialConfig { Flags = client | QuicCredentialFlags.SetAllowedCipherSuites }));
        Assert.Equal(QuicStatus.Success, Validate(new QuicCredentialConfig { Flags = client | QuicCredentialFlags.SetAllowedCipherSuites, AllowedCipherSuites = QuicAllowedCipherSuiteFlags.ChaCha20Poly1305Sha256 }));
        Assert.Equal(QuicStatus.InvalidParameter, Validate(new QuicCredentialConfig { Flags = client | QuicCredentialFlags.SetCaCertificateFile }));
        Assert.Equal(QuicStatus.Success, Validate(new QuicCredentialConfig { Flags = client | QuicCredentialFlags.SetCaCertificateFile, CaCertificateFile = "roots.pem" }));
    }

    [Fact]
    public void The_table_reports_credential_errors_before_anything_else()
    {
        MsQuicLibrary.MsQuicOpen2(out QuicApiTable api);
        api.RegistrationOpen(null, out QuicHandle? registration);
        api.ConfigurationOpen(registration, ["h3"u8.ToArray()], default, null, out QuicHandle? configuration);
        Assert.Equal(QuicStatus.NotSupported, api.ConfigurationLoadCredential(configuration, new QuicCredentialConfig { Flags = QuicCredentialFlags.EnableOcsp }));
        Assert.Equal(QuicStatus.InvalidParameter, api.ConfigurationLoadCredential(configuration, new QuicCredentialConfig()));
        Assert.Equal(QuicStatus.InvalidParameter, api.ConfigurationLoadCredential(configuration, null));
        api.ConfigurationClose(configuration);
        api.RegistrationClose(registration);
        MsQuicLibrary.MsQuicClose(api);
    }

    private static QuicStatus Validate(QuicCredentialConfig? config) => QuicCredentialConfigRules.Validate(config);

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
