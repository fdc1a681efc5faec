using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>The client's handling of each server message (RFC 8446 §4, RFC 9001 §4).</summary>
internal sealed partial class TlsClient
{
    private TlsError HandleServerHello(ReadOnlySpan<byte> message, long now)
    {
        TlsError error = ServerHelloMessage.TryParse(message, out var hello);
        if (error.IsError)
            return error;
        if (hello.SessionIdEcho.Length != 0)
            return new TlsError(TlsAlert.IllegalParameter, "ServerHello echoed a session id we did not send");
        if (!OfferedSuite(hello.CipherSuite) || (_retrySuite is { } retry && (ushort)retry != hello.CipherSuite))
            return new TlsError(TlsAlert.IllegalParameter, "server selected a cipher suite we did not offer");
        return hello.IsHelloRetryRequest ? HandleHelloRetryRequest(hello, message, now) : HandleRealServerHello(hello, message);
    }

    private bool OfferedSuite(ushort suite)
    {
        foreach (CipherSuite s in _config.CipherSuitePreference)
            if ((ushort)s == suite && _config.IsSuiteAllowed(s))
                return true;
        return false;
    }

    private TlsError HandleHelloRetryRequest(ServerHelloMessage hrr, ReadOnlySpan<byte> message, long now)
    {
        if (_helloRetried)
            return new TlsError(TlsAlert.UnexpectedMessage, "second HelloRetryRequest");
        var suite = (CipherSuite)hrr.CipherSuite;
        var group = (NamedGroup)hrr.KeyShareGroup;
        if (hrr.KeyShareGroup != 0 && (!_config.Groups.Contains(group) || !KeyExchange.IsSupported(group) || FindShare(group) is not null))
            return new TlsError(TlsAlert.IllegalParameter, "HelloRetryRequest asks for an unusable group");
        if (hrr.KeyShareGroup == 0 && hrr.Cookie is null)
            return new TlsError(TlsAlert.IllegalParameter, "HelloRetryRequest would not change the ClientHello");
        _helloRetried = true;
        _retrySuite = suite;
        _cookie = hrr.Cookie;
        // RFC 8446 §4.4.1: ClientHello1 becomes message_hash, followed by the HRR.
        Transcript.ReplaceWithMessageHash(CipherSuiteInfo.Hash(suite));
        Transcript.Add(message);
        if (hrr.KeyShareGroup != 0)
        {
            foreach (KeyExchange old in _shares)
                old.Dispose();
            _shares.Clear();
            _shares.Add(KeyExchange.Create(group, Random));
        }
        // RFC 8446 §4.2.10: no early data after a HelloRetryRequest; the PSK stays only if its hash fits.
        if (_offeredEarlyData)
        {
            _offeredEarlyData = false;
            EarlyData = EarlyDataStatus.Rejected;
            Handler.OnEvent(TlsEvent.EarlyDataRejected);
        }
        if (_offeredPsk && CipherSuiteInfo.Hash(_ticket!.Suite) != CipherSuiteInfo.Hash(suite))
            _offeredPsk = false;
        WriteClientHello(now);
        return TlsError.None;
    }

    private KeyExchange? FindShare(NamedGroup group)
    {
        foreach (KeyExchange share in _shares)
            if (share.Group == group)
                return share;
        return null;
    }

    private TlsError HandleRealServerHello(ServerHelloMessage hello, ReadOnlySpan<byte> message)
    {
        var suite = (CipherSuite)hello.CipherSuite;
        if (hello.KeyShare is null)
            return new TlsError(TlsAlert.MissingExtension, "ServerHello lacks key_share (psk_ke is not offered)");
        KeyExchange? share = FindShare((NamedGroup)hello.KeyShareGroup);
        if (share is null)
            return new TlsError(TlsAlert.IllegalParameter, "server key share is for a group we did not send");
        if (hello.SelectedPsk >= 0 && (!_offeredPsk || hello.SelectedPsk != 0 || CipherSuiteInfo.Hash(_ticket!.Suite) != CipherSuiteInfo.Hash(suite)))
            return new TlsError(TlsAlert.IllegalParameter, "server selected a PSK we did not offer");
        IsResumed = hello.SelectedPsk == 0;
        NegotiatedGroup = share.Group;
        Keys = new KeySchedule(suite);
        Keys.SetEarlySecret(IsResumed ? _ticket!.Psk : ReadOnlySpan<byte>.Empty);
        Transcript.Add(message);
        Span<byte> shared = stackalloc byte[48];
        TlsError error = share.Agree(hello.KeyShare, shared, out int sharedLength);
        if (error.IsError)
            return error;
        DeriveHandshakeSecrets(shared[..sharedLength]);
        shared.Clear();
        InstallSecret(EncryptionLevel.Handshake, false, ServerHandshakeSecret, "SERVER_HANDSHAKE_TRAFFIC_SECRET");
        InstallSecret(EncryptionLevel.Handshake, true, ClientHandshakeSecret, "CLIENT_HANDSHAKE_TRAFFIC_SECRET");
        ReadNextAt(EncryptionLevel.Handshake);
        _state = State.WaitEncryptedExtensions;
        return TlsError.None;
    }

