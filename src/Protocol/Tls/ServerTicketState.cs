using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// What a self-contained session ticket remembers (sealed with the configuration's ticket key
/// ring): the PSK, suite, ALPN, issue time, lifetime, age_add, whether 0-RTT is allowed, the
/// server transport parameters 0-RTT relies on, and the application's resumption data.
/// </summary>
internal sealed class ServerTicketState
{
    private const byte FormatVersion = 1;
    public const byte SealPurpose = 0x54; // 'T'

    public CipherSuite Suite { get; init; }
    public long IssuedUnixMicros { get; init; }
    public uint LifetimeSeconds { get; init; }
    public uint AgeAdd { get; init; }
    public bool AllowEarlyData { get; init; }
    public byte[] Psk { get; init; } = [];
    public byte[] Alpn { get; init; } = [];
    public byte[] TransportParameters { get; init; } = [];
    public byte[] AppData { get; init; } = [];

    public long ExpiresUnixMicros => IssuedUnixMicros + LifetimeSeconds * 1_000_000L;

    public byte[] Encode()
    {
        var w = new TlsWriter(128 + Psk.Length + Alpn.Length + TransportParameters.Length + AppData.Length);
        w.WriteUInt8(FormatVersion);
        w.WriteUInt16((ushort)Suite);
        w.WriteUInt64((ulong)IssuedUnixMicros);
        w.WriteUInt32(LifetimeSeconds);
        w.WriteUInt32(AgeAdd);
        w.WriteUInt8(AllowEarlyData ? (byte)1 : (byte)0);
        w.WriteVector8(Psk);
        w.WriteVector8(Alpn);
        w.WriteVector16(TransportParameters);
        w.WriteVector16(AppData);
        return w.Written.ToArray();
    }

    /// <summary>Decodes an opened ticket; null when it is not in our format (the ticket is then ignored).</summary>
    public static ServerTicketState? Decode(ReadOnlySpan<byte> data)
    {
        var r = new TlsReader(data);
        if (!r.ReadUInt8(out byte version) || version != FormatVersion
            || !r.ReadUInt16(out ushort suite) || !CipherSuiteInfo.IsKnown(suite)
            || !r.ReadBytes(8, out var issued) || !r.ReadUInt32(out uint lifetime) || !r.ReadUInt32(out uint ageAdd)
            || !r.ReadUInt8(out byte early) || !r.ReadVector8(out var psk) || !r.ReadVector8(out var alpn)
            || !r.ReadVector16(out var tps) || !r.ReadVector16(out var appData) || !r.IsEmpty
            || psk.Length != CipherSuiteInfo.HashLength((CipherSuite)suite))
            return null;
        return new ServerTicketState
        {
            Suite = (CipherSuite)suite,
            IssuedUnixMicros = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(issued),
            LifetimeSeconds = lifetime,
            AgeAdd = ageAdd,
            AllowEarlyData = early == 1,
            Psk = psk.ToArray(),
            Alpn = alpn.ToArray(),
            TransportParameters = tps.ToArray(),
            AppData = appData.ToArray(),
        };
    }
}
