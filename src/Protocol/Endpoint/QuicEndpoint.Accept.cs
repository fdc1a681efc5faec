using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Endpoint;

internal sealed partial class QuicEndpoint
{
    /// <summary>
    /// A client Initial for no connection: check the datagram (RFC 9000 §14.1, §7.2), the token
    /// (§8.1), Retry policy and limits, then create the server connection and hand it the datagram.
    /// </summary>
    private DispatchOutcome HandleNewInitial(long now, Span<byte> datagram, in PacketHeader header, in DatagramAddresses addresses, byte ecn)
    {
        if (!IsListening)
            return Drop(DropReason.NotListening);
        if (!header.FixedBit)
            return Drop(DropReason.FixedBitClear);
        if (datagram.Length < MinimumInitialDatagramLength)
            return Drop(DropReason.InitialTooSmall);
        if (header.DestinationConnectionId.Length < ConnectionIdGenerator.MinimumUnpredictableLength)
            return Drop(DropReason.InitialDestinationTooShort);

        InitialTokenCheck token = EvaluateInitialToken(now, header.Token, addresses.Remote, header.DestinationConnectionId);
        if (token.Decision == InitialTokenDecision.InvalidRetryToken)
        {
            Statistics.InvalidTokenCloses++;
            return QueueInitialClose(now, header, addresses, TransportErrorCode.InvalidToken, DropReason.None);
        }
        if (!token.AddressValidated && _admission.ShouldRetry)
            return QueueRetry(now, header, addresses);

        DropReason limit = _admission.CheckLimits(token.AddressValidated);
        if (limit == DropReason.None && _slots.PendingCount >= _options.MaxPendingAccepts)
            limit = DropReason.AcceptQueueFull;
        if (limit != DropReason.None)
        {
            return _options.RefuseWithInitialClose
                ? QueueInitialClose(now, header, addresses, TransportErrorCode.ConnectionRefused, limit)
                : Drop(limit);
        }
        return CreateServerConnection(now, datagram, header, addresses, ecn, token);
    }

    /// <summary>
    /// The decision for the token of a client's first Initial (see <see cref="InitialTokenDecision"/>).
    /// A valid NEW_TOKEN token is marked used here, so a second use is ignored.
    /// </summary>
    public InitialTokenCheck EvaluateInitialToken(long now, ReadOnlySpan<byte> token, in NetAddress client,
        ReadOnlySpan<byte> destinationConnectionId)
    {
        if (token.IsEmpty)
            return new InitialTokenCheck(InitialTokenDecision.NoToken, default);
        long unixNow = now + WallClockOffsetMicros;
        TokenValidation validation = Tokens.Validate(token, client, destinationConnectionId, unixNow);
        AddressTokenKind kind = validation.Contents.Kind;
        if (validation.IsValid && kind == AddressTokenKind.NewToken && _replayCache is not null
            && !_replayCache.TryUse(validation.Contents.Nonce,
                validation.Contents.IssuedUnixMicros + Tokens.Lifetimes.NewTokenMicros, unixNow))
            validation = new TokenValidation(TokenStatus.Replayed, true, validation.Contents);

        InitialTokenDecision decision = validation switch
        {
            { IsValid: true } when kind == AddressTokenKind.Retry => InitialTokenDecision.ValidRetryToken,
            { IsValid: true } => InitialTokenDecision.ValidNewToken,
            { IsAuthentic: true } when kind == AddressTokenKind.Retry => InitialTokenDecision.InvalidRetryToken,
            _ => InitialTokenDecision.IgnoredToken,
        };
        if (decision == InitialTokenDecision.IgnoredToken)
            Statistics.TokensIgnored++;
        return new InitialTokenCheck(decision, validation);
    }

    private DispatchOutcome CreateServerConnection(long now, Span<byte> datagram, in PacketHeader header,
        in DatagramAddresses addresses, byte ecn, in InitialTokenCheck token)
    {
        var dcid = new ConnectionIdKey(header.DestinationConnectionId);
        ConnectionIdKey local = NewConnectionId();
        bool retried = token.Decision == InitialTokenDecision.ValidRetryToken;
        var info = new NewConnectionInfo
        {
            Version = header.Version,
            InitialDestinationConnectionId = dcid,
            OriginalDestinationConnectionId = retried ? token.Validation.Contents.OriginalDestinationConnectionId : dcid,
            RetrySourceConnectionId = retried ? token.Validation.Contents.RetrySourceConnectionId : default,
            HasRetrySourceConnectionId = retried,
            ClientSourceConnectionId = new ConnectionIdKey(header.SourceConnectionId),
            LocalConnectionId = local,
            LocalStatelessResetToken = ResetTokens.Compute(local.Span),
            Addresses = addresses,
            AddressValidated = token.AddressValidated,
            ValidatedBy = token.Validation.Contents.Kind,
        };
        IEndpointConnection? connection = _listener!.CreateConnection(now, info);
        if (connection is null)
            return Drop(DropReason.ConnectionDeclined);

        int slot = _slots.Allocate(connection);
        ConnectionSlot entry = _slots[slot];
        entry.IsServer = true;
        AddConnectionId(slot, local);
        var initialRoute = new InitialRouteKey(dcid, addresses.Remote);
        entry.HasInitialRoute = _initialRoutes.TryAdd(initialRoute, slot);
        entry.InitialRoute = initialRoute;
        _admission.OnHandshakeStarted(token.AddressValidated);
        entry.CountsAsHandshake = true;
        entry.CountsAsUnvalidated = !token.AddressValidated;
        if (retried)
            Statistics.ValidatedByRetryToken++;
        else if (token.AddressValidated)
            Statistics.ValidatedByNewToken++;
        _slots.EnqueuePending(slot);
        return Deliver(now, slot, datagram, addresses, ecn, DatagramDisposition.NewConnection);
    }
}
