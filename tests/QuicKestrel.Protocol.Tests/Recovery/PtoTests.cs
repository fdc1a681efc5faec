using QuicKestrel.Protocol.Recovery;
using static QuicKestrel.Protocol.Tests.Recovery.RecoveryTestKit;

namespace QuicKestrel.Protocol.Tests.Recovery;

public class PtoTests
{
    [Fact]
    public void First_pto_is_one_second_after_the_first_initial()
    {
        var recovery = Create(out _);
        recovery.OnPacketSent(Initial, Data(0, Ms(5)));
        Assert.Equal(Ms(5) + Ms(999), recovery.LossDetectionTimer);
    }

    [Fact]
    public void Pto_is_smoothed_plus_four_rttvar_without_max_ack_delay_in_handshake_spaces()
    {
        var recovery = Create(out _);
        recovery.OnPacketSent(Handshake, Data(0, 0));
        recovery.Ack(Handshake, 0, 0, Ms(100)); // srtt 100, rttvar 50
        recovery.OnPacketSent(Handshake, Data(1, Ms(200)));
        Assert.Equal(Ms(200) + Ms(100) + 4 * Ms(50), recovery.LossDetectionTimer);
    }

    [Fact]
    public void Application_pto_adds_max_ack_delay_and_granularity_floors_rttvar()
    {
        var recovery = CreateConfirmed(out _);
        recovery.PeerMaxAckDelayMicros = Ms(20);
        long pn = 0;
        long now = recovery.WarmUp(App, ref pn, 0, Ms(10), 60); // rttvar decays below 250 µs
        Assert.True(4 * recovery.Rtt.RttVar < RecoveryConstants.GranularityMicros);
        recovery.OnPacketSent(App, Data(pn, now));
        Assert.Equal(now + Ms(10) + RecoveryConstants.GranularityMicros + Ms(20), recovery.LossDetectionTimer);
        Assert.Equal(Ms(10) + RecoveryConstants.GranularityMicros + Ms(20), recovery.PtoPeriod);
    }

    [Fact]
    public void Pto_backs_off_exponentially_and_asks_for_two_probes_in_its_space()
    {
        var recovery = CreateConfirmed(out var listener);
        recovery.OnPacketSent(App, Data(0, 0));
        long pto = Ms(999) + RecoveryConstants.DefaultMaxAckDelayMicros;
        Assert.Equal(pto, recovery.LossDetectionTimer);

        Assert.Equal(LossTimerOutcome.ProbeScheduled, recovery.OnLossDetectionTimeout(pto));
        Assert.Equal(1, recovery.PtoCount);
        Assert.Equal(2, recovery.ProbesPending(App));
        Assert.Empty(listener.Lost); // a PTO declares nothing lost
        Assert.Equal(2 * pto, recovery.LossDetectionTimer);

        // The probes are sent regardless of the window; each ack-eliciting packet pays one off.
        recovery.OnPacketSent(App, Data(1, pto));
        recovery.OnPacketSent(App, Data(2, pto));
        Assert.Equal(0, recovery.ProbesPending(App));
        Assert.Equal(pto + 2 * pto, recovery.LossDetectionTimer);

        recovery.OnLossDetectionTimeout(3 * pto);
        Assert.Equal(2, recovery.PtoCount);
        Assert.Equal(pto + 4 * pto, recovery.LossDetectionTimer);
    }

    [Fact]
    public void An_ack_resets_the_backoff()
    {
        var recovery = CreateConfirmed(out _);
        recovery.OnPacketSent(App, Data(0, 0));
        recovery.OnLossDetectionTimeout(recovery.LossDetectionTimer);
        recovery.OnPacketSent(App, Data(1, Ms(1100)));
        Assert.Equal(1, recovery.PtoCount);
        recovery.Ack(App, 1, 1, Ms(1200));
        Assert.Equal(0, recovery.PtoCount);
    }

    [Fact]
    public void A_client_keeps_the_backoff_on_initial_acks_until_the_server_validated_its_address()
    {
        var recovery = Create(out _);
        recovery.OnPacketSent(Initial, Data(0, 0));
        recovery.OnLossDetectionTimeout(Ms(999));
        recovery.OnPacketSent(Initial, Data(1, Ms(999)));
        recovery.Ack(Initial, 1, 1, Ms(1100));
        Assert.Equal(1, recovery.PtoCount); // §6.2.1: only once the peer completed address validation
        Assert.False(recovery.PeerCompletedAddressValidation);

        recovery.OnHandshakeKeysAvailable(Ms(1100));
        recovery.OnPacketSent(Handshake, Data(0, Ms(1101)));
        recovery.Ack(Handshake, 0, 0, Ms(1200));
        Assert.True(recovery.PeerCompletedAddressValidation);
        Assert.Equal(0, recovery.PtoCount);
    }

    [Fact]
    public void No_application_pto_before_the_handshake_is_confirmed()
    {
        var server = Create(out _, isServer: true);
        server.DiscardSpace(Initial, 0);
        server.OnPacketSent(App, Data(0, Ms(10))); // 0.5-RTT data
        Assert.Equal(RecoveryConstants.Never, server.LossDetectionTimer);

        server.OnPacketSent(Handshake, Data(0, Ms(20)));
        Assert.Equal(Ms(20) + Ms(999), server.LossDetectionTimer); // only the Handshake space counts
        server.Ack(Handshake, 0, 0, Ms(120));
        Assert.Equal(RecoveryConstants.Never, server.LossDetectionTimer);

        server.OnHandshakeConfirmed(Ms(130));
        Assert.Equal(Ms(10) + server.Rtt.PtoBase + RecoveryConstants.DefaultMaxAckDelayMicros, server.LossDetectionTimer);
    }

