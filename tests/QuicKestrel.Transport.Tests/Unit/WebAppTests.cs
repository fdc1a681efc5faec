using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using WebApp;

namespace QuicKestrel.Transport.Tests.Unit;

public class WebAppTests
{
    [Fact]
    public void Deterministic_bytes_follow_the_shared_pattern_at_any_offset()
    {
        var bytes = new byte[1000];
        DeterministicContent.Fill(bytes, 5_000_000_000);
        for (int i = 0; i < bytes.Length; i++)
            Assert.Equal(Expected(5_000_000_000 + i), bytes[i]);
        Assert.Equal(0, DeterministicContent.At(0));
        Assert.Equal(0x9E, DeterministicContent.At(1));
        Assert.Equal(0x3C, DeterministicContent.At(2)); // 2 × 0x9E3779B97F4A7C15 wraps to 0x3C6E...
    }

    // The HTTP/3 test client's definition, written out independently.
    private static byte Expected(long i) => (byte)(((ulong)i * 0x9E3779B97F4A7C15UL) >> 56);

    [Fact]
    public void Self_signed_certificate_serves_localhost_and_logs_chromiums_spki_hash()
    {
        using X509Certificate2 certificate = SampleCertificate.CreateSelfSigned();
        Assert.True(certificate.HasPrivateKey);
        Assert.True(certificate.MatchesHostname("localhost"));
        Assert.True(certificate.MatchesHostname("127.0.0.1"));
        Assert.InRange(certificate.NotAfter - certificate.NotBefore, TimeSpan.FromDays(13), TimeSpan.FromDays(15));
        byte[] spki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(spki)), SampleCertificate.SpkiHash(certificate));
        Assert.Equal(44, SampleCertificate.SpkiHash(certificate).Length);
    }

    [Fact]
    public void Configuration_decides_certificate_and_urls()
    {
        IConfiguration empty = new ConfigurationBuilder().Build();
        Assert.False(SampleCertificate.IsConfigured(empty));
        Assert.False(SampleEndpoints.AreConfigured(empty));
        IConfiguration configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Certificates:Default:Path"] = "cert.pem",
            ["Kestrel:Certificates:Default:KeyPath"] = "key.pem",
            ["urls"] = "https://127.0.0.1:6001",
        }).Build();
        Assert.True(SampleCertificate.IsConfigured(configured));
        Assert.True(SampleEndpoints.AreConfigured(configured));
        Assert.StartsWith("https://127.0.0.1:", SampleEndpoints.DefaultUrl);
    }

    [Fact]
    public void Home_page_names_the_protocol()
    {
        string page = SamplePages.Home("HTTP/3");
        Assert.Contains("<p id=\"protocol\">HTTP/3</p>", page);
        Assert.Contains("&lt;x&gt;", SamplePages.Home("<x>"));
    }
}
