using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>Why a session is waiting for its application.</summary>
internal enum TlsPause
{
    None,

    /// <summary>Server: waiting for <see cref="TlsServer.SetConfiguration"/>.</summary>
    ServerConfiguration,

    /// <summary>Server: waiting for <see cref="TlsServer.CompleteResumption"/>.</summary>
    ResumptionDecision,

    /// <summary>Waiting for <see cref="TlsSession.CompleteCertificateValidation"/>.</summary>
    CertificateValidation,
}

/// <summary>
/// A TLS 1.3 handshake for QUIC (RFC 8446, RFC 9001 §4), sans-IO. The connection feeds CRYPTO
/// bytes per encryption level with <see cref="HandleCryptoData"/>; the session answers through
/// <see cref="ITlsHandler"/> (bytes to send, secrets, events). Failures are values: the first
/// error is kept and returned by every later call. One thread drives a session at a time.
/// </summary>
internal abstract partial class TlsSession : IDisposable
{
    protected readonly ITlsHandler Handler;
    protected readonly RandomSource Random;
    protected readonly HandshakeReassembler Input = new();
    protected readonly Transcript Transcript = new();
    protected readonly TlsWriter Output = new(2048);
    protected readonly byte[] ClientRandom = new byte[TlsConstants.RandomLength];
    protected KeySchedule? Keys;
    protected byte[] ClientHandshakeSecret = [];
    protected byte[] ServerHandshakeSecret = [];

    private EncryptionLevel? _nextReadLevel;
    private bool _driving;
    private bool _resumePending;
    private TlsPause _endedPause;

    protected TlsSession(ITlsHandler handler, RandomSource random)
    {
        Handler = handler;
        Random = random;
    }

    public abstract bool IsServer { get; }

    /// <summary>The first error (alert + reason); default while the handshake is healthy.</summary>
    public TlsError Error { get; private set; }

    public TlsPause Pause { get; protected set; }

    public bool IsHandshakeComplete { get; protected set; }

    /// <summary>RFC 9001 §4.1.2: the server is confirmed at completion; the client when HANDSHAKE_DONE arrives.</summary>
    public bool IsHandshakeConfirmed { get; protected set; }

    public CipherSuite NegotiatedCipherSuite => Keys?.Suite ?? default;

    public NamedGroup NegotiatedGroup { get; protected set; }

    public byte[]? NegotiatedAlpn { get; protected set; }

    /// <summary>The peer's quic_transport_parameters extension body (opaque to TLS).</summary>
    public byte[]? PeerTransportParameters { get; protected set; }

    public X509Certificate2? PeerCertificate { get; protected set; }

    public X509Certificate2Collection PeerCertificateChain { get; protected set; } = new();

    /// <summary>The validation result computed for the peer certificate (reported while paused for the application).</summary>
    public CertificateError PeerCertificateError { get; protected set; }

    public bool IsResumed { get; protected set; }

    public EarlyDataStatus EarlyData { get; protected set; }

    /// <summary>The level whose CRYPTO data the session reads next.</summary>
    public EncryptionLevel ReadLevel => Input.Level;

    protected abstract Action<string>? KeyLog { get; }

    /// <summary>
    /// Feeds CRYPTO-stream bytes received at <paramref name="level"/>, in order, in any
    /// fragmentation. Returns the session's error, if any. <paramref name="unixTimeMicros"/> is
    /// the wall clock (ticket ages, certificate validity).
    /// </summary>
    public TlsError HandleCryptoData(EncryptionLevel level, ReadOnlySpan<byte> data, long unixTimeMicros)
    {
        if (Error.IsError)
            return Error;
        TlsError error = Input.Append(level, data);
        return error.IsError ? Fail(error) : Drive(unixTimeMicros);
    }

    /// <summary>
    /// Ends a <see cref="TlsPause.CertificateValidation"/> pause: accept continues the handshake,
    /// reject fails it with <paramref name="rejectAlert"/> (bad_certificate by default).
    /// </summary>
    public TlsError CompleteCertificateValidation(bool accept, long unixTimeMicros, TlsAlert rejectAlert = TlsAlert.BadCertificate)
    {
        if (Pause != TlsPause.CertificateValidation)
            throw new InvalidOperationException("The session is not waiting for certificate validation.");
        if (!accept)
        {
            Pause = TlsPause.None;
            return Fail(new TlsError(rejectAlert, "the application rejected the peer certificate"));
        }
        return EndPause(unixTimeMicros);
    }

    /// <summary>Called for every complete handshake message at the current read level.</summary>
    protected abstract TlsError HandleMessage(HandshakeType type, ReadOnlySpan<byte> message, long unixTimeMicros);

