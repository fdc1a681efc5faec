using System.Security.Cryptography;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>The server's ClientHello processing: negotiation, HelloRetryRequest and its cookie.</summary>
internal sealed partial class TlsServer
{
    private const byte CookiePurpose = 0x43; // 'C'
    private const byte CookieFormat = 1;

    private CipherSuite _suite;
    private NamedGroup _retryGroup;
    private CipherSuite _retrySuite;
    private bool _afterRetry;
    private ReadOnlyMemory<byte> _clientShare;

    private TlsError HandleClientHello(ReadOnlySpan<byte> message, long now)
    {
        TlsError error = ClientHelloMessage.TryParse(message, out var hello);
        if (error.IsError)
            return error;
        if (_state == State.WaitClientHello2 && hello.Cookie is null)
            return new TlsError(TlsAlert.IllegalParameter, "second ClientHello lacks the cookie");
        _clientHello = hello;
        PeerTransportParameters = hello.TransportParameters;
        if (_config is not null)
            return ContinueClientHello(now);
        Pause = TlsPause.ServerConfiguration;
        Handler.OnEvent(TlsEvent.ClientHelloReceived);
        return TlsError.None;
    }

    private TlsError ContinueClientHello(long now)
    {
        ClientHelloMessage hello = _clientHello!;
        TlsError error = hello.Cookie is { } cookie ? RestoreFromCookie(hello, cookie.Span) : TlsError.None;
        if (error.IsError)
            return error;
        error = CheckMandatoryExtensions(hello);
        if (error.IsError)
            return error;
        int ticketIndex = OpenOfferedTicket(hello, now, out ServerTicketState? ticket);
        error = ChooseSuite(hello, ticket);
        if (error.IsError)
            return error;
        error = ChooseAlpn(hello);
        if (error.IsError)
            return error;
        error = ChooseKeyShare(hello, out bool needRetry);
        if (error.IsError)
            return error;
        if (needRetry)
            return SendHelloRetryRequest(hello);
        return ContinueWithPsk(hello, ticket, ticketIndex, now);
    }

    private static TlsError CheckMandatoryExtensions(ClientHelloMessage hello)
    {
        if (!hello.SupportsTls13)
            return new TlsError(TlsAlert.ProtocolVersion, "client does not offer TLS 1.3");
        if (!hello.SessionId.IsEmpty)
            return new TlsError(TlsAlert.IllegalParameter, "QUIC ClientHellos carry no legacy_session_id", TlsError.ProtocolViolation); // RFC 9001 §8.4
        if (hello.TransportParameters is null)
            return new TlsError(TlsAlert.MissingExtension, "ClientHello lacks quic_transport_parameters"); // RFC 9001 §8.2
        if (hello.Groups is null || hello.KeyShares is null)
            return new TlsError(TlsAlert.MissingExtension, "ClientHello lacks supported_groups or key_share");
        if (hello.Psks is not null && !hello.HasPskModes)
            return new TlsError(TlsAlert.MissingExtension, "pre_shared_key without psk_key_exchange_modes");
        return TlsError.None;
    }

    private TlsError ChooseSuite(ClientHelloMessage hello, ServerTicketState? ticket)
    {
        TlsServerConfig config = _config!;
        if (_afterRetry)
        {
            _suite = _retrySuite;
            return Array.IndexOf(hello.CipherSuites, (ushort)_suite) >= 0 && config.IsSuiteAllowed(_suite)
                ? TlsError.None
                : new TlsError(TlsAlert.IllegalParameter, "second ClientHello dropped the retry cipher suite");
        }
        // A resumable ticket's own suite wins, so resumption and 0-RTT stay possible.
        if (ticket is not null && config.IsSuiteAllowed(ticket.Suite) && Array.IndexOf(hello.CipherSuites, (ushort)ticket.Suite) >= 0)
        {
            _suite = ticket.Suite;
            return TlsError.None;
        }
        foreach (CipherSuite suite in config.CipherSuitePreference)
        {
            if (config.IsSuiteAllowed(suite) && Array.IndexOf(hello.CipherSuites, (ushort)suite) >= 0)
            {
                _suite = suite;
                return TlsError.None;
            }
        }
        return new TlsError(TlsAlert.HandshakeFailure, "no cipher suite in common");
    }

