using System.Net;
using System.Runtime.CompilerServices;

namespace QuicKestrel.Protocol.Tests.Simulation;

internal struct InFlightDatagram
{
    public byte[] Buffer;
    public int Length;
    public IPEndPoint From;
    public IPEndPoint To;
    public EcnCodepoint Ecn;
    public DatagramEffects Effects;
    public SimLink Link;
}

/// <summary>Datagrams travelling on links, in reusable slots that delivery events point to.</summary>
internal sealed class InFlightStore
{
    private InFlightDatagram[] _slots = new InFlightDatagram[1024];
    private int[] _free = new int[1024];
    private int _freeCount;
    private int _used;

    /// <summary>Datagrams currently in flight.</summary>
    public int Count => _used - _freeCount;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add(in InFlightDatagram datagram)
    {
        int slot;
        if (_freeCount > 0)
        {
            slot = _free[--_freeCount];
        }
        else
        {
            if (_used == _slots.Length)
                Array.Resize(ref _slots, _slots.Length * 2);
            slot = _used++;
        }
        _slots[slot] = datagram;
        return slot;
    }

    public ref InFlightDatagram Get(int slot) => ref _slots[slot];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Release(int slot)
    {
        _slots[slot] = default;
        if (_freeCount == _free.Length)
            Array.Resize(ref _free, _free.Length * 2);
        _free[_freeCount++] = slot;
    }
}
