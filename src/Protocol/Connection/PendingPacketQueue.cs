using System.Buffers;
using QuicKestrel.Protocol.Crypto;

namespace QuicKestrel.Protocol.Connection;

/// <summary>
/// Packets that arrived before their keys (RFC 9001 §5.7, §4.1.4): Handshake or 1-RTT packets
/// reordered ahead of the flight that yields their keys, 0-RTT packets before the server's TLS
/// has decided. A few are kept as copies (bounded in count and bytes) and replayed once their
/// keys are installed; they are dropped when their keys can no longer come.
/// </summary>
internal sealed class PendingPacketQueue
{
    public const int MaxPackets = 16;

    private readonly Entry[] _entries = new Entry[MaxPackets];
    private readonly ArrayPool<byte> _pool;
    private int _count;

    public PendingPacketQueue(ArrayPool<byte> pool) => _pool = pool;

    public int Count => _count;

    /// <summary>Keeps a copy; false (dropped) when full.</summary>
    public bool TryAdd(EncryptionLevel level, ReadOnlySpan<byte> packet, in PathAddresses path, EcnMarking ecn)
    {
        if (_count == MaxPackets)
            return false;
        byte[] buffer = _pool.Rent(packet.Length);
        packet.CopyTo(buffer);
        _entries[_count++] = new Entry(level, buffer, packet.Length, path, ecn);
        return true;
    }

    /// <summary>Takes the oldest packet for <paramref name="level"/>; the caller returns the buffer with <see cref="Return"/>.</summary>
    public bool TryTake(EncryptionLevel level, out byte[] buffer, out int length, out PathAddresses path, out EcnMarking ecn)
    {
        for (int i = 0; i < _count; i++)
        {
            Entry entry = _entries[i];
            if (entry.Level != level)
                continue;
            RemoveAt(i);
            buffer = entry.Buffer;
            length = entry.Length;
            path = entry.Path;
            ecn = entry.Ecn;
            return true;
        }
        buffer = [];
        length = 0;
        path = default;
        ecn = default;
        return false;
    }

    public void Return(byte[] buffer) => _pool.Return(buffer);

    /// <summary>Drops every packet of <paramref name="level"/> (its keys will never come).</summary>
    public void Drop(EncryptionLevel level)
    {
        for (int i = _count - 1; i >= 0; i--)
        {
            if (_entries[i].Level != level)
                continue;
            _pool.Return(_entries[i].Buffer);
            RemoveAt(i);
        }
    }

    public void Clear()
    {
        for (int i = 0; i < _count; i++)
            _pool.Return(_entries[i].Buffer);
        Array.Clear(_entries);
        _count = 0;
    }

    private void RemoveAt(int index)
    {
        Array.Copy(_entries, index + 1, _entries, index, _count - index - 1);
        _entries[--_count] = default;
    }

    private readonly record struct Entry(EncryptionLevel Level, byte[] Buffer, int Length, PathAddresses Path, EcnMarking Ecn);
}
