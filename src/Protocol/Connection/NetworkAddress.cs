using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// An IP address and UDP port as a plain value, so the connection can remember and compare the
/// addresses of its path without allocating per datagram. The layers above convert their own
/// address types (the runtime's endpoint value, <see cref="IPEndPoint"/> in the simulator).
/// </summary>
internal readonly struct NetworkAddress : IEquatable<NetworkAddress>
{
    private readonly ulong _high;
    private readonly ulong _low;

    public NetworkAddress(ReadOnlySpan<byte> address, ushort port)
    {
        if (address.Length == 4)
        {
            _high = BinaryPrimitives.ReadUInt32BigEndian(address);
            Family = AddressFamily.InterNetwork;
        }
        else if (address.Length == 16)
        {
            _high = BinaryPrimitives.ReadUInt64BigEndian(address);
            _low = BinaryPrimitives.ReadUInt64BigEndian(address[8..]);
            Family = AddressFamily.InterNetworkV6;
        }
        else
        {
            throw new ArgumentException("An IP address is 4 or 16 bytes.", nameof(address));
        }
        Port = port;
    }

    /// <summary>Unspecified for <c>default</c> ("no address").</summary>
    public AddressFamily Family { get; }

    public ushort Port { get; }

    public bool IsNone => Family == AddressFamily.Unspecified;

    public bool IsIPv6 => Family == AddressFamily.InterNetworkV6;

    /// <summary>UDP payload bytes that fit an IP packet of <paramref name="ipMtu"/> bytes on this family (IPv4 28, IPv6 48 bytes of headers).</summary>
    public int PayloadSizeForMtu(int ipMtu) => ipMtu - (IsIPv6 ? 48 : 28);

    public static NetworkAddress FromEndPoint(IPEndPoint endPoint)
    {
        Span<byte> bytes = stackalloc byte[16];
        endPoint.Address.TryWriteBytes(bytes, out int written);
        return new NetworkAddress(bytes[..written], (ushort)endPoint.Port);
    }

    public IPEndPoint ToEndPoint()
    {
        Span<byte> bytes = stackalloc byte[16];
        int length = WriteAddress(bytes);
        return new IPEndPoint(new IPAddress(bytes[..length]), Port);
    }

    /// <summary>Writes the address bytes (4 or 16) and returns how many.</summary>
    public int WriteAddress(Span<byte> destination)
    {
        if (Family == AddressFamily.InterNetwork)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_high);
            return 4;
        }
        if (Family == AddressFamily.InterNetworkV6)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
            BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
            return 16;
        }
        return 0;
    }

    /// <summary>True when only the port differs (RFC 9000 §9.4: a NAT rebinding keeping the IP address).</summary>
    public bool HasSameIp(in NetworkAddress other) => Family == other.Family && _high == other._high && _low == other._low;

    public bool Equals(NetworkAddress other) => HasSameIp(other) && Port == other.Port;

    public override bool Equals(object? obj) => obj is NetworkAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low, Port, Family);

    public override string ToString() => IsNone ? "none" : ToEndPoint().ToString();

    public static bool operator ==(NetworkAddress left, NetworkAddress right) => left.Equals(right);

    public static bool operator !=(NetworkAddress left, NetworkAddress right) => !left.Equals(right);
}

/// <summary>The two ends of a network path as the connection sees them.</summary>
internal readonly record struct PathAddresses(NetworkAddress Local, NetworkAddress Remote);

/// <summary>The ECN bits of a datagram's IP header (RFC 3168 §5), as received or to be sent.</summary>
internal enum EcnMarking : byte
{
    NotEct = 0b00,
    Ect1 = 0b01,
    Ect0 = 0b10,
    Ce = 0b11,
}

/// <summary>
/// What <see cref="QuicConnection.PollTransmit"/> wrote: <see cref="DatagramCount"/> datagrams,
/// all but the last exactly <see cref="SegmentSize"/> bytes (UDP GSO), <see cref="Length"/>
/// bytes in total, to be sent on <see cref="Path"/> with the <see cref="Ecn"/> mark.
/// </summary>
internal readonly record struct Transmit(int Length, int SegmentSize, int DatagramCount, PathAddresses Path, EcnMarking Ecn);
