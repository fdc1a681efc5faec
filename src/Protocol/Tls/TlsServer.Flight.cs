using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>The server's first flight and its handling of the client's second flight.</summary>
internal sealed partial class TlsServer
{
    private TlsCertificate? _certificate;
    private SignatureScheme _scheme;
    private bool _requestedClientCertificate;

    private TlsError WriteServerFlight(long now)
    {
        ClientHelloMessage hello = _clientHello!;
        if (!IsResumed)
        {
            TlsError certError = ChooseCertificate(hello);
            if (certError.IsError)
                return certError;
        }
        Keys = new KeySchedule(_suite);
        Keys.SetEarlySecret(IsResumed ? _ticket!.Psk : ReadOnlySpan<byte>.Empty);
        Transcript.Add(hello.Raw);
        byte[]? earlySecret = _earlyDataEligible ? DeriveEarlySecret() : null;

        using var share = KeyExchange.Create(NegotiatedGroup, Random);
        Span<byte> shared = stackalloc byte[48];
        TlsError error = share.Agree(_clientShare.Span, shared, out int sharedLength);
        if (error.IsError)
            return error;
        Span<byte> random = stackalloc byte[TlsConstants.RandomLength];
        Random.Fill(random);
        hello.Random.Span.CopyTo(ClientRandom);
        ServerHelloMessage.Write(Output, random, hello.SessionId.Span, (ushort)_suite, NegotiatedGroup, share.PublicKey,
            IsResumed ? 0 : -1, retry: false, default);
        SendOutput(EncryptionLevel.Initial);

        DeriveHandshakeSecrets(shared[..sharedLength]);
        shared.Clear();
        if (earlySecret is not null)
        {
            EarlyData = EarlyDataStatus.Accepted;
            InstallSecret(EncryptionLevel.ZeroRtt, false, earlySecret, "CLIENT_EARLY_TRAFFIC_SECRET");
        }
        InstallSecret(EncryptionLevel.Handshake, false, ClientHandshakeSecret, "CLIENT_HANDSHAKE_TRAFFIC_SECRET");
        InstallSecret(EncryptionLevel.Handshake, true, ServerHandshakeSecret, "SERVER_HANDSHAKE_TRAFFIC_SECRET");
        ReadNextAt(EncryptionLevel.Handshake);
        WriteEncryptedFlight();
        return TlsError.None;
    }

    private byte[] DeriveEarlySecret()
    {
        Span<byte> hash = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        int n = Transcript.GetHash(Keys!.Hash, hash);
        var secret = new byte[n];
        Keys.Derive(Keys.EarlySecret, "c e traffic"u8, hash[..n], secret);
        return secret;
    }

    private TlsError ChooseCertificate(ClientHelloMessage hello)
    {
        if (hello.SignatureAlgorithms is null)
            return new TlsError(TlsAlert.MissingExtension, "ClientHello lacks signature_algorithms");
        TlsServerConfig config = _config!;
        TlsCertificate? selected = config.SelectCertificate?.Invoke(hello.ServerName);
        if (selected is not null)
        {
            _certificate = selected;
            _scheme = Signatures.ChooseForKey(selected.Certificate, hello.SignatureAlgorithms);
        }
        else
        {
            foreach (TlsCertificate candidate in config.Certificates)
            {
                _scheme = Signatures.ChooseForKey(candidate.Certificate, hello.SignatureAlgorithms);
                _certificate = candidate;
                if (_scheme != SignatureScheme.None)
                    break;
            }
        }
        return _scheme == SignatureScheme.None
            ? new TlsError(TlsAlert.HandshakeFailure, "no certificate matches the client's signature algorithms")
            : TlsError.None;
    }

    /// <summary>EncryptedExtensions, [CertificateRequest, Certificate, CertificateVerify,] Finished at the Handshake level.</summary>
    private void WriteEncryptedFlight()
    {
        EncryptedExtensionsMessage.Write(Output, NegotiatedAlpn, _transportParameters, EarlyData == EarlyDataStatus.Accepted);
        SendOutput(EncryptionLevel.Handshake);
        if (!IsResumed)
        {
            // RFC 8446 §4.3.2: no CertificateRequest in PSK handshakes.
            _requestedClientCertificate = _config!.ClientAuth != ClientAuthMode.None;
            if (_requestedClientCertificate)
            {
                CertificateMessage.WriteRequest(Output);
                SendOutput(EncryptionLevel.Handshake);
            }
            WriteCertificateAndVerify(_certificate!, _scheme, ReadOnlySpan<byte>.Empty, EncryptionLevel.Handshake);
        }
        WriteFinished(ServerHandshakeSecret);
        SendOutput(EncryptionLevel.Handshake);
        DeriveApplicationSecrets(out _clientApplicationSecret, out byte[] serverSecret);
        InstallSecret(EncryptionLevel.OneRtt, true, serverSecret, "SERVER_TRAFFIC_SECRET_0");
        _state = _requestedClientCertificate ? State.WaitClientCertificate : State.WaitClientFinished;
    }

    private TlsError HandleClientCertificate(ReadOnlySpan<byte> message)
    {
        TlsError error = CertificateMessage.TryParse(message, ReadOnlySpan<byte>.Empty, out var leaf, out var chain);
        if (error.IsError)
            return error;
        Transcript.Add(message);
        if (leaf is null)
        {
            if (_config!.ClientAuth == ClientAuthMode.Require)
                return new TlsError(TlsAlert.CertificateRequired, "client certificate required"); // RFC 8446 §4.4.2.4
            PeerCertificateError = CertificateError.NoCertificate;
            _state = State.WaitClientFinished;
            return TlsError.None;
        }
        PeerCertificate = leaf;
        PeerCertificateChain = chain;
        _state = State.WaitClientCertificateVerify;
        return TlsError.None;
    }

    private TlsError HandleClientCertificateVerify(ReadOnlySpan<byte> message, long now)
    {
        TlsError error = VerifyCertificateVerify(message, peerIsServer: false, Signatures.Verifiable);
        if (error.IsError)
            return error;
        Transcript.Add(message);
        _state = State.WaitClientFinished;
        return ValidatePeerCertificate(_config!.ClientCertificateValidation, null, now);
    }

    private TlsError HandleClientFinished(ReadOnlySpan<byte> message)
    {
        TlsError error = VerifyFinished(message, ClientHandshakeSecret);
        if (error.IsError)
            return error;
        Transcript.Add(message);
        Span<byte> hash = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        int n = Transcript.GetHash(Keys!.Hash, hash);
        _resumptionMasterSecret = new byte[n];
        Keys.Derive(Keys.MasterSecret, "res master"u8, hash[..n], _resumptionMasterSecret);
        InstallSecret(EncryptionLevel.OneRtt, false, _clientApplicationSecret, "CLIENT_TRAFFIC_SECRET_0");
        _state = State.Connected;
        IsHandshakeComplete = true;
        IsHandshakeConfirmed = true; // RFC 9001 §4.1.2
        ReadNextAt(EncryptionLevel.OneRtt);
        Handler.OnEvent(TlsEvent.HandshakeComplete);
        return TlsError.None;
    }
}
