using QuicKestrel.Protocol.Streams;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

/// <summary>The connection IDs a peer's transport parameters must authenticate (RFC 9000 §7.3).</summary>
internal readonly record struct ExpectedConnectionIds(
    ConnectionId PeerInitialSource,
    ConnectionId? OriginalDestination,
    ConnectionId? RetrySource);

/// <summary>
/// Our transport parameters from the settings, and the checks the connection runs on the
/// peer's beyond the codec's own §18.2 rules: connection ID authentication (RFC 9000 §7.3) and
/// the version_information downgrade checks (RFC 9368 §4).
/// </summary>
internal static class TransportParameterRules
{
    /// <summary>The max_datagram_frame_size we advertise when datagrams are enabled (MsQuic's value).</summary>
    public const ulong DatagramFrameSize = 65535;

    public static TransportParameters BuildLocal(ConnectionSettings settings, in StreamTransportParameters streams,
        ConnectionId localInitial, uint version, IReadOnlyList<uint> versions)
    {
        var available = new uint[versions.Count];
        for (int i = 0; i < available.Length; i++)
            available[i] = versions[i];
        return new TransportParameters
        {
            MaxIdleTimeoutMillis = (ulong)(settings.IdleTimeoutMicros / 1000),
            MaxUdpPayloadSize = (ulong)(settings.MaximumMtu - 28),
            InitialMaxData = (ulong)streams.InitialMaxData,
            InitialMaxStreamDataBidiLocal = (ulong)streams.InitialMaxStreamDataBidiLocal,
            InitialMaxStreamDataBidiRemote = (ulong)streams.InitialMaxStreamDataBidiRemote,
            InitialMaxStreamDataUni = (ulong)streams.InitialMaxStreamDataUni,
            InitialMaxStreamsBidi = (ulong)streams.InitialMaxStreamsBidi,
            InitialMaxStreamsUni = (ulong)streams.InitialMaxStreamsUni,
            AckDelayExponent = (ulong)settings.AckDelayExponent,
            MaxAckDelayMillis = (ulong)((settings.MaxAckDelayMicros + 999) / 1000),
            DisableActiveMigration = !settings.MigrationEnabled,
            ActiveConnectionIdLimit = (ulong)settings.ActiveConnectionIdLimit,
            InitialSourceConnectionId = localInitial.ToArray(),
            MaxDatagramFrameSize = settings.DatagramReceiveEnabled ? DatagramFrameSize : 0,
            VersionInformation = new VersionInformation { ChosenVersion = version, AvailableVersions = available },
        };
    }

    /// <summary>
    /// RFC 9000 §7.3: an absent required ID (or a retry_source_connection_id where no Retry
    /// happened) is a TRANSPORT_PARAMETER_ERROR, a value differing from the packets' a PROTOCOL_VIOLATION.
    /// </summary>
    public static QuicError CheckConnectionIds(TransportParameters peer, bool peerIsServer, in ExpectedConnectionIds expected)
    {
        if (peer.InitialSourceConnectionId is null)
            return QuicError.TransportParameter("initial_source_connection_id is missing");
        if (!expected.PeerInitialSource.Matches(peer.InitialSourceConnectionId))
            return QuicError.ProtocolViolation(0, "initial_source_connection_id differs from the Initial's Source Connection ID");
        if (!peerIsServer)
            return QuicError.None;
        if (peer.OriginalDestinationConnectionId is null)
            return QuicError.TransportParameter("original_destination_connection_id is missing");
        if (expected.OriginalDestination is { } original && !original.Matches(peer.OriginalDestinationConnectionId))
            return QuicError.ProtocolViolation(0, "original_destination_connection_id differs from our first Destination Connection ID");
        if (expected.RetrySource is { } retry)
        {
            if (peer.RetrySourceConnectionId is null)
                return QuicError.TransportParameter("retry_source_connection_id is missing after a Retry");
            if (!retry.Matches(peer.RetrySourceConnectionId))
                return QuicError.ProtocolViolation(0, "retry_source_connection_id differs from the Retry's Source Connection ID");
        }
        else if (peer.RetrySourceConnectionId is not null)
        {
            return QuicError.TransportParameter("retry_source_connection_id without a Retry");
        }
        return QuicError.None;
    }

    /// <summary>
    /// RFC 9368 §4: the client checks that the server's chosen version is the one in use, and that
    /// the server did not switch versions silently; the server checks that the client's chosen
    /// version is the one its first Initial used. Failures are VERSION_NEGOTIATION_ERROR.
    /// </summary>
    public static QuicError CheckVersionInformation(TransportParameters peer, bool peerIsServer, uint versionInUse, uint originalVersion)
    {
        VersionInformation? information = peer.VersionInformation;
        if (information is null)
        {
            return peerIsServer && versionInUse != originalVersion
                ? VersionError("the server changed the version without version_information")
                : QuicError.None;
        }
        uint expected = peerIsServer ? versionInUse : originalVersion;
        return information.ChosenVersion == expected
            ? QuicError.None
            : VersionError("version_information names another chosen version");
    }

    private static QuicError VersionError(string reason) =>
        new(TransportErrorCode.VersionNegotiationError, 0, reason);

    /// <summary>
    /// RFC 9001 §4.6.3 / RFC 9000 §7.4.1: 0-RTT can be accepted only if our current limits are at
    /// least those the client remembers from the ticket.
    /// </summary>
    public static bool AllowsEarlyData(TransportParameters current, TransportParameters remembered) =>
        current.InitialMaxData >= remembered.InitialMaxData
        && current.InitialMaxStreamDataBidiLocal >= remembered.InitialMaxStreamDataBidiLocal
        && current.InitialMaxStreamDataBidiRemote >= remembered.InitialMaxStreamDataBidiRemote
        && current.InitialMaxStreamDataUni >= remembered.InitialMaxStreamDataUni
        && current.InitialMaxStreamsBidi >= remembered.InitialMaxStreamsBidi
        && current.InitialMaxStreamsUni >= remembered.InitialMaxStreamsUni
        && current.ActiveConnectionIdLimit >= remembered.ActiveConnectionIdLimit
        && current.MaxDatagramFrameSize >= remembered.MaxDatagramFrameSize;

    /// <summary>The stream-related values of a peer's parameters for the stream layer.</summary>
    public static StreamTransportParameters StreamLimits(TransportParameters peer) => new(
        Clamp(peer.InitialMaxData),
        Clamp(peer.InitialMaxStreamDataBidiLocal),
        Clamp(peer.InitialMaxStreamDataBidiRemote),
        Clamp(peer.InitialMaxStreamDataUni),
        (long)peer.InitialMaxStreamsBidi,
        (long)peer.InitialMaxStreamsUni);

    private static long Clamp(ulong value) => (long)Math.Min(value, VarInt.MaxValue);
}