    private TlsError ChooseAlpn(ClientHelloMessage hello)
    {
        // RFC 9001 §8.1: QUIC requires ALPN; no overlap is no_application_protocol.
        if (hello.Alpns is not null)
        {
            foreach (byte[] ours in _config!.Alpns)
                foreach (byte[] theirs in hello.Alpns)
                    if (ours.AsSpan().SequenceEqual(theirs))
                    {
                        NegotiatedAlpn = ours;
                        return TlsError.None;
                    }
        }
        return new TlsError(TlsAlert.NoApplicationProtocol, "no ALPN protocol in common");
    }

    /// <summary>
    /// Uses the best group (server preference) the client sent a share for, so extra shares
    /// we cannot use (GREASE, ML-KEM hybrids) cost no round trip; otherwise asks for a mutual
    /// group with a HelloRetryRequest (RFC 8446 §4.1.4).
    /// </summary>
    private TlsError ChooseKeyShare(ClientHelloMessage hello, out bool needRetry)
    {
        needRetry = false;
        foreach (NamedGroup group in _config!.Groups)
        {
            if (_afterRetry && group != _retryGroup)
                continue;
            foreach (var (g, key) in hello.KeyShares!)
            {
                if (g == (ushort)group && KeyExchange.IsSupported(group))
                {
                    NegotiatedGroup = group;
                    _clientShare = key;
                    return TlsError.None;
                }
            }
        }
        if (_afterRetry)
            return new TlsError(TlsAlert.IllegalParameter, "second ClientHello lacks the requested key share");
        foreach (NamedGroup group in _config.Groups)
        {
            if (KeyExchange.IsSupported(group) && Array.IndexOf(hello.Groups!, (ushort)group) >= 0)
            {
                _retryGroup = group;
                needRetry = true;
                return TlsError.None;
            }
        }
        return new TlsError(TlsAlert.HandshakeFailure, "no key exchange group in common");
    }

    private TlsError SendHelloRetryRequest(ClientHelloMessage hello)
    {
        HashAlgorithmName hash = CipherSuiteInfo.Hash(_suite);
        Transcript.Add(hello.Raw);
        Span<byte> ch1Hash = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        int n = Transcript.GetHash(hash, ch1Hash);
        byte[] cookie = SealCookie(_suite, _retryGroup, ch1Hash[..n]);
        Transcript.ReplaceWithMessageHash(hash);
        ServerHelloMessage.Write(Output, default, hello.SessionId.Span, (ushort)_suite, _retryGroup, default, -1, retry: true, cookie);
        SendOutput(EncryptionLevel.Initial);
        if (hello.EarlyData)
            EarlyData = EarlyDataStatus.Rejected;
        _state = State.WaitClientHello2;
        return TlsError.None;
    }

    private byte[] SealCookie(CipherSuite suite, NamedGroup group, ReadOnlySpan<byte> clientHello1Hash)
    {
        var w = new TlsWriter(64);
        w.WriteUInt8(CookieFormat);
        w.WriteUInt16((ushort)suite);
        w.WriteUInt16((ushort)group);
        w.WriteVector8(clientHello1Hash);
        return _config!.CookieKeys.Seal(w.Written, CookiePurpose, Random);
    }

    /// <summary>
    /// RFC 8446 §4.2.2 / §4.4.1: the cookie carries Hash(ClientHello1) and our choices, so the
    /// transcript (message_hash, HelloRetryRequest) is rebuilt from ClientHello2 alone — this
    /// works on a server that kept no state, and on ours it replaces what we remembered.
    /// </summary>
    private TlsError RestoreFromCookie(ClientHelloMessage hello, ReadOnlySpan<byte> cookie)
    {
        if (!_config!.CookieKeys.TryOpen(cookie, CookiePurpose, out byte[] content))
            return new TlsError(TlsAlert.IllegalParameter, "cookie is not ours");
        var r = new TlsReader(content);
        if (!r.ReadUInt8(out byte format) || format != CookieFormat || !r.ReadUInt16(out ushort suite) || !r.ReadUInt16(out ushort group)
            || !r.ReadVector8(out var ch1Hash) || !r.IsEmpty || !CipherSuiteInfo.IsKnown(suite) || ch1Hash.Length != CipherSuiteInfo.HashLength((CipherSuite)suite))
            return new TlsError(TlsAlert.IllegalParameter, "cookie is malformed");
        _afterRetry = true;
        _retrySuite = (CipherSuite)suite;
        _retryGroup = (NamedGroup)group;
        Transcript.ResetToMessageHash(ch1Hash);
        ServerHelloMessage.Write(Output, default, hello.SessionId.Span, suite, _retryGroup, default, -1, retry: true, cookie);
        Transcript.Add(Output.Written);
        Output.Clear();
        _state = State.WaitClientHello2;
        return TlsError.None;
    }
}
