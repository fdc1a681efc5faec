using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using QuicKestrel.Protocol.Runtime.Datapath;

namespace QuicKestrel.Protocol.Api;

/// <summary>
/// An IP address and UDP port in MsQuic's <c>QUIC_ADDR</c> form: the 28-byte Linux
/// <c>sockaddr_in</c> / <c>sockaddr_in6</c> union (family in host byte order at offset 0,
/// port in network byte order at 2, IPv4 address at 4, IPv6 flow info at 4, IPv6 address at
/// 8, IPv6 scope id at 24). Address parameters (<see cref="QuicParam.ListenerLocalAddress"/>,
/// <see cref="QuicParam.ConnLocalAddress"/>, <see cref="QuicParam.ConnRemoteAddress"/>) travel
/// as these bytes, so <c>SetParam</c>/<c>GetParam</c> behave exactly as in MsQuic; convert
/// with <see cref="QuicAddress(IPEndPoint)"/> and <see cref="ToIPEndPoint"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
public readonly struct QuicAddress : IEquatable<QuicAddress>
{
    /// <summary>The size of the structure in bytes (<c>sizeof(QUIC_ADDR)</c> on Linux).</summary>
    public const int Size = 28;

    private const int PortOffset = 2;
    private const int IPv4Offset = 4;
    private const int IPv6Offset = 8;
    private const int ScopeIdOffset = 24;
    private const int IPv4Length = 4;
    private const int IPv6Length = 16;

    private readonly SockaddrBytes _bytes;

    /// <summary>The wildcard address of <paramref name="family"/> with <paramref name="port"/> (MsQuic: <c>QuicAddrSetFamily</c> + <c>QuicAddrSetPort</c> on a zeroed address).</summary>
    /// <param name="family"><see cref="QuicAddressFamily.Unspec"/> (dual-stack), <see cref="QuicAddressFamily.Inet"/> or <see cref="QuicAddressFamily.Inet6"/>.</param>
    /// <param name="port">The UDP port, 0 for any.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="family"/> is not one of the three families.</exception>
    public QuicAddress(QuicAddressFamily family, ushort port)
    {
        if (family is not (QuicAddressFamily.Unspec or QuicAddressFamily.Inet or QuicAddressFamily.Inet6))
            throw new ArgumentOutOfRangeException(nameof(family), family, "An address family is Unspec, Inet or Inet6.");
        Span<byte> bytes = _bytes;
        WriteFamilyAndPort(bytes, family, port);
    }

    /// <summary>The address of <paramref name="address"/> with <paramref name="port"/>; IPv6 keeps its scope id.</summary>
    /// <param name="address">An IPv4 or IPv6 address.</param>
    /// <param name="port">The UDP port.</param>
    /// <exception cref="ArgumentException"><paramref name="address"/> is neither IPv4 nor IPv6.</exception>
    public QuicAddress(IPAddress address, ushort port)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = _bytes;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            WriteFamilyAndPort(bytes, QuicAddressFamily.Inet, port);
            address.TryWriteBytes(bytes.Slice(IPv4Offset, IPv4Length), out _);
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            WriteFamilyAndPort(bytes, QuicAddressFamily.Inet6, port);
            address.TryWriteBytes(bytes.Slice(IPv6Offset, IPv6Length), out _);
            MemoryMarshal.Write(bytes.Slice(ScopeIdOffset), (uint)address.ScopeId);
        }
        else
        {
            throw new ArgumentException("Only IPv4 and IPv6 addresses can be used.", nameof(address));
        }
    }

    /// <summary>The address of <paramref name="endPoint"/>.</summary>
    /// <param name="endPoint">An IPv4 or IPv6 endpoint.</param>
    /// <exception cref="ArgumentException">The endpoint's address is neither IPv4 nor IPv6.</exception>
    public QuicAddress(IPEndPoint endPoint)
        : this((endPoint ?? throw new ArgumentNullException(nameof(endPoint))).Address, (ushort)endPoint.Port)
    {
    }

    /// <summary>The address family (MsQuic's <c>QuicAddrGetFamily</c>); <see cref="QuicAddressFamily.Unspec"/> for <c>default</c>.</summary>
    public QuicAddressFamily Family => (QuicAddressFamily)MemoryMarshal.Read<ushort>(Bytes);

    /// <summary>The UDP port in host byte order (MsQuic's <c>QuicAddrGetPort</c>).</summary>
    public ushort Port => BinaryPrimitives.ReadUInt16BigEndian(Bytes.Slice(PortOffset));

    /// <summary>The IPv6 scope id (interface index) of a link-local address; 0 for other families.</summary>
    public uint ScopeId => Family == QuicAddressFamily.Inet6 ? MemoryMarshal.Read<uint>(Bytes.Slice(ScopeIdOffset)) : 0;

    /// <summary>True for an unspecified family or an all-zero IPv4/IPv6 address (MsQuic's <c>QuicAddrIsWildcard</c>).</summary>
    public bool IsWildcard => Family switch
    {
        QuicAddressFamily.Inet => Bytes.Slice(IPv4Offset, IPv4Length).IndexOfAnyExcept((byte)0) < 0,
        QuicAddressFamily.Inet6 => Bytes.Slice(IPv6Offset, IPv6Length).IndexOfAnyExcept((byte)0) < 0,
        _ => true,
    };

    [UnscopedRef]
    private ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>
    /// The same address and port as an <see cref="IPEndPoint"/> (allocates). An address without
    /// a usable family (<see cref="QuicAddressFamily.Unspec"/>, the dual-stack wildcard, or an
    /// unknown value) becomes <c>[::]:port</c>.
    /// </summary>
    /// <returns>A new endpoint.</returns>
    public IPEndPoint ToIPEndPoint() => new(ToIPAddress(), Port);

    /// <summary>The address as an <see cref="IPAddress"/> (allocates); <see cref="IPAddress.IPv6Any"/> without a usable family.</summary>
    /// <returns>A new address.</returns>
    public IPAddress ToIPAddress() => Family switch
    {
        QuicAddressFamily.Inet => new IPAddress(Bytes.Slice(IPv4Offset, IPv4Length)),
        QuicAddressFamily.Inet6 => new IPAddress(Bytes.Slice(IPv6Offset, IPv6Length), ScopeId),
        _ => IPAddress.IPv6Any,
    };

    /// <summary>
    /// Parses "a.b.c.d", "a.b.c.d:port", "x:y::z", "[x:y::z]:port" (MsQuic's <c>QuicAddrFromString</c>);
    /// a missing port is 0.
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="address">The parsed address, or <c>default</c> on failure.</param>
    /// <returns>True when <paramref name="text"/> is an IP address with an optional port.</returns>
    public static bool TryParse(string? text, out QuicAddress address)
    {
        if (text is not null && IPEndPoint.TryParse(text, out IPEndPoint? endPoint))
        {
            address = new QuicAddress(endPoint);
            return true;
        }
        address = default;
        return false;
    }

    /// <summary>True when both name the same family, address, port and (IPv6) scope; padding bytes are ignored.</summary>
    /// <param name="other">The address to compare with.</param>
    /// <returns>Whether the addresses are equal.</returns>
    public bool Equals(QuicAddress other)
    {
        if (Family != other.Family || Port != other.Port)
            return false;
        return Family switch
        {
            QuicAddressFamily.Unspec => true,
            QuicAddressFamily.Inet => Bytes.Slice(IPv4Offset, IPv4Length).SequenceEqual(other.Bytes.Slice(IPv4Offset, IPv4Length)),
            QuicAddressFamily.Inet6 => Bytes.Slice(IPv6Offset, IPv6Length).SequenceEqual(other.Bytes.Slice(IPv6Offset, IPv6Length)) && ScopeId == other.ScopeId,
            _ => Bytes.SequenceEqual(other.Bytes),
        };
    }

    /// <summary>True when <paramref name="obj"/> is an equal <see cref="QuicAddress"/>.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns>Whether the addresses are equal.</returns>
    public override bool Equals(object? obj) => obj is QuicAddress other && Equals(other);

    /// <summary>A hash consistent with <see cref="Equals(QuicAddress)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Family);
        hash.Add(Port);
        hash.AddBytes(Family switch
        {
            QuicAddressFamily.Inet => Bytes.Slice(IPv4Offset, IPv4Length),
            QuicAddressFamily.Inet6 => Bytes.Slice(IPv6Offset, IPv6Length),
            _ => ReadOnlySpan<byte>.Empty,
        });
        return hash.ToHashCode();
    }

    /// <summary>True when the addresses are equal.</summary>
    /// <param name="left">The first address.</param>
    /// <param name="right">The second address.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(QuicAddress left, QuicAddress right) => left.Equals(right);

    /// <summary>True when the addresses differ.</summary>
    /// <param name="left">The first address.</param>
    /// <param name="right">The second address.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(QuicAddress left, QuicAddress right) => !left.Equals(right);

    /// <summary>The address as text, e.g. "127.0.0.1:443" or "[::1]:443" (MsQuic's <c>QuicAddrToString</c>).</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => ToIPEndPoint().ToString();

    /// <summary>The datapath's allocation-free endpoint for this address; <c>default</c> (no endpoint) for Unspec or an unknown family.</summary>
    internal UdpEndPoint ToUdpEndPoint() => Family switch
    {
        QuicAddressFamily.Inet => new UdpEndPoint(Bytes.Slice(IPv4Offset, IPv4Length), Port),
        QuicAddressFamily.Inet6 => new UdpEndPoint(Bytes.Slice(IPv6Offset, IPv6Length), Port, ScopeId),
        _ => default,
    };

    /// <summary>The address of a datapath endpoint; <c>default</c> (Unspec, port 0) for "no endpoint".</summary>
    internal static QuicAddress FromUdpEndPoint(in UdpEndPoint endPoint) => endPoint.IsNone ? default : new QuicAddress(endPoint);

    private QuicAddress(in UdpEndPoint endPoint)
    {
        Span<byte> bytes = _bytes;
        WriteFamilyAndPort(bytes, endPoint.IsIPv4 ? QuicAddressFamily.Inet : QuicAddressFamily.Inet6, endPoint.Port);
        endPoint.WriteAddress(bytes.Slice(endPoint.IsIPv4 ? IPv4Offset : IPv6Offset));
        if (endPoint.IsIPv6)
            MemoryMarshal.Write(bytes.Slice(ScopeIdOffset), endPoint.ScopeId);
    }

    private static void WriteFamilyAndPort(Span<byte> bytes, QuicAddressFamily family, ushort port)
    {
        MemoryMarshal.Write(bytes, (ushort)family);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.Slice(PortOffset), port);
    }

    [InlineArray(Size)]
    private struct SockaddrBytes
    {
        private byte _element;
    }
}
