using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Protocol.Api;
using QuicKestrel.Transport.Internal;
using QuicKestrel.Transport.Tests.Infrastructure;

namespace QuicKestrel.Transport.Tests.Unit;

public class ServerCredentialTests
{
    private static readonly object s_sender = new();

    [Fact]
    public void Certificate_context_comes_first_with_its_intermediates()
    {
        (X509Certificate2 leaf, X509Certificate2 intermediate, X509Certificate2 root) = TestCertificates.CreateChain();
        var context = SslStreamCertificateContext.Create(leaf, new X509Certificate2Collection { intermediate, root }, offline: true);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = context,
            ServerCertificate = TestCertificates.Client,
            ServerCertificateSelectionCallback = (_, _) => throw new InvalidOperationException("not asked"),
        };
        ServerCredential credential = ServerCredential.Resolve(options, s_sender, "localhost");
        Assert.Same(context, credential.Identity);
        Assert.Equal(leaf.Thumbprint, credential.Certificate.Thumbprint);
        Assert.Contains(credential.Intermediates!, c => c.Thumbprint == intermediate.Thumbprint);
        Assert.DoesNotContain(credential.Intermediates!, c => c.Thumbprint == leaf.Thumbprint);
    }

    [Fact]
    public void Fixed_certificate_is_its_own_identity()
    {
        var options = new SslServerAuthenticationOptions { ServerCertificate = TestCertificates.Server };
        ServerCredential credential = ServerCredential.Resolve(options, s_sender, null);
        Assert.Same(TestCertificates.Server, credential.Identity);
        Assert.Same(TestCertificates.Server, credential.Certificate);
        Assert.Null(credential.Intermediates);
    }

    [Fact]
    public void Selection_callback_gets_the_sender_and_the_clients_server_name()
    {
        (object? Sender, string? Name) seen = default;
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateSelectionCallback = (sender, name) =>
            {
                seen = (sender, name);
                return TestCertificates.Server;
            },
        };
        ServerCredential credential = ServerCredential.Resolve(options, s_sender, "example.test");
        Assert.Same(s_sender, seen.Sender);
        Assert.Equal("example.test", seen.Name);
        Assert.Same(TestCertificates.Server, credential.Certificate);
    }

    [Fact]
    public void Missing_certificate_or_private_key_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => ServerCredential.Resolve(new SslServerAuthenticationOptions(), s_sender, null));
        Assert.Throws<InvalidOperationException>(() => ServerCredential.Resolve(
            new SslServerAuthenticationOptions { ServerCertificate = TestCertificates.PublicOnly(TestCertificates.Server) }, s_sender, null));
        Assert.Throws<InvalidOperationException>(() => ServerCredential.Resolve(
            new SslServerAuthenticationOptions { ServerCertificateSelectionCallback = (_, _) => null! }, s_sender, "x"));
    }

    [Fact]
    public void Credential_asks_for_a_client_certificate_only_when_required_and_defers_the_decision()
    {
        ServerCredential credential = ServerCredential.Resolve(new SslServerAuthenticationOptions { ServerCertificate = TestCertificates.Server }, s_sender, null);

        QuicCredentialConfig plain = ServerConfigurationCache.CreateCredential(credential, clientCertificateRequired: false);
        Assert.Equal(QuicCredentialType.CertificateContext, plain.Type);
        Assert.Equal(QuicCredentialFlags.None, plain.Flags);
        Assert.Same(TestCertificates.Server, plain.CertificateContext);

        QuicCredentialConfig mutual = ServerConfigurationCache.CreateCredential(credential, clientCertificateRequired: true);
        Assert.Equal(
            QuicCredentialFlags.RequireClientAuthentication | QuicCredentialFlags.IndicateCertificateReceived | QuicCredentialFlags.DeferCertificateValidation,
            mutual.Flags);
        Assert.False(mutual.Flags.HasFlag(QuicCredentialFlags.Client));
    }

    [Fact]
    public void Shared_options_are_never_changed()
    {
        var options = new SslServerAuthenticationOptions { ServerCertificate = TestCertificates.Server };
        ServerCredential.Resolve(options, s_sender, "localhost");
        Assert.Null(options.ApplicationProtocols);
        Assert.Null(options.ServerCertificateContext);
    }

    [Fact]
    public void Alpn_lists_compare_by_content_and_order()
    {
        List<SslApplicationProtocol> h3 = [SslApplicationProtocol.Http3];
        Assert.True(AlpnList.SequenceEqual(h3, [new SslApplicationProtocol("h3")]));
        Assert.False(AlpnList.SequenceEqual(h3, [SslApplicationProtocol.Http3, SslApplicationProtocol.Http2]));
        Assert.False(AlpnList.SequenceEqual([SslApplicationProtocol.Http2, SslApplicationProtocol.Http3], [SslApplicationProtocol.Http3, SslApplicationProtocol.Http2]));
        QuicBuffer buffer = Assert.Single(AlpnList.ToBuffers(h3));
        Assert.Equal("h3"u8.ToArray(), buffer.Span.ToArray());
    }
}
