using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Recovery;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Connection;

// The receive path: a datagram is split into its coalesced packets (RFC 9000 §12.2), each
// packet is checked, unprotected, de-duplicated and its frames processed (QuicConnection.Frames.cs).
// Nothing here throws on network input: bad packets are dropped, protocol errors close the connection.
internal sealed partial class QuicConnection
{
    /// <summary>RFC 9000 §10.3: a stateless reset is at least 21 bytes.</summary>
    private const int MinimumStatelessResetLength = 21;

    private bool _receivedFromPeer;
    private bool _replaying;

    /// <summary>
    /// A datagram routed to this connection by the endpoint. <paramref name="datagram"/> is
    /// decrypted in place and not kept after the call.
    /// </summary>
    public void HandleDatagram(long now, Span<byte> datagram, in PathAddresses path, EcnMarking ecn)
    {
        if (_state is ConnectionState.Draining or ConnectionState.Closed or ConnectionState.Created)
            return;
        _stats.DatagramsReceived++;
        _stats.BytesReceived += datagram.Length;
        _lastEventTime = now;
        if (_state == ConnectionState.Closing)
            OnPacketWhileClosing();
        PathState? datagramPath = ResolvePath(path, datagram.Length);
        if (datagramPath is null)
            return;
        ProcessDatagram(now, datagram, datagramPath, ecn);
        AfterReceive(now);
    }

    private void ProcessDatagram(long now, Span<byte> datagram, PathState path, EcnMarking ecn)
    {
        int offset = 0;
        ReadOnlySpan<byte> firstDestination = default;
        while (offset < datagram.Length && _state is ConnectionState.Handshaking or ConnectionState.Established or ConnectionState.Closing)
        {
            Span<byte> rest = datagram[offset..];
            if (!PacketHeader.TryParse(rest, _localIds.Initial.Length, out PacketHeader header))
            {
                _stats.PacketsDropped++;
                return;
            }
            // RFC 9000 §12.2: every packet of a datagram has the same Destination Connection ID.
            // (Decryption in place never touches connection IDs, so the first one stays readable.)
            if (offset == 0)
                firstDestination = header.DestinationConnectionId;
            else if (!header.DestinationConnectionId.SequenceEqual(firstDestination))
            {
                _stats.PacketsDropped++;
                return;
            }
            int length = header.PacketLength;
            ProcessPacket(now, rest[..length], header, datagram, path, ecn);
            offset += length;
        }
    }

    private void ProcessPacket(long now, Span<byte> packet, in PacketHeader header, ReadOnlySpan<byte> datagram, PathState path, EcnMarking ecn)
    {
        switch (header.Type)
        {
            case PacketType.VersionNegotiation:
                OnVersionNegotiation(now, header);
                return;
            case PacketType.Retry:
                OnRetry(now, packet, header);
                return;
            case PacketType.Initial:
            case PacketType.ZeroRtt:
            case PacketType.Handshake:
            case PacketType.OneRtt:
                ProcessProtectedPacket(now, packet, header, datagram, path, ecn);
                return;
            default:
                _stats.PacketsDropped++;
                return;
        }
    }

    private void ProcessProtectedPacket(long now, Span<byte> packet, in PacketHeader header, ReadOnlySpan<byte> datagram,
        PathState path, EcnMarking ecn)
    {
        EncryptionLevel level = LevelOf(header.Type);
        if (!IsAcceptable(header, level))
        {
            // A stateless reset carries random bytes where the connection ID would be (RFC 9000 §10.3).
            if (!header.IsLongHeader)
                OnUndecryptable(now, header, datagram);
            else
                _stats.PacketsDropped++;
            return;
        }
        PacketSpace space = Space(PacketNumberSpaces.FromEncryptionLevel(level));
        PacketProtection? headerKey = GetHeaderKey(level, header.Version);
        if (headerKey is null)
        {
            BufferOrDrop(level, packet, path, ecn);
            return;
        }
        if (!headerKey.TryRemoveHeaderProtection(packet, header.PacketNumberOffset, out int pnLength, out uint truncated))
        {
            OnUndecryptable(now, header, datagram);
            return;
        }
        long packetNumber = PacketNumber.Decode(space.Acks.LargestReceived, truncated, pnLength);
        PacketProtection key = headerKey;
        ReadKeySlot slot = ReadKeySlot.Current;
        if (level == EncryptionLevel.OneRtt)
            key = _appKeys.SelectReadKey(HeaderBits.GetKeyPhase(packet[0]), packetNumber, out slot)!;
        if (key is null || !key.TryOpen(packet, header.PacketNumberOffset + pnLength, (ulong)packetNumber, out int payloadLength))
        {
            OnUndecryptable(now, header, datagram);
            return;
        }
        if (HeaderBits.HasReservedBitsSet(packet[0]))
        {
            CloseWithError(QuicError.ProtocolViolation(0, "reserved header bits set"), now);
            return;
        }
        if (space.Acks.IsDuplicate(packetNumber))
        {
            _stats.DuplicatePacketsReceived++;
            return;
        }
        Span<byte> payload = packet.Slice(header.PacketNumberOffset + pnLength, payloadLength);
        OnPacketAuthenticated(now, header, level, slot, packetNumber, payload, path, ecn);
    }

