using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Endpoint;
using QuicKestrel.Protocol.Runtime.Binding;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// The library's process-wide state behind <see cref="MsQuicLibrary"/> (MsQuic's MsQuicLib):
/// the global settings every configuration starts from, the stateless reset key, the address
/// token keys, and the UDP bindings shared by all registrations. Lives while a table is open;
/// the last <c>MsQuicClose</c> resets it.
/// </summary>
internal static class ApiLibrary
{
    private static readonly Lock s_gate = new();
    private static QuicSettings s_settings = QuicSettings.Defaults;
    private static QuicGlobalSettings s_globalSettings = QuicGlobalSettings.Defaults;
    private static StatelessResetTokenGenerator s_resetTokens = StatelessResetTokenGenerator.CreateRandom(RandomSource.System);
    private static readonly AddressTokenKeyRing s_tokenKeys = AddressTokenKeyRing.CreateRandom(RandomSource.System);
    private static readonly TokenReplayCache s_replayCache = new(65_536);
    private static readonly ClientTokenStore s_clientTokens = new();
    private static BindingTable? s_bindings;

    /// <summary>The global settings: MsQuic's defaults with what <see cref="QuicParam.GlobalSettings"/> set (their "is set" bits on).</summary>
    public static QuicSettings Settings
    {
        get
        {
            lock (s_gate)
                return s_settings;
        }
    }

    public static QuicGlobalSettings GlobalSettings
    {
        get
        {
            lock (s_gate)
                return s_globalSettings;
        }
    }

    /// <summary>Every binding of the process; created on first use.</summary>
    public static BindingTable Bindings
    {
        get
        {
            lock (s_gate)
                return s_bindings ??= new BindingTable(CreateBindingOptions());
        }
    }

    public static QuicStatus ApplySettings(in QuicSettings settings)
    {
        lock (s_gate)
            return QuicSettingsRules.TryApply(ref s_settings, settings);
    }

    public static QuicStatus ApplyGlobalSettings(in QuicGlobalSettings settings)
    {
        lock (s_gate)
            return settings.TryApplyTo(ref s_globalSettings);
    }

    /// <summary>
    /// Replaces the stateless reset key (MsQuic QUIC_PARAM_GLOBAL_STATELESS_RESET_KEY): bindings
    /// opened from now on derive their tokens from it; open ones keep the key their connections
    /// already advertised tokens for.
    /// </summary>
    public static void SetStatelessResetKey(ReadOnlySpan<byte> key)
    {
        lock (s_gate)
        {
            s_resetTokens = new StatelessResetTokenGenerator(key);
            s_bindings?.UpdateOptions(CreateBindingOptions());
        }
    }

    /// <summary>Client: keeps a NEW_TOKEN token a server gave, for a later connection to the same name (RFC 9000 §8.1.3).</summary>
    public static void StoreNewToken(string serverName, ReadOnlySpan<byte> token)
    {
        lock (s_clientTokens)
            s_clientTokens.Add(serverName, token);
    }

    /// <summary>Client: a NEW_TOKEN token for <paramref name="serverName"/>, used once; null when none.</summary>
    public static byte[]? TakeNewToken(string serverName)
    {
        lock (s_clientTokens)
            return s_clientTokens.TryTake(serverName, out byte[] token) ? token : null;
    }

    private static long s_callbackExceptions;

    /// <summary>Exceptions application callbacks threw (caught, so a worker or receive thread survives them).</summary>
    public static long CallbackExceptionCount => Interlocked.Read(ref s_callbackExceptions);

    /// <summary>Observes exceptions thrown by application callbacks (tests, diagnostics).</summary>
    public static event Action<Exception>? CallbackException;

    /// <summary>
    /// An application callback threw. MsQuic's C callbacks cannot; here the exception is counted
    /// and reported, and the event is treated as answered with a failure status.
    /// </summary>
    public static void ReportCallbackException(Exception exception)
    {
        Interlocked.Increment(ref s_callbackExceptions);
        try
        {
            CallbackException?.Invoke(exception);
        }
        catch (Exception)
        {
            // An observer that throws must not take the worker down either.
        }
    }

    /// <summary>The last table closed: settings go back to MsQuic's defaults.</summary>
    public static void Reset()
    {
        lock (s_gate)
        {
            s_settings = QuicSettings.Defaults;
            s_globalSettings = QuicGlobalSettings.Defaults;
        }
    }

    private static BindingOptions CreateBindingOptions() => new()
    {
        ResetTokens = s_resetTokens,
        TokenKeys = s_tokenKeys,
        TokenReplayCache = s_replayCache,
        ConnectionFactory = ServerConnectionFactory.Instance,
    };
}
