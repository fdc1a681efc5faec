using QuicKestrel.Protocol.Connection;
using QuicKestrel.Protocol.Crypto;
using QuicKestrel.Protocol.Wire;

namespace QuicKestrel.Protocol.Tests.Connection;

/// <summary>
/// Builds packets carrying arbitrary frame bytes for a pair running with null protection, so
/// tests can feed a connection frames a correct peer would never send.
/// </summary>
internal static class PacketForger
{
    /// <summary>Sends <paramref name="frames"/> in a 1-RTT packet with a fresh packet number to one side.</summary>
    public static bool SendOneRtt(ConnectionPair pair, bool toServer, ReadOnlySpan<byte> frames, long packetNumber = 1_000_000)
    {
        QuicConnection target = toServer ? pair.Server! : pair.Client;
        byte[] packet = BuildOneRtt(target.LocalIds.Initial.Span, packetNumber, frames, target.ApplicationKeys.KeyPhase);
        pair.Inject(toServer, packet);
        return true;
    }

    public static byte[] BuildOneRtt(ReadOnlySpan<byte> destination, long packetNumber, ReadOnlySpan<byte> frames, bool keyPhase = false)
    {
        var buffer = new byte[1 + destination.Length + 4 + Math.Max(frames.Length, 4) + PacketProtection.TagLength];
        PacketHeaderWriter.TryWriteShortHeader(buffer, destination, packetNumber, 4, keyPhase, false, out int header);
        frames.CopyTo(buffer.AsSpan(header));
        int payload = Math.Max(frames.Length, 4);
        new NullPacketProtection().Protect(buffer, header - 4, 4, payload, (ulong)packetNumber);
        return buffer;
    }

    /// <summary>A long-header packet (Initial/Handshake) with the given frames, null-protected.</summary>
    public static byte[] BuildLong(PacketType type, uint version, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> source,
        long packetNumber, ReadOnlySpan<byte> frames, int padTo = 0)
    {
        int payload = Math.Max(frames.Length, 4);
        var buffer = new byte[Math.Max(padTo, 64 + destination.Length + source.Length + payload + PacketProtection.TagLength)];
        PacketHeaderWriter.TryWriteLongHeader(buffer, type, version, destination, source, default, packetNumber, 4, out LongHeaderLayout layout);
        frames.CopyTo(buffer.AsSpan(layout.HeaderLength));
        payload = Math.Max(payload, padTo - layout.HeaderLength - PacketProtection.TagLength);
        layout.WriteLength(buffer, payload + PacketProtection.TagLength);
        int length = new NullPacketProtection().Protect(buffer, layout.PacketNumberOffset, 4, payload, (ulong)packetNumber);
        return buffer.AsSpan(0, length).ToArray();
    }
}
