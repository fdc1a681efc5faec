namespace QuicKestrel.Protocol.Runtime;

/// <summary>
/// Something with at most one armed deadline in a <see cref="TimerHeap"/>. The heap keeps
/// its bookkeeping here, so arming, moving and cancelling find the entry in O(1) and
/// update it in place without searching or allocating.
/// </summary>
internal abstract class TimerEntry
{
    internal int TimerIndex = -1;
    internal long TimerDeadline = MonotonicClock.Never;
    internal long TimerSequence;

    public bool IsTimerArmed => TimerIndex >= 0;

    /// <summary>The armed deadline, or <see cref="MonotonicClock.Never"/>.</summary>
    public long ArmedDeadline => TimerDeadline;
}
