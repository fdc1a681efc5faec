using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Runtime.Datapath;

/// <summary>
/// An IP address and UDP port as a plain value, so the packet path can carry, compare and
/// hash endpoints without allocating (unlike <see cref="IPEndPoint"/>). IPv4-mapped IPv6
/// addresses (::ffff:a.b.c.d) are always normalised to plain IPv4, so a dual-stack socket
/// reports IPv4 peers exactly as an IPv4 socket would.
/// </summary>
internal readonly struct UdpEndPoint : IEquatable<UdpEndPoint>
{
    public const int IPv4AddressLength = 4;
    public const int IPv6AddressLength = 16;

    // The address bytes in network order, read from memory as two native words; IPv4
    // uses the first four bytes of _head and leaves the rest zero.
    private readonly ulong _head;
    private readonly ulong _tail;

    public UdpEndPoint(ReadOnlySpan<byte> address, ushort port, uint scopeId = 0)
    {
        if (address.Length == IPv6AddressLength && IsIPv4Mapped(address))
            address = address.Slice(12, IPv4AddressLength);

        if (address.Length == IPv4AddressLength)
        {
            _head = BinaryPrimitives.ReadUInt32LittleEndian(address);
            Family = AddressFamily.InterNetwork;
        }
        else if (address.Length == IPv6AddressLength)
        {
            _head = MemoryMarshal.Read<ulong>(address);
            _tail = MemoryMarshal.Read<ulong>(address.Slice(8));
            Family = AddressFamily.InterNetworkV6;
            ScopeId = scopeId;
        }
        else
        {
            throw new ArgumentException("An IP address is 4 or 16 bytes.", nameof(address));
        }

        Port = port;
    }

    /// <summary>InterNetwork, InterNetworkV6, or Unspecified for <c>default</c> ("no endpoint").</summary>
    public AddressFamily Family { get; }

    public ushort Port { get; }

    /// <summary>IPv6 scope (interface index) for link-local addresses; 0 otherwise.</summary>
    public uint ScopeId { get; }

    public bool IsNone => Family == AddressFamily.Unspecified;
    public bool IsIPv4 => Family == AddressFamily.InterNetwork;
    public bool IsIPv6 => Family == AddressFamily.InterNetworkV6;
    public int AddressLength => IsIPv4 ? IPv4AddressLength : IsIPv6 ? IPv6AddressLength : 0;

    /// <summary>True for 0.0.0.0 and ::.</summary>
    public bool IsWildcard => !IsNone && _head == 0 && _tail == 0;

    public static UdpEndPoint IPv4Loopback(ushort port) => new([127, 0, 0, 1], port);
    public static UdpEndPoint IPv6Loopback(ushort port) => new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], port);
    public static UdpEndPoint IPv4Any(ushort port) => new([0, 0, 0, 0], port);
    public static UdpEndPoint IPv6Any(ushort port) => new(stackalloc byte[IPv6AddressLength], port);

    public static UdpEndPoint FromIPEndPoint(IPEndPoint endPoint) =>
        FromIPAddress(endPoint.Address, (ushort)endPoint.Port);

    public static UdpEndPoint FromIPAddress(IPAddress address, ushort port)
    {
        Span<byte> bytes = stackalloc byte[IPv6AddressLength];
        if (!address.TryWriteBytes(bytes, out int written))
            throw new ArgumentException("Unsupported address.", nameof(address));
        uint scope = address.AddressFamily == AddressFamily.InterNetworkV6 ? (uint)address.ScopeId : 0;
        return new UdpEndPoint(bytes[..written], port, scope);
    }

    public UdpEndPoint WithPort(ushort port)
    {
        Span<byte> bytes = stackalloc byte[IPv6AddressLength];
        return new UdpEndPoint(bytes[..WriteAddress(bytes)], port, ScopeId);
    }

    /// <summary>Writes the 4 or 16 address bytes (network order); returns how many.</summary>
    public int WriteAddress(Span<byte> destination)
    {
        if (IsIPv4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)_head);
            return IPv4AddressLength;
        }
        if (IsIPv6)
        {
            MemoryMarshal.Write(destination, in _head);
            MemoryMarshal.Write(destination.Slice(8), in _tail);
            return IPv6AddressLength;
        }
        return 0;
    }

    /// <summary>The 16-byte IPv6 form: IPv6 as is, IPv4 as ::ffff:a.b.c.d (for dual-stack sockets).</summary>
    public void WriteIPv6MappedAddress(Span<byte> destination)
    {
        if (IsIPv6)
        {
            WriteAddress(destination);
            return;
        }
        destination[..10].Clear();
        destination[10] = 0xFF;
        destination[11] = 0xFF;
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(12), (uint)_head);
    }

    /// <summary>Allocates: for the API layer and diagnostics, not the packet path.</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[IPv6AddressLength];
        int length = WriteAddress(bytes);
        if (length == 0)
            return IPAddress.None;
        return length == IPv6AddressLength ? new IPAddress(bytes, ScopeId) : new IPAddress(bytes[..length]);
    }

    /// <summary>Allocates: for the API layer and diagnostics, not the packet path.</summary>
    public IPEndPoint ToIPEndPoint() => new(ToIPAddress(), Port);

    public bool Equals(UdpEndPoint other) =>
        _head == other._head && _tail == other._tail && Port == other.Port
        && Family == other.Family && ScopeId == other.ScopeId;

    public override bool Equals(object? obj) => obj is UdpEndPoint other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_head, _tail, Port, ScopeId);

    public static bool operator ==(UdpEndPoint left, UdpEndPoint right) => left.Equals(right);

    public static bool operator !=(UdpEndPoint left, UdpEndPoint right) => !left.Equals(right);

    public override string ToString() => IsNone ? "(none)" : ToIPEndPoint().ToString();

    private static bool IsIPv4Mapped(ReadOnlySpan<byte> address) =>
        address[..10].IndexOfAnyExcept((byte)0) < 0 && address[10] == 0xFF && address[11] == 0xFF;
}
