using QuicKestrel.Protocol.Crypto;
using System.Runtime.CompilerServices;

namespace QuicKestrel.Protocol.Tests.Simulation;

/// <summary>The random-loss state of one link direction (independent, bounded bursts or Gilbert-Elliott).</summary>
internal sealed class LossProcess
{
    private int _burstLeft;
    private bool _gapRequired;
    private bool _bad;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool ShouldDrop(LinkOptions options, SeededRandomSource random)
    {
        if (options.GilbertElliott is { } ge)
            return GilbertElliott(ge, random);
        if (options.LossBurstMax > 0)
            return Bursty(options, random);
        return options.LossRate > 0 && random.NextDouble() < options.LossRate;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Bursty(LinkOptions options, SeededRandomSource random)
    {
        if (_burstLeft > 0)
        {
            _burstLeft--;
            _gapRequired = _burstLeft == 0;
            return true;
        }
        if (_gapRequired)
        {
            _gapRequired = false;
            return false;
        }
        if (options.LossRate <= 0 || random.NextDouble() >= options.BurstStartProbability())
            return false;
        _burstLeft = random.NextInt(options.LossBurstMax);
        _gapRequired = _burstLeft == 0;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool GilbertElliott(GilbertElliottLoss ge, SeededRandomSource random)
    {
        bool lost = random.NextDouble() < (_bad ? ge.LossInBad : ge.LossInGood);
        if (random.NextDouble() < (_bad ? ge.BadToGood : ge.GoodToBad))
            _bad = !_bad;
        return lost;
    }
}