    private TlsError HandleEncryptedExtensions(ReadOnlySpan<byte> message)
    {
        TlsError error = EncryptedExtensionsMessage.TryParse(message, out var ee);
        if (error.IsError)
            return error;
        if (ee.Alpn is null || !IsOfferedAlpn(ee.Alpn))
            return new TlsError(TlsAlert.NoApplicationProtocol, "server selected no offered ALPN protocol");
        if (ee.TransportParameters is null)
            return new TlsError(TlsAlert.MissingExtension, "server sent no quic_transport_parameters");
        if (ee.EarlyData && (!_offeredEarlyData || !IsResumed || !ee.Alpn.AsSpan().SequenceEqual(_ticket!.Alpn)))
            return new TlsError(TlsAlert.IllegalParameter, "server accepted early data we did not send");
        Transcript.Add(message);
        NegotiatedAlpn = ee.Alpn;
        PeerTransportParameters = ee.TransportParameters;
        if (_offeredEarlyData)
        {
            EarlyData = ee.EarlyData ? EarlyDataStatus.Accepted : EarlyDataStatus.Rejected;
            Handler.OnEvent(ee.EarlyData ? TlsEvent.EarlyDataAccepted : TlsEvent.EarlyDataRejected);
        }
        _state = IsResumed ? State.WaitFinished : State.WaitCertificateOrRequest;
        return TlsError.None;
    }

    private bool IsOfferedAlpn(byte[] alpn)
    {
        foreach (byte[] offered in _config.Alpns)
            if (offered.AsSpan().SequenceEqual(alpn))
                return true;
        return false;
    }

    private TlsError HandleCertificateRequest(ReadOnlySpan<byte> message)
    {
        TlsError error = CertificateMessage.TryParseRequest(message, out _requestContext, out _requestedSchemes);
        if (error.IsError)
            return error;
        Transcript.Add(message);
        _state = State.WaitCertificate;
        return TlsError.None;
    }

    private TlsError HandleCertificate(ReadOnlySpan<byte> message)
    {
        TlsError error = CertificateMessage.TryParse(message, ReadOnlySpan<byte>.Empty, out var leaf, out var chain);
        if (error.IsError)
            return error;
        if (leaf is null)
            return new TlsError(TlsAlert.DecodeError, "server sent an empty Certificate"); // RFC 8446 §4.4.2.4
        PeerCertificate = leaf;
        PeerCertificateChain = chain;
        Transcript.Add(message);
        _state = State.WaitCertificateVerify;
        return TlsError.None;
    }

    private TlsError HandleCertificateVerify(ReadOnlySpan<byte> message, long now)
    {
        TlsError error = VerifyCertificateVerify(message, peerIsServer: true, Signatures.Verifiable);
        if (error.IsError)
            return error;
        Transcript.Add(message);
        _state = State.WaitFinished;
        return ValidatePeerCertificate(_config.Validation, _serverName, now);
    }

    private TlsError HandleFinished(ReadOnlySpan<byte> message)
    {
        TlsError error = VerifyFinished(message, ServerHandshakeSecret);
        if (error.IsError)
            return error;
        Transcript.Add(message);
        DeriveApplicationSecrets(out byte[] clientSecret, out byte[] serverSecret);
        if (_requestContext is not null)
            SendClientCertificate();
        WriteFinished(ClientHandshakeSecret);
        SendOutput(EncryptionLevel.Handshake);
        DeriveResumptionMasterSecret();
        InstallSecret(EncryptionLevel.OneRtt, false, serverSecret, "SERVER_TRAFFIC_SECRET_0");
        InstallSecret(EncryptionLevel.OneRtt, true, clientSecret, "CLIENT_TRAFFIC_SECRET_0");
        _state = State.Connected;
        IsHandshakeComplete = true;
        ReadNextAt(EncryptionLevel.OneRtt);
        Handler.OnEvent(TlsEvent.HandshakeComplete);
        return TlsError.None;
    }

    private void SendClientCertificate()
    {
        TlsCertificate? certificate = _config.ClientCertificate;
        SignatureScheme scheme = certificate is null ? SignatureScheme.None : Signatures.ChooseForKey(certificate.Certificate, _requestedSchemes);
        if (scheme == SignatureScheme.None)
        {
            // RFC 8446 §4.4.2: no suitable certificate -> an empty Certificate message.
            CertificateMessage.Write(Output, _requestContext, null);
            SendOutput(EncryptionLevel.Handshake);
            return;
        }
        WriteCertificateAndVerify(certificate!, scheme, _requestContext, EncryptionLevel.Handshake);
    }

    private void DeriveResumptionMasterSecret()
    {
        Span<byte> hash = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        int n = Transcript.GetHash(Keys!.Hash, hash);
        _resumptionMasterSecret = new byte[n];
        Keys.Derive(Keys.MasterSecret, "res master"u8, hash[..n], _resumptionMasterSecret);
    }

    private TlsError HandleNewSessionTicket(ReadOnlySpan<byte> message, long now)
    {
        TlsError error = NewSessionTicketMessage.TryParse(message, out var nst);
        if (error.IsError)
            return error;
        if (nst.LifetimeSeconds == 0)
            return TlsError.None; // RFC 8446 §4.6.1: discard immediately
        var psk = new byte[Keys!.HashLength];
        KeySchedule.TicketPsk(Keys.Suite, _resumptionMasterSecret, nst.Nonce, psk);
        LastSessionTicket = new ClientSessionTicket
        {
            ServerName = _serverName ?? "",
            Alpn = NegotiatedAlpn!,
            Suite = Keys.Suite,
            Psk = psk,
            Ticket = nst.Ticket,
            AgeAdd = nst.AgeAdd,
            LifetimeSeconds = (uint)Math.Min(nst.LifetimeSeconds, TlsConstants.MaxTicketLifetimeSeconds),
            ReceivedUnixMicros = now,
            MaxEarlyDataSize = nst.MaxEarlyDataSize,
            ServerTransportParameters = PeerTransportParameters ?? [],
        };
        Handler.OnEvent(TlsEvent.SessionTicketReceived);
        return TlsError.None;
    }
}