    /// <summary>A packet passed authentication: level-specific bookkeeping, then its frames.</summary>
    private void OnPacketAuthenticated(long now, in PacketHeader header, EncryptionLevel level, ReadKeySlot slot,
        long packetNumber, Span<byte> payload, PathState path, EcnMarking ecn)
    {
        if (_state == ConnectionState.Closing)
        {
            LookForPeerClose(now, header.Type, payload);
            return;
        }
        PacketSpace space = Space(PacketNumberSpaces.FromEncryptionLevel(level));
        if (level == EncryptionLevel.OneRtt)
        {
            QuicError keyError = _appKeys.OnPacketOpened(slot, packetNumber, now, _recovery.PtoPeriod);
            if (keyError.IsError)
            {
                CloseWithError(keyError, now);
                return;
            }
            _stats.KeyUpdates = _appKeys.KeyUpdateCount;
        }
        OnFirstPacketOfLevel(now, header, level);
        _stats.PacketsReceived++;
        _receivedFromPeer = true;
        bool largest = packetNumber > space.Acks.LargestReceived;
        if (level == EncryptionLevel.OneRtt)
            ScheduleZeroRttDiscard(now);
        bool processed = ProcessFrames(now, header.Type, space, payload, header.DestinationConnectionId, out bool ackEliciting, out bool probingOnly);
        DrainStreamEvents(zeroRtt: level == EncryptionLevel.ZeroRtt);
        if (!processed)
            return;
        space.Acks.OnPacketReceived(packetNumber, ackEliciting, ecn, now);
        OnPacketProcessed(now);
        if (level == EncryptionLevel.OneRtt && largest && !probingOnly)
            OnNonProbingPacket(now, path);
    }

    /// <summary>RFC 9001 §4.9.1, RFC 9000 §7.2, §8.1: what the first packets of a level change.</summary>
    private void OnFirstPacketOfLevel(long now, in PacketHeader header, EncryptionLevel level)
    {
        if (level == EncryptionLevel.Initial && !IsServer && !_serverInitialSeen)
        {
            // RFC 9000 §7.2: the client now sends to the ID the server chose.
            _serverInitialSeen = true;
            _peerInitialSourceId = new ConnectionId(header.SourceConnectionId);
            _peerIds.ReplaceInitial(_peerInitialSourceId);
            AdoptServerVersion(header.Version);
        }
        if (level == EncryptionLevel.Handshake && IsServer)
        {
            // RFC 9000 §8.1: a Handshake packet proves the client's address; RFC 9001 §4.9.1: the
            // server drops its Initial keys once it processes one.
            ValidatePeerAddress();
            if (!InitialSpace.IsDiscarded)
                DiscardSpace(PacketNumberSpace.Initial, now);
        }
    }

    /// <summary>The cheap checks before any decryption: version, connection IDs, packet types a role may receive.</summary>
    private bool IsAcceptable(in PacketHeader header, EncryptionLevel level)
    {
        PacketSpace space = Space(PacketNumberSpaces.FromEncryptionLevel(level));
        // RFC 9000 §17.2, §17.3.1: a packet with the fixed bit clear is discarded (no grease_quic_bit here).
        if (space.IsDiscarded || (level == EncryptionLevel.ZeroRtt && !IsServer) || !header.FixedBit)
            return false;
        if (header.IsLongHeader && !IsAcceptableVersion(header.Version))
            return false;
        if (!IsOurDestination(header.DestinationConnectionId, header.Type))
            return false;
        if (!header.IsLongHeader)
            return true;
        // RFC 9000 §17.2.2: a server's Initial never carries a token.
        if (!IsServer && header.Type == PacketType.Initial && !header.Token.IsEmpty)
            return false;
        // RFC 9000 §7.2: once the peer's Source Connection ID is known, packets with another are dropped.
        return IsServer
            ? _serverParameters!.ClientSourceConnectionId.Matches(header.SourceConnectionId)
            : !_serverInitialSeen || _peerInitialSourceId.Matches(header.SourceConnectionId);
    }

    private bool IsOurDestination(ReadOnlySpan<byte> destination, PacketType type)
    {
        if (_localIds.IsActive(destination))
            return true;
        // RFC 9000 §7.2: until the client hears from us it keeps the Destination Connection ID it chose.
        return IsServer && type is PacketType.Initial or PacketType.ZeroRtt
            && _serverParameters!.InitialDestinationConnectionId.Matches(destination);
    }