    [Fact]
    public void The_earliest_of_initial_and_handshake_ptos_wins()
    {
        var recovery = Create(out _);
        recovery.OnPacketSent(Initial, Data(0, 0));
        recovery.OnHandshakeKeysAvailable(Ms(5));
        recovery.OnPacketSent(Handshake, Data(0, Ms(100)));
        Assert.Equal(Ms(999), recovery.LossDetectionTimer);
        recovery.OnLossDetectionTimeout(Ms(999));
        Assert.Equal(2, recovery.ProbesPending(Initial));
        Assert.Equal(0, recovery.ProbesPending(Handshake));
        // With the backoff, Initial's 0 + 2 s is still earlier than Handshake's 0.1 + 2 s.
        Assert.Equal(2 * Ms(999), recovery.LossDetectionTimer);
    }

    [Fact]
    public void Client_anti_deadlock_probe_goes_in_initial_then_handshake()
    {
        var recovery = Create(out _);
        recovery.OnPacketSent(Initial, Data(0, 0));
        recovery.Ack(Initial, 0, 0, Ms(100)); // nothing in flight, server has not validated us
        Assert.Equal(0, recovery.AckElicitingInFlight);
        long pto = Ms(100) + 4 * Ms(50);
        Assert.Equal(Ms(100) + pto, recovery.LossDetectionTimer);

        Assert.Equal(LossTimerOutcome.ProbeScheduled, recovery.OnLossDetectionTimeout(Ms(100) + pto));
        Assert.Equal(1, recovery.ProbesPending(Initial)); // a padded Initial earns the server more credit
        Assert.Equal(1, recovery.PtoCount);
        Assert.Equal(Ms(100) + pto + 2 * pto, recovery.LossDetectionTimer);

        recovery.OnHandshakeKeysAvailable(Ms(500));
        recovery.OnLossDetectionTimeout(recovery.LossDetectionTimer);
        Assert.Equal(1, recovery.ProbesPending(Handshake)); // a Handshake packet proves address ownership
    }

    [Fact]
    public void A_client_with_only_zero_rtt_in_flight_keeps_the_anti_deadlock_timer()
    {
        var recovery = Create(out _);
        recovery.OnPacketSent(Initial, Data(0, 0));
        recovery.OnPacketSent(App, new SentPacket(0, Ms(1), Mds, SentPacketFlags.AckEliciting | SentPacketFlags.InFlight | SentPacketFlags.ZeroRtt, 0));
        recovery.Ack(Initial, 0, 0, Ms(100)); // the server's Handshake flight is then lost
        long pto = Ms(100) + 4 * Ms(50);
        Assert.Equal(Ms(100) + pto, recovery.LossDetectionTimer);
        Assert.Equal(LossTimerOutcome.ProbeScheduled, recovery.OnLossDetectionTimeout(Ms(100) + pto));
        Assert.Equal(1, recovery.ProbesPending(Initial));
        Assert.Equal(0, recovery.ProbesPending(App));
    }

    [Fact]
    public void Nothing_in_flight_and_address_validated_means_no_timer()
    {
        var server = Create(out _, isServer: true);
        Assert.Equal(RecoveryConstants.Never, server.LossDetectionTimer);
        server.OnPacketSent(Initial, Data(0, 0));
        server.Ack(Initial, 0, 0, Ms(50));
        Assert.Equal(RecoveryConstants.Never, server.LossDetectionTimer);
        Assert.Equal(LossTimerOutcome.NotDue, server.OnLossDetectionTimeout(Ms(5000)));
    }

    [Fact]
    public void An_amplification_blocked_server_arms_no_timer_until_unblocked()
    {
        var server = Create(out _, isServer: true);
        server.OnPacketSent(Initial, Data(0, 0));
        server.SetAmplificationBlocked(true, Ms(1));
        Assert.Equal(RecoveryConstants.Never, server.LossDetectionTimer);
        server.SetAmplificationBlocked(false, Ms(300));
        Assert.Equal(Ms(999), server.LossDetectionTimer);
    }

    [Fact]
    public void Discarding_a_space_removes_its_bytes_and_resets_the_timer()
    {
        var recovery = Create(out var listener);
        recovery.OnPacketSent(Initial, Data(0, 0, token: 9));
        recovery.OnHandshakeKeysAvailable(0);
        recovery.OnPacketSent(Handshake, Data(0, Ms(50)));
        recovery.OnLossDetectionTimeout(Ms(999));
        Assert.Equal(1, recovery.PtoCount);
        long window = recovery.Congestion.CongestionWindow;

        recovery.DiscardSpace(Initial, Ms(1000));
        Assert.Equal(new long[] { 9 }, listener.Discarded.Select(d => d.Token));
        Assert.Empty(listener.Lost);
        Assert.Equal(Mds, recovery.Congestion.BytesInFlight);
        Assert.Equal(window, recovery.Congestion.CongestionWindow); // no congestion signal
        Assert.Equal(0, recovery.PtoCount);
        Assert.Equal(0, recovery.ProbesPending(Initial));
        Assert.Equal(Ms(50) + Ms(999), recovery.LossDetectionTimer);
        Assert.True(recovery.IsDiscarded(Initial));
    }
}
