using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Tls;

namespace QuicKestrel.Protocol.Tests.Tls;

/// <summary>Records what a session emits: CRYPTO bytes per level (as sent, in order), secrets and events.</summary>
internal sealed class RecordingHandler : ITlsHandler
{
    public List<(EncryptionLevel Level, byte[] Data)> Sent { get; } = new();
    public Dictionary<(EncryptionLevel, bool), (CipherSuite Suite, byte[] Secret)> Secrets { get; } = new();
    public List<string> SecretOrder { get; } = new();
    public List<TlsEvent> Events { get; } = new();

    /// <summary>Runs inside <see cref="OnEvent"/> (MsQuic-style inline API calls).</summary>
    public Action<TlsEvent>? OnEventAction { get; set; }

    public void OnHandshakeData(EncryptionLevel level, ReadOnlySpan<byte> data) => Sent.Add((level, data.ToArray()));

    public void OnSecret(EncryptionLevel level, bool isWrite, CipherSuite suite, ReadOnlySpan<byte> secret)
    {
        Secrets[(level, isWrite)] = (suite, secret.ToArray());
        SecretOrder.Add($"{level}:{(isWrite ? "w" : "r")}");
    }

    public void OnEvent(TlsEvent tlsEvent)
    {
        Events.Add(tlsEvent);
        OnEventAction?.Invoke(tlsEvent);
    }

    /// <summary>Handshake message types sent at <paramref name="level"/>.</summary>
    public List<HandshakeType> MessageTypes(EncryptionLevel level)
    {
        var types = new List<HandshakeType>();
        foreach (var (l, data) in Sent)
        {
            if (l != level)
                continue;
            for (int at = 0; at + 4 <= data.Length;)
            {
                types.Add((HandshakeType)data[at]);
                at += 4 + ((data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3]);
            }
        }
        return types;
    }
}

/// <summary>
/// A client and a server wired back to back in memory. <see cref="Run"/> moves CRYPTO data
/// between them (optionally through a filter that can mutate, drop, reorder or split it)
/// until neither has anything new to say.
/// </summary>
internal sealed class TlsPair : IDisposable
{
    public static readonly byte[] H3 = "h3"u8.ToArray();
    public static readonly byte[] ClientTransportParameters = [0x01, 0x02, 0x03, 0x04];
    public static readonly byte[] ServerTransportParameters = [0x0a, 0x0b, 0x0c];

    private int _clientDelivered;
    private int _serverDelivered;

    public TlsPair(TlsClientConfig clientConfig, TlsServerConfig? serverConfig, string? serverName = "localhost",
        ClientSessionTicket? ticket = null, ulong seed = 1, bool configureInline = true)
    {
        Client = new TlsClient(clientConfig, serverName, ClientTransportParameters, ticket, ClientEvents, new SeededRandomSource(seed));
        Server = new TlsServer(ServerEvents, new SeededRandomSource(seed + 1000));
        if (serverConfig is not null && configureInline)
        {
            ServerEvents.OnEventAction = e =>
            {
                if (e == TlsEvent.ClientHelloReceived)
                    Server.SetConfiguration(serverConfig, ServerTransportParameters, ServerNowMicros);
            };
        }
    }

    public RecordingHandler ClientEvents { get; } = new();
    public RecordingHandler ServerEvents { get; } = new();
    public TlsClient Client { get; }
    public TlsServer Server { get; }
    public long ClientNowMicros { get; set; } = TestCertificates.NowMicros;
    public long ServerNowMicros { get; set; } = TestCertificates.NowMicros;

    /// <summary>Transforms each chunk in flight: return the chunks to deliver instead (empty to drop).</summary>
    public Func<bool, EncryptionLevel, byte[], IEnumerable<(EncryptionLevel, byte[])>>? Filter { get; set; }

    public static TlsClientConfig ClientConfig(Action<TlsClientConfigBuilder>? change = null)
    {
        var b = new TlsClientConfigBuilder();
        change?.Invoke(b);
        return b.Build();
    }

    public static TlsServerConfig ServerConfig(TlsCertificate? certificate = null, Action<TlsServerConfigBuilder>? change = null)
    {
        var b = new TlsServerConfigBuilder();
        if (certificate is not null)
            b.Certificates = [certificate];
        change?.Invoke(b);
        return b.Build();
    }

    /// <summary>Starts the client and exchanges data until quiet; returns the number of rounds.</summary>
    public int Run(int maxRounds = 20)
    {
        if (Client.ReadLevel == EncryptionLevel.Initial && ClientEvents.Sent.Count == 0)
            Client.Start(ClientNowMicros);
        return Pump(maxRounds);
    }

    public int Pump(int maxRounds = 20)
    {
        for (int round = 0; round < maxRounds; round++)
        {
            bool moved = Deliver(ClientEvents, ref _clientDelivered, toServer: true);
            moved |= Deliver(ServerEvents, ref _serverDelivered, toServer: false);
            if (!moved)
                return round;
        }
        throw new InvalidOperationException("The handshake did not settle.");
    }

