namespace QuicKestrel.Protocol.Api;

public sealed partial class QuicApiTable
{
    /// <summary>
    /// Opens a registration, the root of an application's objects: its configurations,
    /// listeners and connections share its workers and execution profile (MsQuic's
    /// <c>RegistrationOpen</c>). Synchronous.
    /// </summary>
    /// <param name="config">The application name and execution profile; <see langword="null"/> for the defaults.</param>
    /// <param name="registration">The new registration; <see langword="null"/> on failure.</param>
    /// <returns><see cref="QuicStatus.Success"/>, or <see cref="QuicStatus.InvalidParameter"/> for an unknown execution profile.</returns>
    public QuicStatus RegistrationOpen(QuicRegistrationConfig? config, out QuicHandle? registration)
    {
        registration = null;
        if (config is not null && !Enum.IsDefined(config.ExecutionProfile))
            return QuicStatus.InvalidParameter;
        if (IsClosed)
            return QuicStatus.InvalidState;
        registration = new ApiRegistration(config).Handle;
        return QuicStatus.Success;
    }

    /// <summary>
    /// Closes a registration (MsQuic's <c>RegistrationClose</c>). Blocks until every
    /// configuration, listener and connection opened from it has been closed by the
    /// application, so it must not be called from a callback (it would wait for itself). The
    /// handle must not be used afterwards.
    /// </summary>
    /// <param name="registration">A registration handle; anything else is ignored.</param>
    public void RegistrationClose(QuicHandle? registration)
    {
        // MsQuic asserts it is not called from a callback: it would wait for the callback's own
        // connection. Here the call is refused instead (the handle stays open).
        if (ApiObject.From<ApiRegistration>(registration) is not { } target || Runtime.Worker.Current is not null)
            return;
        target.Close();
        target.Handle.IsClosed = true;
    }

    /// <summary>
    /// Starts shutting down every connection of the registration, as <c>ConnectionShutdown</c>
    /// on each (MsQuic's <c>RegistrationShutdown</c>). Does not wait; each connection still
    /// delivers its SHUTDOWN_COMPLETE and must be closed. Not from a callback.
    /// </summary>
    /// <param name="registration">A registration handle; anything else is ignored.</param>
    /// <param name="flags"><see cref="QuicConnectionShutdownFlags.Silent"/> to close without telling the peers.</param>
    /// <param name="errorCode">The application error code sent to the peers; at most <see cref="QuicLimits.Uint62Max"/>, larger values are ignored.</param>
    public void RegistrationShutdown(QuicHandle? registration, QuicConnectionShutdownFlags flags, ulong errorCode)
    {
        if (ApiObject.From<ApiRegistration>(registration) is { } target && QuicApiArguments.IsValidErrorCode(errorCode))
            target.Shutdown(flags, errorCode);
    }

    /// <summary>
    /// Opens a configuration: the ALPNs, settings and (once loaded) TLS credential that
    /// connections and listeners use (MsQuic's <c>ConfigurationOpen</c>). Synchronous. Settings
    /// are layered over the global settings; unset members are inherited.
    /// </summary>
    /// <param name="registration">The owning registration.</param>
    /// <param name="alpnBuffers">The application protocols, in preference order; at least one, each 1–255 bytes.</param>
    /// <param name="settings">The settings to apply; <c>default</c> to inherit all.</param>
    /// <param name="context">The application's context for the configuration.</param>
    /// <param name="configuration">The new configuration; <see langword="null"/> on failure.</param>
    /// <returns><see cref="QuicStatus.Success"/>, or <see cref="QuicStatus.InvalidParameter"/> for a bad handle, ALPN list or setting.</returns>
    public QuicStatus ConfigurationOpen(
        QuicHandle? registration,
        ReadOnlySpan<QuicBuffer> alpnBuffers,
        in QuicSettings settings,
        object? context,
        out QuicHandle? configuration)
    {
        configuration = null;
        if (ApiObject.From<ApiRegistration>(registration) is not { } owner
            || !QuicApiArguments.IsValidAlpnList(alpnBuffers)
            || QuicSettingsRules.Validate(settings).Failed())
            return QuicStatus.InvalidParameter;
        QuicStatus status = ApiConfiguration.Create(owner, QuicApiArguments.CopyAlpns(alpnBuffers), settings, context, out ApiConfiguration? created);
        if (status.Failed())
            return status;
        owner.TryAddChild(created!);
        configuration = created!.Handle;
        return QuicStatus.Success;
    }

    /// <summary>
    /// Closes a configuration (MsQuic's <c>ConfigurationClose</c>). Connections and listeners
    /// already using it keep it alive until they are done. The handle must not be used afterwards.
    /// </summary>
    /// <param name="configuration">A configuration handle; anything else is ignored.</param>
    public void ConfigurationClose(QuicHandle? configuration)
    {
        if (ApiObject.From<ApiConfiguration>(configuration) is not { } target)
            return;
        target.Handle.IsClosed = true;
        target.Registration.RemoveChild(target);
    }

    /// <summary>
    /// Loads the TLS credential (certificate, key, validation options) into a configuration
    /// (MsQuic's <c>ConfigurationLoadCredential</c>). Synchronous, unless
    /// <see cref="QuicCredentialFlags.LoadAsynchronous"/> is set: then it returns
    /// <see cref="QuicStatus.Pending"/> and <see cref="QuicCredentialConfig.AsyncHandler"/> reports
    /// the result. The configuration copies what it needs; the config object may be reused.
    /// </summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="credConfig">The credential.</param>
    /// <returns>
    /// <see cref="QuicStatus.Success"/> or <see cref="QuicStatus.Pending"/>;
    /// <see cref="QuicStatus.InvalidParameter"/> for a bad handle or an inconsistent credential
    /// (e.g. a server without a certificate, a certificate without a private key);
    /// <see cref="QuicStatus.NotSupported"/> for Windows-only types and flags;
    /// <see cref="QuicStatus.NotFound"/> for a missing file; <see cref="QuicStatus.TlsError"/>
    /// for an unreadable certificate or key.
    /// </returns>
    public QuicStatus ConfigurationLoadCredential(QuicHandle? configuration, QuicCredentialConfig? credConfig)
    {
        if (ApiObject.From<ApiConfiguration>(configuration) is not { } target)
            return QuicStatus.InvalidParameter;
        QuicStatus status = QuicCredentialConfigRules.Validate(credConfig);
        return status.Failed() ? status : target.LoadCredential(credConfig!);
    }
}