    /// <summary>The key whose header protection applies to a level (1-RTT: any generation shares it).</summary>
    private PacketProtection? GetHeaderKey(EncryptionLevel level, uint packetVersion) => level switch
    {
        EncryptionLevel.Initial => GetInitialReceiveKey(packetVersion),
        EncryptionLevel.Handshake => HandshakeSpace.ReceiveKey,
        EncryptionLevel.ZeroRtt => _appKeys.ZeroRttReceive,
        _ => _appKeys.HasOneRttRead ? _appKeys.SelectReadKey(_appKeys.KeyPhase, long.MaxValue, out _) : null,
    };

    private static EncryptionLevel LevelOf(PacketType type) => type switch
    {
        PacketType.Initial => EncryptionLevel.Initial,
        PacketType.ZeroRtt => EncryptionLevel.ZeroRtt,
        PacketType.Handshake => EncryptionLevel.Handshake,
        _ => EncryptionLevel.OneRtt,
    };

    /// <summary>RFC 9001 §5.7, §4.1.4: keep a packet whose keys may still come, else drop it.</summary>
    private void BufferOrDrop(EncryptionLevel level, ReadOnlySpan<byte> packet, PathState path, EcnMarking ecn)
    {
        bool keysMayCome = level switch
        {
            EncryptionLevel.Handshake => !HandshakeSpace.IsDiscarded,
            EncryptionLevel.ZeroRtt => IsServer && !_zeroRttDecided,
            EncryptionLevel.OneRtt => !_appKeys.HasOneRttRead,
            _ => false,
        };
        if (_replaying || !keysMayCome || _state == ConnectionState.Closing || !_pendingPackets.TryAdd(level, packet, path.Addresses, ecn))
            _stats.PacketsDropped++;
    }

    /// <summary>
    /// A packet that failed header protection or AEAD: count it against the integrity limit
    /// (RFC 9001 §6.6) and, for short headers, check for a stateless reset (RFC 9000 §10.3.1).
    /// </summary>
    private void OnUndecryptable(long now, in PacketHeader header, ReadOnlySpan<byte> datagram)
    {
        _stats.DecryptionFailures++;
        _stats.PacketsDropped++;
        if (!header.IsLongHeader && TryHandleStatelessReset(now, datagram))
            return;
        PacketProtection? reference = _appKeys.Write ?? HandshakeSpace.SendKey ?? InitialSpace.SendKey;
        if (reference is not null && _stats.DecryptionFailures >= reference.IntegrityLimit)
            CloseWithError(new QuicError(TransportErrorCode.AeadLimitReached, 0, "AEAD integrity limit reached"), now);
    }

    /// <summary>
    /// Checks whether <paramref name="datagram"/> is a stateless reset from our peer (its last 16
    /// bytes are a reset token of a connection ID we used, RFC 9000 §10.3.1) and if so drains.
    /// The endpoint calls this for short-header datagrams it cannot route (a reset's connection ID
    /// is random) that come from this connection's peer address.
    /// </summary>
    public bool TryHandleStatelessReset(long now, ReadOnlySpan<byte> datagram)
    {
        if (_state is not (ConnectionState.Handshaking or ConnectionState.Established or ConnectionState.Closing)
            || datagram.Length < MinimumStatelessResetLength || HeaderBits.IsLongHeader(datagram[0])
            || !_peerIds.IsStatelessReset(datagram))
            return false;
        EnterDraining(now, ConnectionStatus.Aborted, 0, byPeer: false);
        return true;
    }

    /// <summary>Idle timer restart (RFC 9000 §10.1) and deferred work after a packet.</summary>
    private void OnPacketProcessed(long now)
    {
        _ackElicitingSentSinceReceive = false;
        RestartIdleTimer(now);
    }

    /// <summary>After a datagram: replay packets whose keys arrived, surface events, re-evaluate limits.</summary>
    private void AfterReceive(long now)
    {
        ReplayPendingPackets(now);
        DrainStreamEvents(zeroRtt: false);
        UpdateAmplificationState(now);
    }

    private void ReplayPendingPackets(long now)
    {
        if (_replaying || _pendingPackets.Count == 0)
            return;
        _replaying = true;
        _datagramPath = _path;
        try
        {
            ReplayLevel(now, EncryptionLevel.Handshake, HandshakeSpace.ReceiveKey is not null);
            ReplayLevel(now, EncryptionLevel.ZeroRtt, _appKeys.ZeroRttReceive is not null);
            ReplayLevel(now, EncryptionLevel.OneRtt, _appKeys.HasOneRttRead);
        }
        finally
        {
            _replaying = false;
        }
    }

    private void ReplayLevel(long now, EncryptionLevel level, bool keysReady)
    {
        while (keysReady && _state is ConnectionState.Handshaking or ConnectionState.Established
               && _pendingPackets.TryTake(level, out byte[] buffer, out int length, out PathAddresses addresses, out EcnMarking ecn))
        {
            Span<byte> packet = buffer.AsSpan(0, length);
            if (PacketHeader.TryParse(packet, _localIds.Initial.Length, out PacketHeader header) && header.PacketLength == length)
                ProcessProtectedPacket(now, packet, header, packet, _path, ecn);
            _pendingPackets.Return(buffer);
        }
    }
}