    /// <summary>Continues after the pause <paramref name="ended"/> was lifted.</summary>
    protected abstract TlsError Resume(TlsPause ended, long unixTimeMicros);

    /// <summary>Ends the current pause and runs the continuation (safe to call from inside a handler callback).</summary>
    protected TlsError EndPause(long unixTimeMicros)
    {
        _endedPause = Pause;
        Pause = TlsPause.None;
        _resumePending = true;
        return Drive(unixTimeMicros);
    }

    /// <summary>Switches reading to <paramref name="level"/> once the current message is consumed.</summary>
    protected void ReadNextAt(EncryptionLevel level) => _nextReadLevel = level;

    protected TlsError Drive(long now)
    {
        if (_driving)
            return Error; // re-entered from a callback: the outer loop continues
        _driving = true;
        try
        {
            while (!Error.IsError && Step(now))
            {
            }
        }
        finally
        {
            _driving = false;
        }
        return Error;
    }

    private bool Step(long now)
    {
        if (_resumePending)
        {
            _resumePending = false;
            TlsError resumed = Resume(_endedPause, now);
            if (resumed.IsError)
                Fail(resumed);
            ApplyLevelSwitch();
            return true;
        }
        if (Pause != TlsPause.None)
            return false;
        if (!Input.TryPeek(out var message, out var error))
        {
            if (error.IsError)
                Fail(error);
            return false;
        }
        int length = message.Length;
        error = HandleMessage((HandshakeType)message[0], message, now);
        Input.Consume(length);
        if (error.IsError)
        {
            Fail(error);
            return false;
        }
        ApplyLevelSwitch();
        return true;
    }

    private void ApplyLevelSwitch()
    {
        if (_nextReadLevel is { } next && !Error.IsError)
        {
            _nextReadLevel = null;
            if (!Input.TrySwitchLevel(next))
                Fail(new TlsError(TlsAlert.UnexpectedMessage, "handshake data continues past a key change"));
        }
    }

    protected TlsError Fail(TlsError error)
    {
        if (!Error.IsError)
            Error = error;
        return Error;
    }

    protected static TlsError Unexpected(HandshakeType type) =>
        new(TlsAlert.UnexpectedMessage, type == HandshakeType.EndOfEarlyData
            ? "EndOfEarlyData is not used in QUIC"
            : type == HandshakeType.KeyUpdate ? "KeyUpdate is not used in QUIC" : "unexpected handshake message");

    /// <summary>Writes the message in <see cref="Output"/> to the transcript and to the wire at <paramref name="level"/>.</summary>
    protected void SendOutput(EncryptionLevel level, bool addToTranscript = true)
    {
        if (addToTranscript)
            Transcript.Add(Output.Written);
        Handler.OnHandshakeData(level, Output.Written);
        Output.Clear();
    }

    protected void InstallSecret(EncryptionLevel level, bool isWrite, ReadOnlySpan<byte> secret, string keyLogLabel)
    {
        LogSecret(keyLogLabel, secret);
        Handler.OnSecret(level, isWrite, Keys!.Suite, secret);
    }

    /// <summary>Emits an NSS key log line: LABEL &lt;client_random hex&gt; &lt;secret hex&gt;.</summary>
    protected void LogSecret(string label, ReadOnlySpan<byte> secret)
    {
        if (KeyLog is { } log)
            log($"{label} {Convert.ToHexStringLower(ClientRandom)} {Convert.ToHexStringLower(secret)}");
    }

    /// <summary>Derives both handshake traffic secrets from Hash(ClientHello..ServerHello).</summary>
    protected void DeriveHandshakeSecrets(ReadOnlySpan<byte> sharedSecret)
    {
        KeySchedule keys = Keys!;
        keys.SetHandshakeSecret(sharedSecret);
        Span<byte> hash = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        int n = Transcript.GetHash(keys.Hash, hash);
        ClientHandshakeSecret = new byte[keys.HashLength];
        ServerHandshakeSecret = new byte[keys.HashLength];
        keys.Derive(keys.HandshakeSecret, "c hs traffic"u8, hash[..n], ClientHandshakeSecret);
        keys.Derive(keys.HandshakeSecret, "s hs traffic"u8, hash[..n], ServerHandshakeSecret);
        keys.SetMasterSecret();
    }

    /// <summary>Derives the 1-RTT traffic secrets from Hash(ClientHello..server Finished).</summary>
    protected void DeriveApplicationSecrets(out byte[] client, out byte[] server)
    {
        KeySchedule keys = Keys!;
        Span<byte> hash = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        int n = Transcript.GetHash(keys.Hash, hash);
        client = new byte[keys.HashLength];
        server = new byte[keys.HashLength];
        keys.Derive(keys.MasterSecret, "c ap traffic"u8, hash[..n], client);
        keys.Derive(keys.MasterSecret, "s ap traffic"u8, hash[..n], server);
    }

