using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// A server learns its settings late: MsQuic applies the configuration's settings in
// ConnectionSetConfiguration, after the ClientHello has been read, and only then does the server
// send its transport parameters. Until that moment nothing the settings shape has been used.
internal sealed partial class QuicConnection
{
    /// <summary>
    /// Server, before <see cref="SetServerConfiguration"/>: replaces the settings that shape the
    /// transport parameters and stream state (stream counts and windows, connection window, idle
    /// and keep-alive timeouts, max_ack_delay, datagram support, migration). Loss recovery keeps
    /// the settings it started with (nothing has been sent that they would change).
    /// </summary>
    public void ApplyServerSettings(ConnectionSettings settings)
    {
        if (!IsServer || Server.Configuration is not null)
            throw new InvalidOperationException("Only a server connection that has no configuration yet takes new settings.");
        settings.Validate();
        _settings = settings;
        _streams.Dispose();
        _streams = new StreamManager(isServer: true, CreateStreamSettings(settings, _options));
        // The client's parameters can already be applied (the ClientHello carried them and the
        // handshake keys exist); the new stream state must see its limits too.
        if (_peerParameters is not null)
            _streams.ApplyPeerTransportParameters(TransportParameterRules.StreamLimits(_peerParameters));
        ApplicationSpace.Acks.MaxAckDelayMicros = settings.MaxAckDelayMicros;
        TransportParameters previous = _localParameters;
        TransportParameters rebuilt = TransportParameterRules.BuildLocal(settings, _streams.LocalParameters, _localIds.Initial, _version, _options.Versions);
        rebuilt.OriginalDestinationConnectionId = previous.OriginalDestinationConnectionId;
        rebuilt.RetrySourceConnectionId = previous.RetrySourceConnectionId;
        rebuilt.StatelessResetToken = previous.StatelessResetToken;
        rebuilt.VersionInformation = previous.VersionInformation;
        _localParameters = rebuilt;
        _idleDeadline = settings.HandshakeIdleTimeoutMicros > 0 ? _createdAt + settings.HandshakeIdleTimeoutMicros : long.MaxValue;
    }
}
