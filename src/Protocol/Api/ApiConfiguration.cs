using System.Security.Cryptography;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// A configuration (MsQuic's QUIC_CONFIGURATION): ALPNs, settings (the global settings with the
/// configuration's own on top) and, once loaded, the credential, from which it builds the TLS
/// layer's shared client or server configuration. Session tickets are sealed with the
/// configuration's keys (random, or set with <see cref="QuicParam.ConfigurationTicketKeys"/>).
/// Thread-safe: connections on any worker read it.
/// </summary>
internal sealed class ApiConfiguration : ApiObject
{
    private static readonly byte[] s_ticketKeySalt = "QuicKestrel ticket key"u8.ToArray();

    private readonly Lock _gate = new();
    private readonly SealingKeyRing _cookieKeys = SealingKeyRing.CreateRandom(RandomSource.System);
    private readonly StrikeRegister _strikeRegister = new();
    private QuicSettings _settings;
    private LoadedCredential? _credential;
    private SealingKeyRing _ticketKeys = SealingKeyRing.CreateRandom(RandomSource.System);
    private TlsServerConfig? _serverTls;
    private TlsClientConfig? _clientTls;

    public ApiConfiguration(ApiRegistration registration, IReadOnlyList<byte[]> alpns, in QuicSettings settings, object? context)
        : base(QuicHandleKind.Configuration, context)
    {
        Registration = registration;
        Alpns = alpns;
        _settings = settings;
    }

    public ApiRegistration Registration { get; }

    public IReadOnlyList<byte[]> Alpns { get; }

    public QuicSettings Settings
    {
        get
        {
            lock (_gate)
                return _settings;
        }
    }

    public LoadedCredential? Credential
    {
        get
        {
            lock (_gate)
                return _credential;
        }
    }

    /// <summary>Opens a configuration: the global settings, then <paramref name="settings"/> over them.</summary>
    public static QuicStatus Create(ApiRegistration registration, IReadOnlyList<byte[]> alpns, in QuicSettings settings, object? context,
        out ApiConfiguration? configuration)
    {
        configuration = null;
        QuicSettings effective = ApiLibrary.Settings;
        QuicStatus status = QuicSettingsRules.TryApply(ref effective, settings);
        if (status.Failed())
            return status;
        configuration = new ApiConfiguration(registration, alpns, effective, context);
        return QuicStatus.Success;
    }

    /// <summary>QUIC_PARAM_CONFIGURATION_SETTINGS: set members override, atomically.</summary>
    public QuicStatus ApplySettings(in QuicSettings settings)
    {
        lock (_gate)
        {
            QuicStatus status = QuicSettingsRules.TryApply(ref _settings, settings);
            if (status.Succeeded())
                InvalidateTls();
            return status;
        }
    }

    /// <summary>ConfigurationLoadCredential: synchronous, or on the thread pool with LOAD_ASYNCHRONOUS.</summary>
    public QuicStatus LoadCredential(QuicCredentialConfig config)
    {
        if (!config.Flags.HasFlag(QuicCredentialFlags.LoadAsynchronous))
            return LoadNow(config);
        QuicCredentialLoadComplete handler = config.AsyncHandler!;
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            QuicStatus status = LoadNow(config);
            handler(Handle, Handle.Context, status);
        }, null);
        return QuicStatus.Pending;
    }

    /// <summary>
    /// QUIC_PARAM_CONFIGURATION_TICKET_KEYS: the first key seals, all open. Each key's material is
    /// stretched with HKDF-SHA256 to the 256-bit sealing key, so equal material gives equal keys
    /// on every server sharing it.
    /// </summary>
    public QuicStatus SetTicketKeys(ReadOnlySpan<QuicTicketKeyConfig> keys)
    {
        lock (_gate)
        {
            if (_credential is null)
                return QuicStatus.InvalidState;
            if (_credential.IsClient)
                return QuicStatus.NotSupported;
            var ring = new SealingKeyRing(keys.Length);
            Span<byte> key = stackalloc byte[SealingKeyRing.KeyLength];
            for (int i = keys.Length - 1; i >= 0; i--)
            {
                HKDF.DeriveKey(HashAlgorithmName.SHA256, keys[i].Material, key, s_ticketKeySalt, keys[i].Id);
                ring.AddKey(keys[i].Id, key);
            }
            CryptographicOperations.ZeroMemory(key);
            _ticketKeys = ring;
            InvalidateTls();
            return QuicStatus.Success;
        }
    }

    /// <summary>The shared server TLS configuration, or null without a server credential.</summary>
    public TlsServerConfig? ServerTls
    {
        get
        {
            lock (_gate)
            {
                if (_credential is null || _credential.IsClient)
                    return null;
                return _serverTls ??= BuildServerTls(_credential);
            }
        }
    }

    /// <summary>The shared client TLS configuration, or null without a client credential.</summary>
    public TlsClientConfig? ClientTls
    {
        get
        {
            lock (_gate)
            {
                if (_credential is null || !_credential.IsClient)
                    return null;
                return _clientTls ??= new TlsClientConfig
                {
                    Alpns = Alpns,
                    AllowedCipherSuites = _credential.AllowedCipherSuites,
                    Validation = _credential.Validation,
                    ClientCertificate = _credential.Certificate,
                };
            }
        }
    }

    private QuicStatus LoadNow(QuicCredentialConfig config)
    {
        QuicStatus status = CredentialLoader.Load(config, out LoadedCredential? credential);
        if (status.Failed())
            return status;
        lock (_gate)
        {
            _credential = credential;
            InvalidateTls();
        }
        return QuicStatus.Success;
    }

    private void InvalidateTls()
    {
        _serverTls = null;
        _clientTls = null;
    }

    private TlsServerConfig BuildServerTls(LoadedCredential credential)
    {
        QuicServerResumptionLevel resumption = _settings.ServerResumptionLevel;
        return new TlsServerConfig
        {
            Certificates = credential.Certificate is null ? [] : [credential.Certificate],
            Alpns = Alpns,
            AllowedCipherSuites = credential.AllowedCipherSuites,
            ClientAuth = credential.ClientAuth,
            ClientCertificateValidation = credential.Validation,
            TicketKeys = resumption == QuicServerResumptionLevel.NoResume ? null : _ticketKeys,
            AllowEarlyData = resumption == QuicServerResumptionLevel.ResumeAndZeroRtt,
            StrikeRegister = _strikeRegister,
            CookieKeys = _cookieKeys,
        };
    }
}