    /// <summary>Writes a Finished message keyed by <paramref name="baseKey"/> over the current transcript into <see cref="Output"/>.</summary>
    protected void WriteFinished(ReadOnlySpan<byte> baseKey)
    {
        Span<byte> hash = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        Span<byte> mac = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        int n = Transcript.GetHash(Keys!.Hash, hash);
        Keys.ComputeFinished(baseKey, hash[..n], mac[..n]);
        int message = Output.BeginMessage(HandshakeType.Finished);
        Output.WriteBytes(mac[..n]);
        Output.EndVector(message);
    }

    /// <summary>Checks a received Finished against the transcript before it (RFC 8446 §4.4.4).</summary>
    protected TlsError VerifyFinished(ReadOnlySpan<byte> message, ReadOnlySpan<byte> baseKey)
    {
        Span<byte> hash = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        Span<byte> mac = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        int n = Transcript.GetHash(Keys!.Hash, hash);
        Keys.ComputeFinished(baseKey, hash[..n], mac[..n]);
        if (message.Length - 4 != n)
            return new TlsError(TlsAlert.DecodeError, "Finished has the wrong length");
        return CryptographicOperations.FixedTimeEquals(message[4..], mac[..n])
            ? TlsError.None
            : new TlsError(TlsAlert.DecryptError, "Finished verification failed");
    }

    /// <summary>Verifies a peer's CertificateVerify over the transcript so far.</summary>
    protected TlsError VerifyCertificateVerify(ReadOnlySpan<byte> message, bool peerIsServer, ReadOnlySpan<ushort> offered)
    {
        TlsError error = CertificateMessage.TryParseVerify(message, out var scheme, out var signature);
        if (error.IsError)
            return error;
        if (!offered.Contains((ushort)scheme))
            return new TlsError(TlsAlert.IllegalParameter, "signature scheme was not offered");
        Span<byte> hash = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        int n = Transcript.GetHash(Keys!.Hash, hash);
        return Signatures.Verify(PeerCertificate!, scheme, Signatures.SignedContent(peerIsServer, hash[..n]), signature);
    }

    /// <summary>Writes Certificate and CertificateVerify for our certificate into the transcript and <see cref="Output"/> stream.</summary>
    protected void WriteCertificateAndVerify(TlsCertificate certificate, SignatureScheme scheme, ReadOnlySpan<byte> context, EncryptionLevel level)
    {
        CertificateMessage.Write(Output, context, certificate.EncodedChain);
        Transcript.Add(Output.Written);
        Span<byte> hash = stackalloc byte[CipherSuiteInfo.MaxHashLength];
        int n = Transcript.GetHash(Keys!.Hash, hash);
        byte[] signature;
        using (var lease = certificate.RentKey())
            signature = Signatures.Sign(lease.Key, scheme, Signatures.SignedContent(IsServer, hash[..n]));
        int start = Output.Length;
        CertificateMessage.WriteVerify(Output, scheme, signature);
        Transcript.Add(Output.Written[start..]);
        Handler.OnHandshakeData(level, Output.Written);
        Output.Clear();
    }

    /// <summary>
    /// Validates the peer certificate (after its CertificateVerify checked out). When the
    /// application decides (<see cref="CertificateValidationOptions.DeferToApplication"/>) the
    /// session pauses with the computed result in <see cref="PeerCertificateError"/>; the caller
    /// has already moved its state on, so resuming just reads the next message.
    /// </summary>
    protected TlsError ValidatePeerCertificate(CertificateValidationOptions options, string? expectedHost, long now)
    {
        PeerCertificateError = CertificateValidator.Validate(options, PeerCertificate!, PeerCertificateChain, expectedHost, !IsServer, now);
        if (options.DeferToApplication)
        {
            Pause = TlsPause.CertificateValidation;
            Handler.OnEvent(TlsEvent.PeerCertificateReceived);
            return TlsError.None;
        }
        TlsError error = CertificateValidator.ToAlert(PeerCertificateError);
        if (!error.IsError)
            Handler.OnEvent(TlsEvent.PeerCertificateReceived);
        return error;
    }

    public virtual void Dispose()
    {
        Keys?.Clear();
        CryptographicOperations.ZeroMemory(ClientHandshakeSecret);
        CryptographicOperations.ZeroMemory(ServerHandshakeSecret);
    }
}
