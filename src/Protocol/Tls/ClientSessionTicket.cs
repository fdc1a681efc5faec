using System.Text;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Tls;

/// <summary>
/// A session ticket as the client keeps it (RFC 8446 §4.6.1), with everything needed to resume
/// and to send 0-RTT: the server name and ALPN it belongs to, the suite, the PSK derived from
/// the resumption secret, the opaque ticket, age_add, lifetime, when it was received,
/// max_early_data and the server's transport parameters that 0-RTT must honour (RFC 9001
/// §4.6.3). <see cref="Serialize"/> gives the blob MsQuic hands the application
/// (RESUMPTION_TICKET_RECEIVED); <see cref="TryDeserialize"/> takes it back before ConnectionStart.
/// </summary>
internal sealed class ClientSessionTicket
{
    private const byte FormatVersion = 1;

    public string ServerName { get; init; } = "";
    public byte[] Alpn { get; init; } = [];
    public CipherSuite Suite { get; init; }
    public byte[] Psk { get; init; } = [];
    public byte[] Ticket { get; init; } = [];
    public uint AgeAdd { get; init; }
    public uint LifetimeSeconds { get; init; }
    public long ReceivedUnixMicros { get; init; }
    public uint MaxEarlyDataSize { get; init; }
    public byte[] ServerTransportParameters { get; init; } = [];

    public bool AllowsEarlyData => MaxEarlyDataSize != 0;

    public bool IsExpired(long nowUnixMicros) =>
        nowUnixMicros < ReceivedUnixMicros || nowUnixMicros - ReceivedUnixMicros >= LifetimeSeconds * 1_000_000L;

    /// <summary>obfuscated_ticket_age = age in milliseconds + age_add (mod 2^32), RFC 8446 §4.2.11.1.</summary>
    public uint ObfuscatedAge(long nowUnixMicros) => unchecked((uint)((nowUnixMicros - ReceivedUnixMicros) / 1000) + AgeAdd);

    public byte[] Serialize()
    {
        var w = new TlsWriter(256 + Ticket.Length + ServerTransportParameters.Length);
        w.WriteUInt8(FormatVersion);
        w.WriteVector16(Encoding.UTF8.GetBytes(ServerName));
        w.WriteVector8(Alpn);
        w.WriteUInt16((ushort)Suite);
        w.WriteVector8(Psk);
        w.WriteVector16(Ticket);
        w.WriteUInt32(AgeAdd);
        w.WriteUInt32(LifetimeSeconds);
        w.WriteUInt64((ulong)ReceivedUnixMicros);
        w.WriteUInt32(MaxEarlyDataSize);
        w.WriteVector16(ServerTransportParameters);
        return w.Written.ToArray();
    }

    /// <summary>Parses a blob from <see cref="Serialize"/>; false (never an exception) when it is malformed.</summary>
    public static bool TryDeserialize(ReadOnlySpan<byte> blob, out ClientSessionTicket ticket)
    {
        ticket = null!;
        var r = new TlsReader(blob);
        if (!r.ReadUInt8(out byte version) || version != FormatVersion
            || !r.ReadVector16(out var name) || !r.ReadVector8(out var alpn) || !r.ReadUInt16(out ushort suite)
            || !CipherSuiteInfo.IsKnown(suite) || !r.ReadVector8(out var psk) || !r.ReadVector16(out var opaque)
            || !r.ReadUInt32(out uint ageAdd) || !r.ReadUInt32(out uint lifetime) || !r.ReadBytes(8, out var received)
            || !r.ReadUInt32(out uint maxEarly) || !r.ReadVector16(out var tps) || !r.IsEmpty
            || psk.Length != CipherSuiteInfo.HashLength((CipherSuite)suite) || opaque.IsEmpty)
            return false;
        string serverName;
        try
        {
            serverName = new UTF8Encoding(false, true).GetString(name);
        }
        catch (ArgumentException)
        {
            return false;
        }
        ticket = new ClientSessionTicket
        {
            ServerName = serverName,
            Alpn = alpn.ToArray(),
            Suite = (CipherSuite)suite,
            Psk = psk.ToArray(),
            Ticket = opaque.ToArray(),
            AgeAdd = ageAdd,
            LifetimeSeconds = lifetime,
            ReceivedUnixMicros = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(received),
            MaxEarlyDataSize = maxEarly,
            ServerTransportParameters = tps.ToArray(),
        };
        return true;
    }
}
