using Microsoft.AspNetCore.Connections;
using QuicKestrel.Protocol.Api;

namespace QuicKestrel.Transport.Internal;

/// <summary>Turns a failed API status into the exception Kestrel expects for it.</summary>
internal static class QuicTransportException
{
    public static Exception From(QuicStatus status, string call) => status switch
    {
        // AlpnInUse: another listener of this process serves the same ALPN on that address.
        QuicStatus.AddressInUse or QuicStatus.AlpnInUse =>
            new AddressInUseException($"{call} failed: the address is already in use ({status})."),
        QuicStatus.AddressNotAvailable or QuicStatus.InvalidAddress =>
            new IOException($"{call} failed: the address is not available on this host ({status})."),
        _ => new IOException($"{call} failed with QUIC status {status} ({(int)status})."),
    };
}
