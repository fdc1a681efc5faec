using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// Versions: Version Negotiation packets (RFC 9000 §6) and compatible version negotiation
// (RFC 9368): a client starts in one version offering others in version_information; the server
// may answer in one of those, and the client follows.
internal sealed partial class QuicConnection
{
    private PacketProtection? _otherVersionInitialReceive;
    private uint _otherVersion;
    private ConnectionId _initialKeyId;

    /// <summary>The Destination Connection ID Initial keys derive from (the client's first, or the Retry's).</summary>
    private ConnectionId InitialKeyId =>
        !_initialKeyId.IsEmpty ? _initialKeyId
        : IsServer ? _serverParameters!.InitialDestinationConnectionId : _originalDestinationId;

    /// <summary>Versions a long-header packet may carry now.</summary>
    private bool IsAcceptableVersion(uint version)
    {
        if (version == _version)
            return true;
        if (!IsListed(version))
            return false;
        // A server keeps accepting the client's original version (its Initials and 0-RTT) after
        // switching; a client accepts the server's choice until the server's first Initial fixes it.
        return IsServer ? version == _originalVersion : !_serverInitialSeen;
    }

    private bool IsListed(uint version)
    {
        foreach (uint candidate in _options.Versions)
        {
            if (candidate == version)
                return true;
        }
        return false;
    }

    /// <summary>The Initial key to open a packet of <paramref name="version"/> with (derived on first use for the other version).</summary>
    private PacketProtection? GetInitialReceiveKey(uint version)
    {
        PacketSpace initial = InitialSpace;
        if (initial.IsDiscarded)
            return null;
        if (version == _version)
            return initial.ReceiveKey;
        if (_otherVersionInitialReceive is not null && _otherVersion == version)
            return _otherVersionInitialReceive;
        if (!QuicVersion.IsSupported(version))
            return null;
        _options.Protection.CreateInitial(version, InitialKeyId.Span, IsServer, out PacketProtection send, out PacketProtection receive);
        send.Dispose();
        _otherVersionInitialReceive?.Dispose();
        _otherVersionInitialReceive = receive;
        _otherVersion = version;
        return receive;
    }

    /// <summary>Client: the server's first Initial is in <paramref name="version"/>: switch to it (RFC 9368 §2.3).</summary>
    private void AdoptServerVersion(uint version)
    {
        if (version == _version)
            return;
        SwitchVersion(version);
    }

    /// <summary>
    /// Server: the ClientHello's version_information lists the versions the client can use; take
    /// the first of ours it lists (RFC 9368 §2.3). Our Initial, Handshake and 1-RTT packets then
    /// use it; the client's original-version Initials are still accepted.
    /// </summary>
    private void ChooseServerVersion(TransportParameters? clientParameters)
    {
        VersionInformation? offered = clientParameters?.VersionInformation;
        if (offered is null)
            return;
        foreach (uint candidate in _options.Versions)
        {
            if (!QuicVersion.IsSupported(candidate) || Array.IndexOf(offered.AvailableVersions, candidate) < 0)
                continue;
            if (candidate != _version)
                SwitchVersion(candidate);
            break;
        }
        _localParameters.VersionInformation = new VersionInformation
        {
            ChosenVersion = _version,
            AvailableVersions = [.. _options.Versions],
        };
    }

    private void SwitchVersion(uint version)
    {
        PacketSpace initial = InitialSpace;
        PacketProtection? newReceive = GetInitialReceiveKey(version);
        _options.Protection.CreateInitial(version, InitialKeyId.Span, IsServer, out PacketProtection send, out PacketProtection receive);
        receive.Dispose();
        initial.SendKey?.Dispose();
        initial.SendKey = send;
        _otherVersionInitialReceive = initial.ReceiveKey;
        _otherVersion = _version;
        initial.ReceiveKey = newReceive;
        _version = version;
    }

    /// <summary>
    /// Client: a Version Negotiation packet (RFC 9000 §6.2). Ignored after any other packet from
    /// the server, when it does not echo our connection IDs, or when it lists our version (a
    /// forgery or a stale copy); otherwise the server cannot speak our versions and the connection ends.
    /// </summary>
    private void OnVersionNegotiation(long now, in PacketHeader header)
    {
        if (IsServer || _receivedFromPeer || _state != ConnectionState.Handshaking
            || !_localIds.Initial.Matches(header.DestinationConnectionId)
            || !_originalDestinationId.Matches(header.SourceConnectionId)
            || header.SupportedVersions.Contains(_version))
        {
            _stats.PacketsDropped++;
            return;
        }
        _receivedFromPeer = true;
        _closeReason = CloseReason.Transport(new QuicError(TransportErrorCode.VersionNegotiationError, 0, "no common QUIC version"));
        EnterClosedSilently(now, ConnectionStatus.VersionNegotiationError, (ulong)TransportErrorCode.VersionNegotiationError);
    }
}
