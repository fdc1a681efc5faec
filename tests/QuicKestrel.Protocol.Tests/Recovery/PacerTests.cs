using QuicKestrel.Protocol.Recovery;
using static QuicKestrel.Protocol.Tests.Recovery.RecoveryTestKit;

namespace QuicKestrel.Protocol.Tests.Recovery;

public class PacerTests
{
    [Fact]
    public void The_first_flight_leaves_as_one_burst_of_up_to_ten_packets()
    {
        var pacer = new Pacer();
        pacer.Configure(12000, Ms(333), Mds, slowStart: true);
        Assert.Equal(12000, pacer.Allowance(0));
        pacer.Configure(100 * Mds, Ms(333), Mds, slowStart: true);
        Assert.Equal(10 * Mds, pacer.Allowance(0));
    }

    [Fact]
    public void Rate_is_five_quarters_of_cwnd_per_rtt_and_double_in_slow_start()
    {
        var pacer = new Pacer();
        pacer.Configure(120_000, Ms(100), Mds, slowStart: false);
        Assert.Equal(1.5, pacer.RateBytesPerMicro, 9);
        pacer.Configure(120_000, Ms(100), Mds, slowStart: true);
        Assert.Equal(2.4, pacer.RateBytesPerMicro, 9);
        pacer.Configure(120_000, Ms(100), Mds, slowStart: false, inRecovery: true);
        Assert.Equal(1.2, pacer.RateBytesPerMicro, 9); // refill no faster than the reduced window
    }

    [Fact]
    public void After_the_burst_the_next_packet_waits_for_its_tokens()
    {
        var pacer = new Pacer();
        pacer.Configure(120_000, Ms(100), Mds, slowStart: false);
        for (int i = 0; i < 10; i++)
            pacer.OnPacketSent(0, Mds);
        Assert.Equal(0, pacer.Allowance(0));
        Assert.Equal(800, pacer.NextSendTime(0, Mds)); // 1200 B at 1.5 B/µs
        Assert.Equal(Mds, pacer.Allowance(800));
    }

    [Fact]
    public void Idle_refills_only_up_to_the_burst_and_never_above_cwnd()
    {
        var pacer = new Pacer();
        pacer.Configure(120_000, Ms(100), Mds, slowStart: false);
        pacer.OnPacketSent(0, 10 * Mds);
        Assert.Equal(10 * Mds, pacer.Allowance(Ms(10_000)));

        pacer.Configure(2 * Mds, Ms(100), Mds, slowStart: false);
        Assert.Equal(2 * Mds, pacer.CapacityBytes);
        Assert.Equal(2 * Mds, pacer.Allowance(Ms(20_000)));
    }

    [Fact]
    public void At_a_gigabit_a_blocked_sender_wakes_once_per_small_burst_and_keeps_the_rate()
    {
        // 2.5 MB window over 20 ms: 156.25 B/µs paced, a 1200 B packet every 7.7 µs.
        var pacer = new Pacer();
        long cwnd = 2_500_000;
        pacer.Configure(cwnd, Ms(20), Mds, slowStart: false);
        Assert.Equal(9 * Mds, pacer.QuantumBytes);

        var (bytes, wakeUps) = Drive(pacer, Ms(1000));
        double expected = pacer.RateBytesPerMicro * Ms(1000);
        Assert.InRange(bytes, expected - 2 * Mds, expected + pacer.CapacityBytes + Mds);
        long packets = bytes / Mds;
        Assert.InRange(wakeUps, packets / 10, packets / 8); // one timer per 9 packets, not per packet
    }

    [Fact]
    public void At_ten_megabits_packets_are_spread_one_by_one_at_the_rate()
    {
        var pacer = new Pacer();
        pacer.Configure(37_500, Ms(30), Mds, slowStart: false); // 1.5625 B/µs
        Assert.Equal(Mds, pacer.QuantumBytes);
        var (bytes, wakeUps) = Drive(pacer, Ms(1000));
        double expected = pacer.RateBytesPerMicro * Ms(1000);
        Assert.InRange(bytes, expected - 2 * Mds, expected + pacer.CapacityBytes + Mds);
        Assert.InRange(wakeUps, bytes / Mds - 12, bytes / Mds);
    }

    [Fact]
    public void Loss_recovery_combines_window_room_and_pacing()
    {
        var recovery = CreateConfirmed(out _, new RecoveryOptions());
        Assert.Equal(12000, recovery.GetSendAllowance(0, out long next));
        Assert.Equal(0, next);
        for (long pn = 0; pn < 10; pn++)
            recovery.OnPacketSent(App, Data(pn, 0));
        Assert.Equal(0, recovery.GetSendAllowance(0, out next));
        Assert.Equal(RecoveryConstants.Never, next); // window full: wait for an ACK

        var unpaced = CreateConfirmed(out _);
        unpaced.OnPacketSent(App, Data(0, 0));
        Assert.Equal(12000 - Mds, unpaced.GetSendAllowance(0, out next));
        Assert.Equal(0, next);
    }

    [Fact]
    public void Loss_recovery_names_a_wake_up_time_when_pacing_blocks()
    {
        var recovery = CreateConfirmed(out _, new RecoveryOptions());
        long pn = 0;
        long now = recovery.WarmUp(App, ref pn, 0, Ms(100), 20); // window grows, RTT 100 ms
        long allowance = recovery.GetSendAllowance(now, out _);
        while (allowance >= Mds)
        {
            recovery.OnPacketSent(App, Data(pn++, now));
            allowance = recovery.GetSendAllowance(now, out _);
        }
        Assert.True(recovery.Congestion.AvailableWindow > Mds);
        recovery.GetSendAllowance(now, out long next);
        Assert.InRange(next, now + 1, now + Ms(10));
        Assert.True(recovery.GetSendAllowance(next, out long again) >= Mds);
        Assert.Equal(next, again);
    }

    /// <summary>A sender that always has data: sends what it may, then sleeps until told.</summary>
    private static (long Bytes, long WakeUps) Drive(Pacer pacer, long duration)
    {
        long now = 0, bytes = 0, wakeUps = 0;
        while (now < duration)
        {
            while (pacer.Allowance(now) >= Mds)
            {
                pacer.OnPacketSent(now, Mds);
                bytes += Mds;
            }
            now = pacer.NextSendTime(now, Mds);
            wakeUps++;
        }
        return (bytes, wakeUps);
    }
}
