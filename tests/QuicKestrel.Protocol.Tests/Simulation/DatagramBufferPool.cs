using System.Runtime.CompilerServices;

namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>
/// Buffers for datagrams in flight, reused so the steady state allocates nothing. Two size
/// classes: ordinary datagrams and (rare) jumbo ones.
/// </summary>
internal sealed class DatagramBufferPool
{
    private const int SmallSize = 2048;
    private const int LargeSize = 65536;
    private readonly Stack<byte[]> _small = new();
    private readonly Stack<byte[]> _large = new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public byte[] Rent(int length)
    {
        if (length > LargeSize)
            throw new ArgumentOutOfRangeException(nameof(length), "A UDP datagram holds at most 65,535 bytes.");
        if (length <= SmallSize)
            return _small.TryPop(out var small) ? small : new byte[SmallSize];
        return _large.TryPop(out var large) ? large : new byte[LargeSize];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Return(byte[] buffer) => (buffer.Length == SmallSize ? _small : _large).Push(buffer);
}
