using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Endpoint;

internal sealed partial class QuicEndpoint
{
    /// <summary>
    /// RFC 9000 §10.3: answer a short-header packet for no connection with a stateless reset
    /// carrying the token of the ID it was sent to: strictly smaller than the trigger
    /// (§10.3.3, so resets cannot loop or amplify), at least 21 bytes, rate-limited.
    /// </summary>
    private DispatchOutcome QueueStatelessReset(long now, int triggerLength, in PacketHeader header, in DatagramAddresses addresses)
    {
        if (ConnectionIds.Length == 0)
            return Drop(DropReason.ResetUnavailable);
        if (!header.FixedBit)
            return Drop(DropReason.FixedBitClear);
        if (triggerLength <= StatelessResetPacket.MinimumLength)
            return Drop(DropReason.ResetTriggerTooSmall);
        if (!_resetBucket.TryTake(now))
            return Drop(DropReason.StatelessResetRateLimited);
        if (!_transmitQueue.TryReserve(out Span<byte> space))
            return Drop(DropReason.StatelessQueueFull);
        StatelessResetPacket.TryChooseLength(triggerLength, _options.StatelessResetMaxLength, _random, out int length);
        Span<byte> token = stackalloc byte[WireLimits.StatelessResetTokenLength];
        ResetTokens.Compute(header.DestinationConnectionId, token);
        StatelessResetPacket.Write(space, length, token, _random);
        _transmitQueue.Commit(length, addresses.Remote, addresses.Local, StatelessPacketKind.StatelessReset);
        return Statistics.Record(new DispatchOutcome(DatagramDisposition.StatelessReset));
    }

    /// <summary>
    /// RFC 9000 §6.1, §5.2.2: a server answers a long-header packet of an unknown version with
    /// Version Negotiation when the datagram could have opened a connection (1200 bytes or more),
    /// rate-limited. Version Negotiation packets themselves never reach here (they parse as
    /// version 0, so no answer to one is possible).
    /// </summary>
    private DispatchOutcome QueueVersionNegotiation(long now, int datagramLength, in PacketHeader header, in DatagramAddresses addresses)
    {
        if (!IsListening)
            return Drop(DropReason.NotListening);
        if (datagramLength < MinimumInitialDatagramLength)
            return Drop(DropReason.UnsupportedVersionTooSmall);
        if (!_versionNegotiationBucket.TryTake(now))
            return Drop(DropReason.VersionNegotiationRateLimited);
        if (!_transmitQueue.TryReserve(out Span<byte> space))
            return Drop(DropReason.StatelessQueueFull);
        if (!VersionNegotiationWriter.TryWrite(space, header.DestinationConnectionId, header.SourceConnectionId,
                _options.SupportedVersions, _random, out int length))
            return Drop(DropReason.MalformedHeader);
        _transmitQueue.Commit(length, addresses.Remote, addresses.Local, StatelessPacketKind.VersionNegotiation);
        return Statistics.Record(new DispatchOutcome(DatagramDisposition.VersionNegotiation));
    }

    /// <summary>
    /// RFC 9000 §8.1.2: a Retry in the client's version, whose token binds the client's address
    /// and port, its original Destination Connection ID and the fresh Retry Source Connection ID.
    /// </summary>
    private DispatchOutcome QueueRetry(long now, in PacketHeader header, in DatagramAddresses addresses)
    {
        if (!_retryBucket.TryTake(now))
            return Drop(DropReason.RetryRateLimited);
        if (!_transmitQueue.TryReserve(out Span<byte> space))
            return Drop(DropReason.StatelessQueueFull);
        ConnectionIdKey retrySource = NewConnectionId();
        Span<byte> token = stackalloc byte[AddressTokenCodec.MaxTokenLength];
        Tokens.TryWriteRetryToken(token, addresses.Remote, header.DestinationConnectionId, retrySource.Span,
            now + WallClockOffsetMicros, out int tokenLength);
        if (!RetryPacketWriter.TryWrite(space, header.Version, header.SourceConnectionId, retrySource.Span,
                header.DestinationConnectionId, token[..tokenLength], _random, out int length))
            return Drop(DropReason.MalformedHeader);
        _transmitQueue.Commit(length, addresses.Remote, addresses.Local, StatelessPacketKind.Retry);
        return Statistics.Record(new DispatchOutcome(DatagramDisposition.Retry));
    }

    /// <summary>
    /// An Initial CONNECTION_CLOSE without a connection: INVALID_TOKEN for a failed Retry token,
    /// CONNECTION_REFUSED for a refused Initial (then <paramref name="reason"/> names the limit).
    /// Rate-limited, since each costs an Initial key derivation.
    /// </summary>
    private DispatchOutcome QueueInitialClose(long now, in PacketHeader header, in DatagramAddresses addresses,
        TransportErrorCode error, DropReason reason)
    {
        if (!_initialCloseBucket.TryTake(now))
            return Drop(reason == DropReason.None ? DropReason.InitialCloseRateLimited : reason);
        if (!_transmitQueue.TryReserve(out Span<byte> space))
            return Drop(reason == DropReason.None ? DropReason.StatelessQueueFull : reason);
        ConnectionIdKey source = NewConnectionId();
        if (!InitialCloseWriter.TryWrite(space, _options.Protection, header.Version, header.DestinationConnectionId,
                header.SourceConnectionId, source.Span, error, out int length))
            return Drop(DropReason.MalformedHeader);
        _transmitQueue.Commit(length, addresses.Remote, addresses.Local, StatelessPacketKind.InitialClose);
        return Statistics.Record(new DispatchOutcome(DatagramDisposition.InitialClose, reason));
    }
}
