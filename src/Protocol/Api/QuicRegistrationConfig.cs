namespace QuicKestrel.Protocol.Api;

/// <summary>
/// Options for <c>RegistrationOpen</c>: MsQuic's <c>QUIC_REGISTRATION_CONFIG</c>. Every member
/// is optional, and passing no configuration at all is the same as passing a default one.
/// </summary>
public sealed class QuicRegistrationConfig
{
    /// <summary>A name for the application, used in diagnostics; may be <see langword="null"/>.</summary>
    public string? AppName { get; set; }

    /// <summary>How the registration's connections are scheduled. Default <see cref="QuicExecutionProfile.LowLatency"/>.</summary>
    public QuicExecutionProfile ExecutionProfile { get; set; }
}
