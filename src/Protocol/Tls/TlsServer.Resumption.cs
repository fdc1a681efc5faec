using System.Security.Cryptography;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>The server's resumption side: opening offered tickets, binders, 0-RTT decisions, issuing tickets.</summary>
internal sealed partial class TlsServer
{
    private ServerTicketState? _ticket;
    private UInt128 _ticketId;
    private bool _earlyDataEligible;

    /// <summary>The application data of the ticket the client resumes with (during <see cref="TlsEvent.ResumptionRequested"/>).</summary>
    public ReadOnlySpan<byte> TicketAppData => _ticket is null ? default : _ticket.AppData;

    /// <summary>The server transport parameters remembered in the ticket; 0-RTT needs today's to be compatible (RFC 9001 §4.6.3).</summary>
    public ReadOnlySpan<byte> TicketTransportParameters => _ticket is null ? default : _ticket.TransportParameters;

    /// <summary>True while deciding resumption if 0-RTT could be accepted (client sent it; ticket, ALPN, suite and age allow it).</summary>
    public bool EarlyDataPossible => _earlyDataEligible;

    /// <summary>
    /// Opens the first offered identity that is one of our unexpired tickets. Unknown keys,
    /// foreign or expired tickets are skipped: the handshake falls back to a full one.
    /// </summary>
    private int OpenOfferedTicket(ClientHelloMessage hello, long now, out ServerTicketState? ticket)
    {
        ticket = null;
        SealingKeyRing? keys = _config!.TicketKeys;
        if (keys is null || hello.Psks is null || !hello.OffersPskDheKe)
            return -1;
        for (int i = 0; i < hello.Psks.Count; i++)
        {
            ReadOnlySpan<byte> identity = hello.Psks[i].Identity.Span;
            if (!keys.TryOpen(identity, ServerTicketState.SealPurpose, out byte[] plain))
                continue;
            ServerTicketState? state = ServerTicketState.Decode(plain);
            if (state is null || now < state.IssuedUnixMicros || now >= state.ExpiresUnixMicros)
                continue;
            ticket = state;
            _ticketId = SealingKeyRing.BlobId(identity);
            return i;
        }
        return -1;
    }

    private TlsError ContinueWithPsk(ClientHelloMessage hello, ServerTicketState? ticket, int index, long now)
    {
        if (hello.EarlyData)
            EarlyData = EarlyDataStatus.Rejected; // until accepted below
        if (ticket is null || CipherSuiteInfo.Hash(ticket.Suite) != CipherSuiteInfo.Hash(_suite))
            return WriteServerFlight(now);
        TlsError error = VerifyBinder(hello, ticket, index);
        if (error.IsError)
            return error;
        _ticket = ticket;
        IsResumed = true;
        _earlyDataEligible = IsEarlyDataEligible(hello, ticket, index, now);
        Pause = TlsPause.ResumptionDecision;
        Handler.OnEvent(TlsEvent.ResumptionRequested);
        return TlsError.None;
    }

    private TlsError VerifyBinder(ClientHelloMessage hello, ServerTicketState ticket, int index)
    {
        var keys = new KeySchedule(_suite);
        keys.SetEarlySecret(ticket.Psk);
        Span<byte> hash = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        Span<byte> binderKey = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        Span<byte> expected = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        int n = Transcript.GetHashWith(keys.Hash, hello.Raw.AsSpan(0, hello.BindersOffset), hash);
        keys.BinderKey(binderKey);
        keys.ComputeFinished(binderKey[..n], hash[..n], expected[..n]);
        keys.Clear();
        ReadOnlySpan<byte> binder = hello.Psks![index].Binder.Span;
        return binder.Length == n && CryptographicOperations.FixedTimeEquals(binder, expected[..n])
            ? TlsError.None
            : new TlsError(TlsAlert.DecryptError, "PSK binder does not verify");
    }

    /// <summary>RFC 8446 §4.2.10 and RFC 9001 §4.6: every condition except the application's and the strike register's.</summary>
    private bool IsEarlyDataEligible(ClientHelloMessage hello, ServerTicketState ticket, int index, long now)
    {
        TlsServerConfig config = _config!;
        if (!hello.EarlyData || _afterRetry || index != 0 || !config.AllowEarlyData || !ticket.AllowEarlyData
            || ticket.Suite != _suite || !ticket.Alpn.AsSpan().SequenceEqual(NegotiatedAlpn))
            return false;
        long clientAgeMicros = unchecked((uint)(hello.Psks![0].ObfuscatedAge - ticket.AgeAdd)) * 1000L;
        long serverAgeMicros = now - ticket.IssuedUnixMicros;
        return Math.Abs(serverAgeMicros - clientAgeMicros) <= config.EarlyDataAgeToleranceMicros;
    }

    /// <summary>
    /// Ends the <see cref="TlsPause.ResumptionDecision"/> pause (MsQuic RESUMED answered, or
    /// ConnectionResumptionTicketValidationComplete). Rejecting falls back to a full handshake.
    /// <paramref name="acceptEarlyData"/> is the application's and the connection's verdict on
    /// 0-RTT (including that the remembered transport parameters are compatible).
    /// </summary>
    public TlsError CompleteResumption(bool accept, bool acceptEarlyData, long unixTimeMicros)
    {
        if (Pause != TlsPause.ResumptionDecision)
            throw new InvalidOperationException("The session is not waiting for a resumption decision.");
        if (!accept)
        {
            IsResumed = false;
            _ticket = null;
        }
        _earlyDataEligible = accept && acceptEarlyData && _earlyDataEligible
            && _config!.StrikeRegister.TryUseOnce(_ticketId, _ticket!.ExpiresUnixMicros, unixTimeMicros);
        return EndPause(unixTimeMicros);
    }

    /// <summary>
    /// Sends a NewSessionTicket at the 1-RTT level carrying <paramref name="appData"/> (≤ 1000
    /// bytes; MsQuic ConnectionSendResumptionTicket). False when the handshake is not complete
    /// or the configuration has no ticket keys.
    /// </summary>
    public bool SendSessionTicket(ReadOnlySpan<byte> appData, long unixTimeMicros)
    {
        if (appData.Length > TlsConstants.MaxTicketAppDataLength)
            throw new ArgumentException("Resumption app data is limited to 1000 bytes.", nameof(appData));
        TlsServerConfig? config = _config;
        if (_state != State.Connected || config?.TicketKeys is null || Error.IsError)
            return false;
        Span<byte> nonce = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(nonce, _ticketsSent++);
        var psk = new byte[Keys!.HashLength];
        KeySchedule.TicketPsk(Keys.Suite, _resumptionMasterSecret, nonce, psk);
        var state = new ServerTicketState
        {
            Suite = Keys.Suite,
            IssuedUnixMicros = unixTimeMicros,
            LifetimeSeconds = config.EffectiveTicketLifetimeSeconds,
            AgeAdd = (uint)Random.NextUInt64(),
            AllowEarlyData = config.AllowEarlyData,
            Psk = psk,
            Alpn = NegotiatedAlpn!,
            TransportParameters = _transportParameters,
            AppData = appData.ToArray(),
        };
        byte[] ticket = config.TicketKeys.Seal(state.Encode(), ServerTicketState.SealPurpose, Random);
        NewSessionTicketMessage.Write(Output, state.LifetimeSeconds, state.AgeAdd, nonce, ticket, state.AllowEarlyData);
        SendOutput(EncryptionLevel.OneRtt, addToTranscript: false);
        return true;
    }
}
