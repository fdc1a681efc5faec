using QuicKestrel.Http3.Quic;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Http3;

/// <summary>
/// The QUIC objects clients share: an API table (<c>MsQuicOpen2</c>), a registration and a
/// configuration with ALPN "h3", the transport settings and the client credential. Open one
/// and pass it to <see cref="Http3Client.Create(Http3ClientEndpoint, Http3ClientOptions)"/> to
/// run many connections (e.g. the perf tool's C connections) on the same objects. Dispose it
/// after every client opened from it; disposing waits for them (RegistrationClose).
/// </summary>
public sealed class Http3ClientEndpoint : IDisposable
{
    private int _disposed;

    private Http3ClientEndpoint(QuicApiTable api, QuicHandle registration, QuicHandle configuration)
    {
        Api = api;
        Registration = registration;
        Configuration = configuration;
    }

    /// <summary>The API table.</summary>
    public QuicApiTable Api { get; }

    /// <summary>The registration connections are opened on.</summary>
    public QuicHandle Registration { get; }

    /// <summary>The configuration connections start with.</summary>
    public QuicHandle Configuration { get; }

    /// <summary>Opens the table, registration and configuration for <paramref name="options"/>' credential and settings.</summary>
    /// <param name="options">The TLS and transport choices (host and port are not used here).</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="Http3Exception">An API call failed.</exception>
    public static Http3ClientEndpoint Open(Http3ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Http3Exception.ThrowIfFailed(MsQuicLibrary.MsQuicOpen2(out QuicApiTable api), "MsQuicOpen2");
        QuicHandle? registration = null;
        QuicHandle? configuration = null;
        try
        {
            var registrationConfig = new QuicRegistrationConfig { AppName = "quickestrel-h3-client" };
            Http3Exception.ThrowIfFailed(api.RegistrationOpen(registrationConfig, out registration), "RegistrationOpen");
            QuicSettings settings = options.TransportSettings;
            if (!settings.IsSet(QuicSettingsFields.PeerUnidiStreamCount))
                settings.PeerUnidiStreamCount = 16; // control, QPACK encoder and decoder, and reserved types (§6.2)
            Http3Exception.ThrowIfFailed(api.ConfigurationOpen(registration, H3Alpn.List, settings, null, out configuration), "ConfigurationOpen");
            Http3Exception.ThrowIfFailed(api.ConfigurationLoadCredential(configuration, CreateCredential(options)), "ConfigurationLoadCredential");
            return new Http3ClientEndpoint(api, registration!, configuration!);
        }
        catch
        {
            api.ConfigurationClose(configuration);
            api.RegistrationClose(registration);
            MsQuicLibrary.MsQuicClose(api);
            throw;
        }
    }

    /// <summary>Closes the configuration, then the registration (waiting for its connections to be closed), then the table.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        Api.ConfigurationClose(Configuration);
        Api.RegistrationClose(Registration);
        MsQuicLibrary.MsQuicClose(Api);
    }

    private static QuicCredentialConfig CreateCredential(Http3ClientOptions options)
    {
        var credential = new QuicCredentialConfig { Type = QuicCredentialType.None, Flags = QuicCredentialFlags.Client };
        if (options.TrustedRootCertificates is { } roots)
            credential.CaCertificates = roots;
        else
            credential.Flags |= QuicCredentialFlags.NoCertificateValidation;
        if (options.AllowedCipherSuites is { } suites)
        {
            credential.Flags |= QuicCredentialFlags.SetAllowedCipherSuites;
            credential.AllowedCipherSuites = suites;
        }
        return credential;
    }
}
