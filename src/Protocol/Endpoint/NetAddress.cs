using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace QuicKestrel.Protocol.Endpoint;

/// <summary>
/// An IP address and UDP port as a plain value, so the endpoint can bind tokens to addresses,
/// route by address and queue replies without allocating. IPv4-mapped IPv6 addresses are
/// normalised to IPv4 (a dual-stack socket then reports IPv4 peers exactly as an IPv4 socket
/// would, and a token issued over one is valid over the other). The runtime's own endpoint type
/// lives above this layer; it converts with <see cref="NetAddress(ReadOnlySpan{byte}, ushort, uint)"/>.
/// </summary>
internal readonly struct NetAddress : IEquatable<NetAddress>
{
    public const int IPv4Length = 4;
    public const int IPv6Length = 16;

    // Address bytes in network order, read as two native words; IPv4 fills the first four bytes.
    private readonly ulong _head;
    private readonly ulong _tail;

    public NetAddress(ReadOnlySpan<byte> address, ushort port, uint scopeId = 0)
    {
        if (address.Length == IPv6Length && IsIPv4Mapped(address))
            address = address.Slice(12, IPv4Length);
        if (address.Length == IPv4Length)
        {
            _head = BinaryPrimitives.ReadUInt32LittleEndian(address);
            Family = AddressFamily.InterNetwork;
        }
        else if (address.Length == IPv6Length)
        {
            _head = MemoryMarshal.Read<ulong>(address);
            _tail = MemoryMarshal.Read<ulong>(address[8..]);
            Family = AddressFamily.InterNetworkV6;
            ScopeId = scopeId;
        }
        else
        {
            throw new ArgumentException("An IP address is 4 or 16 bytes.", nameof(address));
        }
        Port = port;
    }

    /// <summary>InterNetwork, InterNetworkV6, or Unspecified for <c>default</c> ("no address").</summary>
    public AddressFamily Family { get; }

    public ushort Port { get; }

    public uint ScopeId { get; }

    public bool IsNone => Family == AddressFamily.Unspecified;

    /// <summary>4, 16, or 0 for <c>default</c>.</summary>
    public int AddressLength => Family switch
    {
        AddressFamily.InterNetwork => IPv4Length,
        AddressFamily.InterNetworkV6 => IPv6Length,
        _ => 0,
    };

    /// <summary>Allocates: for tests, the simulator and diagnostics, not the packet path.</summary>
    public static NetAddress FromIPEndPoint(IPEndPoint endPoint)
    {
        Span<byte> bytes = stackalloc byte[IPv6Length];
        if (!endPoint.Address.TryWriteBytes(bytes, out int written))
            throw new ArgumentException("Unsupported address.", nameof(endPoint));
        uint scope = endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? (uint)endPoint.Address.ScopeId : 0;
        return new NetAddress(bytes[..written], (ushort)endPoint.Port, scope);
    }

    /// <summary>Writes the 4 or 16 address bytes in network order; returns how many.</summary>
    public int WriteAddress(Span<byte> destination)
    {
        switch (Family)
        {
            case AddressFamily.InterNetwork:
                BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)_head);
                return IPv4Length;
            case AddressFamily.InterNetworkV6:
                MemoryMarshal.Write(destination, in _head);
                MemoryMarshal.Write(destination[8..], in _tail);
                return IPv6Length;
            default:
                return 0;
        }
    }

    /// <summary>True when both carry the same IP address, whatever the ports.</summary>
    public bool HasSameIP(in NetAddress other) =>
        _head == other._head && _tail == other._tail && Family == other.Family && ScopeId == other.ScopeId;

    /// <summary>Allocates: for tests, the simulator and diagnostics, not the packet path.</summary>
    public IPEndPoint ToIPEndPoint()
    {
        Span<byte> bytes = stackalloc byte[IPv6Length];
        int length = WriteAddress(bytes);
        IPAddress address = length switch
        {
            IPv4Length => new IPAddress(bytes[..IPv4Length]),
            IPv6Length => new IPAddress(bytes, ScopeId),
            _ => IPAddress.None,
        };
        return new IPEndPoint(address, Port);
    }

    public bool Equals(NetAddress other) => HasSameIP(other) && Port == other.Port;

    public override bool Equals(object? obj) => obj is NetAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_head, _tail, Port, ScopeId);

    public static bool operator ==(NetAddress left, NetAddress right) => left.Equals(right);

    public static bool operator !=(NetAddress left, NetAddress right) => !left.Equals(right);

    public override string ToString() => IsNone ? "(none)" : ToIPEndPoint().ToString();

    private static bool IsIPv4Mapped(ReadOnlySpan<byte> address) =>
        address[..10].IndexOfAnyExcept((byte)0) < 0 && address[10] == 0xFF && address[11] == 0xFF;
}

/// <summary>The two ends of the path a datagram travelled: our address (as the peer used it) and the peer's.</summary>
internal readonly record struct DatagramAddresses(NetAddress Local, NetAddress Remote);