    private bool Deliver(RecordingHandler from, ref int delivered, bool toServer)
    {
        bool moved = false;
        while (delivered < from.Sent.Count)
        {
            var (level, data) = from.Sent[delivered++];
            moved = true;
            IEnumerable<(EncryptionLevel, byte[])> chunks = Filter is null ? [(level, data)] : Filter(toServer, level, data);
            foreach (var (l, chunk) in chunks)
            {
                TlsSession to = toServer ? Server : Client;
                if (to.Error.IsError)
                    break;
                to.HandleCryptoData(l, chunk, toServer ? ServerNowMicros : ClientNowMicros);
            }
        }
        return moved;
    }

    public void AssertCompleted()
    {
        Assert.False(Client.Error.IsError, "client: " + Client.Error);
        Assert.False(Server.Error.IsError, "server: " + Server.Error);
        Assert.True(Client.IsHandshakeComplete, "client incomplete");
        Assert.True(Server.IsHandshakeComplete, "server incomplete");
    }

    /// <summary>Issues a ticket from the server and returns the client's stored copy, round-tripped through its blob.</summary>
    public ClientSessionTicket IssueTicket(byte[]? appData = null)
    {
        Assert.True(Server.SendSessionTicket(appData ?? [], ServerNowMicros));
        Pump();
        Assert.NotNull(Client.LastSessionTicket);
        Assert.True(ClientSessionTicket.TryDeserialize(Client.LastSessionTicket!.Serialize(), out var ticket));
        return ticket;
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}

/// <summary>Mutable builder for client configs in tests.</summary>
internal sealed class TlsClientConfigBuilder
{
    public List<byte[]> Alpns { get; set; } = [TlsPair.H3];
    public AllowedCipherSuites Suites { get; set; } = AllowedCipherSuites.All;
    public List<NamedGroup> Groups { get; set; } = [NamedGroup.X25519, NamedGroup.Secp256r1, NamedGroup.Secp384r1];
    public int KeyShareCount { get; set; } = 1;
    public CertificateValidationOptions Validation { get; set; } = TestCertificates.TrustTestRoot();
    public TlsCertificate? ClientCertificate { get; set; }
    public bool EnableEarlyData { get; set; } = true;
    public Action<string>? KeyLog { get; set; }

    public TlsClientConfig Build() => new()
    {
        Alpns = Alpns,
        AllowedCipherSuites = Suites,
        Groups = Groups,
        KeyShareCount = KeyShareCount,
        Validation = Validation,
        ClientCertificate = ClientCertificate,
        EnableEarlyData = EnableEarlyData,
        KeyLog = KeyLog,
    };
}

/// <summary>Mutable builder for server configs in tests.</summary>
internal sealed class TlsServerConfigBuilder
{
    public static readonly SealingKeyRing SharedTicketKeys = SealingKeyRing.CreateRandom(new SeededRandomSource(78));
    public static readonly SealingKeyRing SharedCookieKeys = SealingKeyRing.CreateRandom(new SeededRandomSource(77));

    public List<TlsCertificate> Certificates { get; set; } = [TestCertificates.EcdsaP256];
    public Func<string?, TlsCertificate?>? SelectCertificate { get; set; }
    public List<byte[]> Alpns { get; set; } = [TlsPair.H3];
    public AllowedCipherSuites Suites { get; set; } = AllowedCipherSuites.All;
    public List<NamedGroup> Groups { get; set; } = [NamedGroup.X25519, NamedGroup.Secp256r1, NamedGroup.Secp384r1];
    public ClientAuthMode ClientAuth { get; set; }
    public CertificateValidationOptions ClientValidation { get; set; } = TestCertificates.TrustTestRoot();
    public SealingKeyRing? TicketKeys { get; set; } = SharedTicketKeys;
    public SealingKeyRing CookieKeys { get; set; } = SharedCookieKeys;
    public uint TicketLifetimeSeconds { get; set; } = 3600;
    public bool AllowEarlyData { get; set; } = true;
    public StrikeRegister StrikeRegister { get; set; } = new();
    public Action<string>? KeyLog { get; set; }

    public TlsServerConfig Build() => new()
    {
        Certificates = Certificates,
        SelectCertificate = SelectCertificate,
        Alpns = Alpns,
        AllowedCipherSuites = Suites,
        Groups = Groups,
        ClientAuth = ClientAuth,
        ClientCertificateValidation = ClientValidation,
        TicketKeys = TicketKeys,
        CookieKeys = CookieKeys,
        TicketLifetimeSeconds = TicketLifetimeSeconds,
        AllowEarlyData = AllowEarlyData,
        StrikeRegister = StrikeRegister,
        KeyLog = KeyLog,
    };
}
