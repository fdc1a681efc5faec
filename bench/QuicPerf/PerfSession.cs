using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Perf;

/// <summary>
/// The library table and one registration with its configuration (server or client side).
/// Dispose closes them in order; RegistrationClose waits for every connection, so callers close
/// theirs first.
/// </summary>
internal sealed class PerfSession : IDisposable
{
    /// <summary>Stream windows large enough for one connection to fill a fast path (must be powers of two).</summary>
    private const uint StreamWindow = 16 * 1024 * 1024;
    private const uint ConnectionWindow = 64 * 1024 * 1024;

    private PerfSession(QuicApiTable api, QuicHandle registration, QuicHandle configuration)
    {
        Api = api;
        Registration = registration;
        Configuration = configuration;
    }

    public QuicApiTable Api { get; }

    public QuicHandle Registration { get; }

    public QuicHandle Configuration { get; }

    public static PerfSession OpenServer(X509Certificate2 certificate) =>
        Open("quicperf-server", new QuicCredentialConfig
        {
            Type = QuicCredentialType.CertificateContext,
            CertificateContext = certificate,
        });

    public static PerfSession OpenClient() =>
        Open("quicperf-client", new QuicCredentialConfig
        {
            Flags = QuicCredentialFlags.Client | QuicCredentialFlags.NoCertificateValidation,
        });

    private static PerfSession Open(string name, QuicCredentialConfig credential)
    {
        Check(MsQuicLibrary.MsQuicOpen2(out QuicApiTable api), "MsQuicOpen2");
        Check(api.RegistrationOpen(new QuicRegistrationConfig { AppName = name, ExecutionProfile = QuicExecutionProfile.MaxThroughput }, out QuicHandle? registration), "RegistrationOpen");
        Check(api.ConfigurationOpen(registration, [PerfProtocol.Alpn], Settings(), null, out QuicHandle? configuration), "ConfigurationOpen");
        Check(api.ConfigurationLoadCredential(configuration, credential), "ConfigurationLoadCredential");
        return new PerfSession(api, registration!, configuration!);
    }

    private static QuicSettings Settings() => new()
    {
        PeerBidiStreamCount = 1024,
        IdleTimeoutMs = 30_000,
        StreamRecvWindowDefault = StreamWindow,
        ConnFlowControlWindow = ConnectionWindow,
    };

    public static void Check(QuicStatus status, string call)
    {
        if (status is not (QuicStatus.Success or QuicStatus.Pending))
            throw new InvalidOperationException($"{call} failed: {status}");
    }

    public void Dispose()
    {
        Api.ConfigurationClose(Configuration);
        Api.RegistrationClose(Registration);
        MsQuicLibrary.MsQuicClose(Api);
    }
}
