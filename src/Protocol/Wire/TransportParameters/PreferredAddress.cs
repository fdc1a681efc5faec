using System.Net;
using System.Net.Sockets;

namespace QuicKestrel.Protocol.Wire;

/// <summary>
/// The server's preferred_address (RFC 9000 §18.2, §9.6). An unspecified address with port 0
/// means the server offers no address of that family.
/// </summary>
internal sealed class PreferredAddress
{
    /// <summary>Encoded size without the connection ID: 4 + 2 + 16 + 2 + 1 + 16.</summary>
    internal const int FixedLength = 41;

    public IPAddress IPv4Address { get; init; } = IPAddress.Any;

    public ushort IPv4Port { get; init; }

    public IPAddress IPv6Address { get; init; } = IPAddress.IPv6Any;

    public ushort IPv6Port { get; init; }

    /// <summary>1 to 20 bytes: the connection ID to use on the new path (sequence number 1).</summary>
    public required byte[] ConnectionId { get; init; }

    /// <summary>16 bytes.</summary>
    public required byte[] StatelessResetToken { get; init; }

    internal int EncodedLength => FixedLength + ConnectionId.Length;

    internal bool TryWrite(ref SpanWriter writer)
    {
        if (IPv4Address.AddressFamily != AddressFamily.InterNetwork || IPv6Address.AddressFamily != AddressFamily.InterNetworkV6
            || ConnectionId.Length is < 1 or > WireLimits.MaxConnectionIdLength
            || StatelessResetToken.Length != WireLimits.StatelessResetTokenLength)
            throw new InvalidOperationException("preferred_address needs an IPv4 and an IPv6 address, a 1-20 byte connection ID and a 16-byte token.");
        if (writer.Remaining < EncodedLength)
            return false;
        IPv4Address.TryWriteBytes(writer.Free, out int written);
        writer.TryAdvance(written);
        writer.TryWriteUInt16(IPv4Port);
        IPv6Address.TryWriteBytes(writer.Free, out written);
        writer.TryAdvance(written);
        writer.TryWriteUInt16(IPv6Port);
        writer.TryWriteByte((byte)ConnectionId.Length);
        writer.TryWriteBytes(ConnectionId);
        writer.TryWriteBytes(StatelessResetToken);
        return true;
    }

    /// <summary>Parses the value; RFC 9000 §18.2 makes a zero-length connection ID an error.</summary>
    internal static bool TryRead(ReadOnlySpan<byte> value, out PreferredAddress? address, out string? failure)
    {
        address = null;
        var reader = new SpanReader(value);
        if (!reader.TryReadBytes(4, out ReadOnlySpan<byte> ipv4) || !reader.TryReadUInt16(out ushort ipv4Port)
            || !reader.TryReadBytes(16, out ReadOnlySpan<byte> ipv6) || !reader.TryReadUInt16(out ushort ipv6Port)
            || !reader.TryReadByteLengthPrefixedBytes(out ReadOnlySpan<byte> connectionId)
            || !reader.TryReadBytes(WireLimits.StatelessResetTokenLength, out ReadOnlySpan<byte> token)
            || !reader.IsEnd)
        {
            failure = "malformed preferred_address";
            return false;
        }
        if (connectionId.Length is < 1 or > WireLimits.MaxConnectionIdLength)
        {
            failure = "preferred_address connection ID length outside 1..20";
            return false;
        }
        address = new PreferredAddress
        {
            IPv4Address = new IPAddress(ipv4),
            IPv4Port = ipv4Port,
            IPv6Address = new IPAddress(ipv6),
            IPv6Port = ipv6Port,
            ConnectionId = connectionId.ToArray(),
            StatelessResetToken = token.ToArray(),
        };
        failure = null;
        return true;
    }
}
